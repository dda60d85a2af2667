using Marketplace.Contracts;
using Marketplace.Matching.Data;
using Marketplace.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Matching.Skills;

/// <summary>Replaces a partner's skills with Catalog's snapshot; verification is kept as a date so it lapses by itself.</summary>
public sealed class PartnerSkillsChangedConsumer(MatchingDbContext db, TimeProvider clock)
    : InboxConsumer<PartnerSkillsChanged, MatchingDbContext>(db, clock)
{
    protected override async Task HandleAsync(PartnerSkillsChanged message, CancellationToken ct)
    {
        var version = await Db.PartnerSkillsVersions.FindAsync([message.FirmId], ct);
        if (version is null)
        {
            Db.PartnerSkillsVersions.Add(new PartnerSkillsVersion { FirmId = message.FirmId, SnapshotAt = message.OccurredAt });
        }
        else if (version.SnapshotAt > message.OccurredAt)
        {
            return;
        }
        else
        {
            version.SnapshotAt = message.OccurredAt;
        }
        await Db.PartnerSkills.Where(s => s.FirmId == message.FirmId).ExecuteDeleteAsync(ct);
        Db.PartnerSkills.AddRange(message.Skills.Select(s => new PartnerSkillRow
        {
            FirmId = message.FirmId, SkillId = s.SkillId, Level = s.Level, Years = s.Years, VerifiedUntil = s.Verified ? s.VerifiedUntil : null,
        }));
    }
}

public sealed class PartnerSkillsChangedConsumerDefinition : InboxConsumerDefinition<PartnerSkillsChangedConsumer>;
