using Marketplace.Calendar;
using Marketplace.Contracts;
using Marketplace.Messaging;
using Marketplace.Notifications.Data;

namespace Marketplace.Notifications.Firms;

public sealed class FirmRegisteredConsumer(NotificationsDbContext db, TimeProvider clock)
    : InboxConsumer<FirmRegistered, NotificationsDbContext>(db, clock)
{
    protected override async Task HandleAsync(FirmRegistered message, CancellationToken ct)
    {
        if (await Db.Firms.FindAsync([message.FirmId], ct) is null)
        {
            Db.Firms.Add(new Firm { FirmId = message.FirmId, Name = message.Name, TimeZone = message.TimeZone, ProfileAt = message.OccurredAt });
        }
    }
}

public sealed class FirmUpdatedConsumer(NotificationsDbContext db, TimeProvider clock)
    : InboxConsumer<FirmUpdated, NotificationsDbContext>(db, clock)
{
    protected override async Task HandleAsync(FirmUpdated message, CancellationToken ct)
    {
        var firm = await Db.Firms.FindAsync([message.FirmId], ct);
        if (firm is null)
        {
            firm = new Firm { FirmId = message.FirmId };
            Db.Firms.Add(firm);
        }
        else if (firm.ProfileAt > message.OccurredAt)
        {
            return; // a later profile is already here
        }
        firm.Name = message.Name;
        firm.TimeZone = message.TimeZone;
        firm.WorkingDays = [.. message.WorkingDays];
        firm.OpensAt = ClockTime.Parse(message.OpensAt) ?? throw new FormatException($"Not a clock time: {message.OpensAt}");
        firm.ClosesAt = ClockTime.Parse(message.ClosesAt) ?? throw new FormatException($"Not a clock time: {message.ClosesAt}");
        // An event from before holidays existed carries none: no public holidays, no closing days.
        var closed = ClosedDays.Of(message.HolidayCountry, message.HolidayRegion, message.ClosingDays);
        (firm.HolidayCountry, firm.HolidayRegion, firm.ClosingDays) = (closed.Country, closed.Region, [.. closed.ClosingDays]);
        firm.ProfileAt = message.OccurredAt;
    }
}

public sealed class FirmRegisteredConsumerDefinition : InboxConsumerDefinition<FirmRegisteredConsumer>;
public sealed class FirmUpdatedConsumerDefinition : InboxConsumerDefinition<FirmUpdatedConsumer>;
