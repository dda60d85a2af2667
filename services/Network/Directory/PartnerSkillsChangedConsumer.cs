using Marketplace.Contracts;
using Marketplace.Messaging;
using Marketplace.Network.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Network.Directory;

public sealed class PartnerSkillsChangedConsumer(NetworkDbContext db, TimeProvider clock)
    : InboxConsumer<PartnerSkillsChanged, NetworkDbContext>(db, clock)
{
    protected override async Task HandleAsync(PartnerSkillsChanged message, CancellationToken ct)
    {
        var version = await Db.DirectorySkillsVersions.FindAsync([message.FirmId], ct);
        if (version is not null && version.SnapshotAt > message.OccurredAt)
        {
            return; // a newer snapshot is already here
        }
        if (version is null)
        {
            Db.DirectorySkillsVersions.Add(new DirectorySkillsVersion { FirmId = message.FirmId, SnapshotAt = message.OccurredAt });
        }
        else
        {
            version.SnapshotAt = message.OccurredAt;
        }
        await Db.DirectorySkills.Where(s => s.FirmId == message.FirmId).ExecuteDeleteAsync(ct);
        Db.DirectorySkills.AddRange(message.Skills.Select(s => new DirectorySkill
        {
            FirmId = message.FirmId, SkillId = s.SkillId, Level = s.Level, Verified = s.Verified, VerifiedUntil = s.VerifiedUntil,
        }));
    }
}

public sealed class PartnerSkillsChangedConsumerDefinition : InboxConsumerDefinition<PartnerSkillsChangedConsumer>;
