using Marketplace.Contracts;
using Marketplace.Messaging;
using Marketplace.Scheduling.Capacity;
using Marketplace.Scheduling.Data;
using Marketplace.Calendar;

namespace Marketplace.Scheduling.Firms;

public sealed class FirmUpdatedConsumer(SchedulingDbContext db, TimeProvider clock)
    : InboxConsumer<FirmUpdated, SchedulingDbContext>(db, clock)
{
    protected override async Task HandleAsync(FirmUpdated message, CancellationToken ct)
    {
        var calendar = await Db.FirmCalendars.FindAsync([message.FirmId], ct);
        if (calendar is null)
        {
            calendar = new FirmCalendar { FirmId = message.FirmId };
            Db.FirmCalendars.Add(calendar);
        }
        else if (calendar.ProfileAt > message.OccurredAt)
        {
            return; // a later profile is already here
        }
        calendar.Name = message.Name;
        calendar.TimeZone = message.TimeZone;
        calendar.WorkingDays = [.. message.WorkingDays];
        calendar.OpensAt = ClockTime.Parse(message.OpensAt) ?? throw new FormatException($"Not a clock time: {message.OpensAt}");
        calendar.ClosesAt = ClockTime.Parse(message.ClosesAt) ?? throw new FormatException($"Not a clock time: {message.ClosesAt}");
        calendar.ProfileAt = message.OccurredAt;
        await Db.MarkCapacityChangedAsync(message.FirmId, ct); // its weeks and working days may have moved
    }
}

public sealed class FirmUpdatedConsumerDefinition : InboxConsumerDefinition<FirmUpdatedConsumer>;
