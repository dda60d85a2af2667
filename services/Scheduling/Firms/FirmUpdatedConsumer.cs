using Marketplace.Contracts;
using Marketplace.Messaging;
using Marketplace.Scheduling.Capacity;
using Marketplace.Scheduling.Data;
using Marketplace.Scheduling.Engineers;
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
        var before = calendar.CalendarKey;
        calendar.Name = message.Name;
        calendar.TimeZone = message.TimeZone;
        calendar.WorkingDays = [.. message.WorkingDays];
        calendar.OpensAt = ClockTime.Parse(message.OpensAt) ?? throw new FormatException($"Not a clock time: {message.OpensAt}");
        calendar.ClosesAt = ClockTime.Parse(message.ClosesAt) ?? throw new FormatException($"Not a clock time: {message.ClosesAt}");
        // An event from before holidays existed carries none: the firm keeps no public holidays and no closing days.
        var closed = ClosedDays.Of(message.HolidayCountry, message.HolidayRegion, message.ClosingDays);
        (calendar.HolidayCountry, calendar.HolidayRegion, calendar.ClosingDays) = (closed.Country, closed.Region, [.. closed.ClosingDays]);
        calendar.ProfileAt = message.OccurredAt;
        if (calendar.CalendarKey != before)
        {
            await WeekCapacities.RecountFirmAsync(Db, calendar, Clock, ct);
        }
        await Db.MarkCapacityChangedAsync(message.FirmId, ct); // its weeks and working days may have moved
    }
}

public sealed class FirmUpdatedConsumerDefinition : InboxConsumerDefinition<FirmUpdatedConsumer>;
