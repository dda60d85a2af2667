using Marketplace.Contracts;
using Marketplace.Messaging;
using Marketplace.Scheduling.Capacity;
using Marketplace.Scheduling.Data;

namespace Marketplace.Scheduling.Firms;

/// <summary>Which skills a firm claims, at what level: availability for a skill looks only among firms that claim it.</summary>
public sealed class PartnerSkillsChangedConsumer(SchedulingDbContext db, TimeProvider clock)
    : InboxConsumer<PartnerSkillsChanged, SchedulingDbContext>(db, clock)
{
    protected override async Task HandleAsync(PartnerSkillsChanged message, CancellationToken ct)
    {
        var calendar = await Db.FirmCalendars.FindAsync([message.FirmId], ct);
        if (calendar is null)
        {
            calendar = FirmCalendar.Unknown(message.FirmId);
            Db.FirmCalendars.Add(calendar);
        }
        else if (calendar.SkillsAt > message.OccurredAt)
        {
            return; // a later snapshot is already here
        }
        calendar.Skills = [.. message.Skills.Select(s => new FirmSkill { SkillId = s.SkillId, Level = s.Level })];
        calendar.SkillsAt = message.OccurredAt;
        await Db.MarkCapacityChangedAsync(message.FirmId, ct);
    }
}

public sealed class PartnerSkillsChangedConsumerDefinition : InboxConsumerDefinition<PartnerSkillsChangedConsumer>;
