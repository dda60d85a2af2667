using Marketplace.Scheduling.Data;
using Marketplace.Scheduling.Engineers;
using Marketplace.Scheduling.Holds;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Scheduling.Feeds;

/// <summary>Reads what one feed shows: the firm's (or its engineer's) live holds and bookings in the window, names and days off.</summary>
public static class FeedReader
{
    public static async Task<FeedContents> ReadAsync(SchedulingDbContext db, CalendarFeed feed, CalendarFeedOptions options, Instant now, CancellationToken ct)
    {
        var firm = await WeekCapacities.CalendarOfAsync(db, feed.FirmId, ct);
        var thisWeek = firm.Week.WeekOf(now);
        var (first, end) = (thisWeek.PlusWeeks(-options.WeeksBack), thisWeek.PlusWeeks(options.WeeksAhead));
        // An allocation runs at most MaxWeeks, so one that starts earlier than this cannot reach the window.
        var earliest = first.PlusWeeks(-Allocation.MaxWeeks);
        var at = now.ToDateTimeOffset();
        // An overdue hold the expiry job has not reached yet is as good as released: its hours are no longer promised.
        var query = db.Allocations.AsNoTracking().Where(a => a.FirmId == feed.FirmId && a.FirstWeek > earliest && a.FirstWeek < end
            && (a.Status == AllocationStatus.Booking || (a.Status == AllocationStatus.Hold && a.ExpiresAt > at)));
        if (feed.EngineerId is { } engineer)
        {
            query = query.Where(a => a.EngineerId == engineer);
        }
        var allocations = (await query.ToListAsync(ct)).Where(a => a.FirstWeek.PlusWeeks(a.Weeks) > first).ToList();

        var engineers = allocations.Select(a => a.EngineerId).Concat(feed.EngineerId is { } e ? [e] : []).Distinct().ToList();
        var names = await db.Engineers.AsNoTracking().Where(x => engineers.Contains(x.Id) && x.FirmId == feed.FirmId).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        var timeOff = await db.TimeOff.AsNoTracking().Where(t => engineers.Contains(t.EngineerId) && t.Last >= first && t.First < end).ToListAsync(ct);
        var daysOff = timeOff.GroupBy(t => t.EngineerId).ToDictionary(g => g.Key, g => g.SelectMany(t => t.Days()).ToHashSet());

        var firmName = string.IsNullOrWhiteSpace(firm.Name) ? "Marketplace" : firm.Name;
        var title = feed.EngineerId is { } one ? $"{names.GetValueOrDefault(one, "Engineer")} · {firmName} bookings" : $"{firmName} bookings";
        return new FeedContents(title, firm, NamesEngineers: feed.EngineerId is null, allocations, names, daysOff, first, end, options.RefreshInterval);
    }
}
