using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using NodaTime;
using NodaTime.TimeZones;

namespace Marketplace.Scheduling.Feeds;

/// <summary>
/// A firm's zone as a VTIMEZONE with one observance per offset change inside the feed's window, read from NodaTime's own
/// transitions rather than summarised as yearly rules: zones whose "summer" is the standard time (Europe/Dublin) or whose
/// changes follow no yearly rule (Africa/Casablanca, around Ramadan) come out as they are, for apps that trust the
/// definition in the feed over their own.
/// </summary>
public static class FeedTimeZone
{
    public static VTimeZone For(DateTimeZone zone, LocalDate first, LocalDate end)
    {
        var from = zone.AtStartOfDay(first.PlusDays(-7)).ToInstant();
        var to = zone.AtStartOfDay(end.PlusDays(7)).ToInstant();
        var definition = new VTimeZone(zone.Id);
        ZoneInterval? previous = null;
        foreach (var interval in zone.GetZoneIntervals(from, to))
        {
            // The first observance starts at the window's start in its own offset; each later one where the clocks changed,
            // written in the local time the clocks showed just before (RFC 5545's DTSTART of an observance).
            var (startsAt, offsetFrom) = previous is null
                ? (from, interval.WallOffset)
                : (interval.Start, previous.WallOffset);
            var local = startsAt.WithOffset(offsetFrom).LocalDateTime;
            definition.TimeZoneInfos.Add(new VTimeZoneInfo(interval.Savings > Offset.Zero ? "DAYLIGHT" : "STANDARD")
            {
                TimeZoneName = interval.Name,
                OffsetFrom = new UtcOffset(offsetFrom.ToTimeSpan()),
                OffsetTo = new UtcOffset(interval.WallOffset.ToTimeSpan()),
                DtStart = new CalDateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, local.Second, null),
            });
            previous = interval;
        }
        return definition;
    }
}
