using System.Globalization;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Marketplace.Calendar;
using Marketplace.Scheduling.Firms;
using Marketplace.Scheduling.Holds;
using NodaTime;

namespace Marketplace.Scheduling.Feeds;

/// <summary>What one feed shows, as the API read it; <see cref="BookingsCalendar"/> turns it into iCalendar without a database.</summary>
/// <param name="Title">The calendar's name in the app's list.</param>
/// <param name="NamesEngineers">The firm's feed says whose week each event is; an engineer's own feed need not.</param>
/// <param name="Allocations">Live holds and bookings touching the window (released ones have left the feed).</param>
/// <param name="DaysOff">Each engineer's days off around the window: a week's event starts on the first day they work.</param>
/// <param name="FirstWeek">The window's first Monday, in the firm's zone.</param>
/// <param name="EndWeek">The Monday after the window.</param>
public sealed record FeedContents(string Title, FirmCalendar Firm, bool NamesEngineers, IReadOnlyList<Allocation> Allocations,
    IReadOnlyDictionary<Guid, string> EngineerNames, IReadOnlyDictionary<Guid, HashSet<LocalDate>> DaysOff, LocalDate FirstWeek, LocalDate EndWeek,
    TimeSpan RefreshInterval);

/// <summary>
/// A feed as RFC 5545 text. An allocation is hours a week, not hours at set times, so each of its weeks is one event
/// from the opening of the engineer's first working day that week to the closing of the last, in the firm's zone
/// (TZID-qualified, with the zone's VTIMEZONE, so a DST change lands where the firm's clocks put it), transparent so
/// it marks the engineer's week without blocking their whole calendar. Holds are TENTATIVE, bookings CONFIRMED; a
/// week keeps its UID (allocation and week) from hold to booking, so calendar apps update the event in place.
/// Nothing here names the client: Scheduling knows the referral only by its id.
/// </summary>
public static class BookingsCalendar
{
    public const string ProductId = "-//Marketplace//Scheduling calendar feeds//EN";
    public const string UidDomain = "scheduling.marketplace.local";

    public static string Write(FeedContents feed)
    {
        var week = feed.Firm.Week;
        var zone = week.Zone.Id;
        var calendar = new Ical.Net.Calendar { ProductId = ProductId, Method = "PUBLISH" };
        calendar.AddProperty("X-WR-CALNAME", feed.Title);
        calendar.AddProperty("NAME", feed.Title);
        calendar.AddProperty("X-WR-TIMEZONE", zone);
        calendar.AddProperty("X-WR-CALDESC", "Referral work booked and held in Marketplace; held weeks are tentative until the referrer confirms.");
        var refresh = Iso8601(feed.RefreshInterval);
        calendar.AddProperty("X-PUBLISHED-TTL", refresh); // Outlook's polling hint
        var interval = new CalendarProperty("REFRESH-INTERVAL", refresh); // RFC 7986, Apple's
        interval.AddParameter("VALUE", "DURATION");
        calendar.AddProperty(interval);
        calendar.AddTimeZone(FeedTimeZone.For(week.Zone, feed.FirstWeek, feed.EndWeek));

        foreach (var allocation in feed.Allocations.OrderBy(a => feed.EngineerNames.GetValueOrDefault(a.EngineerId, ""), StringComparer.Ordinal)
            .ThenBy(a => a.FirstWeek).ThenBy(a => a.Id))
        {
            var daysOff = feed.DaysOff.GetValueOrDefault(allocation.EngineerId) ?? [];
            var name = feed.EngineerNames.GetValueOrDefault(allocation.EngineerId, "An engineer");
            for (var i = 0; i < allocation.Weeks; i++)
            {
                var weekStart = allocation.FirstWeek.PlusWeeks(i);
                if (weekStart < feed.FirstWeek || weekStart >= feed.EndWeek)
                {
                    continue;
                }
                calendar.Events.Add(Event(allocation, i, weekStart, week, daysOff, feed.NamesEngineers ? name : null));
            }
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    /// <summary>The same for every fetch of the same week of the same allocation, whatever else changes.</summary>
    public static string Uid(Guid allocationId, LocalDate weekStart) =>
        $"{allocationId:N}-{weekStart.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}@{UidDomain}";

    private static CalendarEvent Event(Allocation allocation, int index, LocalDate weekStart, WorkingWeek week, HashSet<LocalDate> daysOff, string? engineer)
    {
        var booked = allocation.Status == AllocationStatus.Booking;
        var (start, end) = Span(weekStart, week, daysOff);
        var what = booked ? "Booked" : "Held";
        var weekName = weekStart.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
        var description = booked
            ? $"Confirmed referral work: about {allocation.HoursPerWeek} h in the week of {weekName} (week {index + 1} of {allocation.Weeks})."
            : $"Held for a referral the firm accepted, waiting for the referrer to confirm: about {allocation.HoursPerWeek} h in the week of {weekName} "
              + $"(week {index + 1} of {allocation.Weeks}). Released by itself unless confirmed by {HeldUntil(allocation, week.Zone)}.";
        return new CalendarEvent
        {
            Uid = Uid(allocation.Id, weekStart),
            // Stable, so an unchanged feed is byte for byte the same (its ETag too); the sequence says the hold became a booking.
            DtStamp = new CalDateTime(allocation.CreatedAt.UtcDateTime, CalDateTime.UtcTzId),
            Sequence = booked ? 1 : 0,
            DtStart = start,
            DtEnd = end,
            Summary = engineer is null ? $"{what}: {allocation.HoursPerWeek} h referral work" : $"{what}: {engineer}, {allocation.HoursPerWeek} h referral work",
            Description = $"{description} Referral {allocation.ReferralId}; the client is not named here.",
            Status = booked ? EventStatus.Confirmed : EventStatus.Tentative,
            Transparency = TransparencyType.Transparent,
        };
    }

    /// <summary>
    /// From the opening of the first day the engineer works that week to the closing of the last, as local times in the
    /// firm's zone; the firm's whole week when time off leaves no day; the seven days, all day, when the firm has no
    /// working hours at all.
    /// </summary>
    internal static (CalDateTime Start, CalDateTime End) Span(LocalDate weekStart, WorkingWeek week, HashSet<LocalDate> daysOff)
    {
        var days = Enumerable.Range(0, 7).Select(weekStart.PlusDays).ToList();
        var working = days.Where(d => week.WindowOn(d, daysOff) is not null).ToList();
        if (working.Count == 0)
        {
            working = [.. days.Where(d => week.WindowOn(d) is not null)];
        }
        if (working.Count == 0)
        {
            return (new CalDateTime(weekStart.ToDateOnly()), new CalDateTime(weekStart.PlusWeeks(1).ToDateOnly()));
        }
        return (new CalDateTime(working[0].ToDateOnly(), week.Opens.ToTimeOnly(), week.Zone.Id),
            new CalDateTime(working[^1].ToDateOnly(), week.Closes.ToTimeOnly(), week.Zone.Id));
    }

    private static string HeldUntil(Allocation allocation, DateTimeZone zone) => allocation.ExpiresAt is { } at
        ? Instant.FromDateTimeOffset(at).InZone(zone).ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture) + $" ({zone.Id})"
        : "the hold's deadline";

    /// <summary>An RFC 5545 duration (dur-time only: PT1H, PT30M).</summary>
    private static string Iso8601(TimeSpan span) => span.TotalHours == Math.Floor(span.TotalHours)
        ? $"PT{(int)span.TotalHours}H" : $"PT{(int)span.TotalMinutes}M";
}
