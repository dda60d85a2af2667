using NodaTime;

namespace Marketplace.Calendar;

/// <summary>
/// When a firm works: the same opening hours on its working days, in its own IANA time zone, except the days it is
/// <see cref="Closed"/> (public holidays, its own closing days). Everything a business-hours rule needs is counted here
/// in real elapsed time, so weeks with a DST change come out right, and every rule skips the closed days.
/// </summary>
public sealed record WorkingWeek(IReadOnlyList<IsoDayOfWeek> Days, LocalTime Opens, LocalTime Closes, DateTimeZone Zone)
{
    /// <summary>How far ahead <see cref="AddWorkingTime"/> looks before deciding no working time is left.</summary>
    public static readonly int MaxDaysAhead = 800;

    /// <summary>Public holidays and the firm's own closing days: no working time on them.</summary>
    public ClosedDays Closed { get; init; } = ClosedDays.None;

    public static WorkingWeek Create(IEnumerable<int> isoDays, LocalTime opens, LocalTime closes, string zoneId, ClosedDays? closed = null) =>
        new([.. isoDays.Select(d => (IsoDayOfWeek)d)], opens, closes,
            DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) ?? throw new ArgumentException($"Unknown time zone '{zoneId}'.", nameof(zoneId)))
        {
            Closed = closed ?? ClosedDays.None,
        };

    /// <summary>The same week as if no day were closed: what a week's share of lost working time is measured against.</summary>
    public WorkingWeek Regular => Closed.IsEmpty ? this : this with { Closed = ClosedDays.None };

    /// <summary>The closed days that fall on working weekdays of the week starting on <paramref name="weekStart"/>.</summary>
    public IReadOnlyList<ClosedDay> ClosedDaysInWeek(LocalDate weekStart) =>
        Closed.IsEmpty ? [] : [.. Closed.Between(weekStart, weekStart.PlusDays(6)).Where(d => Days.Contains(d.Date.DayOfWeek))];

    /// <summary>The firm's week: Monday to Sunday in its own zone, named by its Monday.</summary>
    public static LocalDate WeekStart(LocalDate date) => date.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday));

    public LocalDate WeekOf(Instant instant) => WeekStart(instant.InZone(Zone).Date);

    /// <summary>The working window of a day as real instants, or null when the firm does not work that day (or is closed).</summary>
    public Interval? WindowOn(LocalDate date, ISet<LocalDate>? daysOff = null)
    {
        if (!Days.Contains(date.DayOfWeek) || daysOff?.Contains(date) == true || Closed.IsClosed(date))
        {
            return null;
        }
        // Leniently: an opening time skipped by a DST jump starts at the first instant after it.
        var start = Zone.AtLeniently(date + Opens).ToInstant();
        var end = Zone.AtLeniently(date + Closes).ToInstant();
        return end > start ? new Interval(start, end) : null;
    }

    /// <summary>Working time in the week starting on <paramref name="weekStart"/>, less the days off and the closed days.</summary>
    public Duration WorkingTimeInWeek(LocalDate weekStart, ISet<LocalDate>? daysOff = null)
    {
        var total = Duration.Zero;
        for (var day = 0; day < 7; day++)
        {
            if (WindowOn(weekStart.PlusDays(day), daysOff) is { } window)
            {
                total += window.Duration;
            }
        }
        return total;
    }

    /// <summary>
    /// The instant when <paramref name="amount"/> of working time has passed after <paramref name="start"/>
    /// (an offer made on Friday at 16:00 with 4 business hours is due on Monday at 12:00, local time).
    /// </summary>
    public Instant AddWorkingTime(Instant start, Duration amount, ISet<LocalDate>? daysOff = null)
    {
        if (amount < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), "Working time to add cannot be negative.");
        }
        var left = amount;
        var date = start.InZone(Zone).Date;
        for (var day = 0; day < MaxDaysAhead; day++, date = date.PlusDays(1))
        {
            if (WindowOn(date, daysOff) is not { } window || window.End <= start)
            {
                continue;
            }
            var from = window.Start > start ? window.Start : start;
            var available = window.End - from;
            if (left <= available)
            {
                return from + left;
            }
            left -= available;
        }
        throw new InvalidOperationException($"No working time within {MaxDaysAhead} days: check the working days and days off.");
    }

    /// <summary>
    /// The instant <paramref name="amount"/> of working time before <paramref name="end"/>, the mirror of
    /// <see cref="AddWorkingTime"/> (one business hour before a Monday 09:30 deadline is Friday 16:30 for a 09:00–17:00
    /// week, local time); null when the week has no working time within <see cref="MaxDaysAhead"/> days before it.
    /// </summary>
    public Instant? SubtractWorkingTime(Instant end, Duration amount, ISet<LocalDate>? daysOff = null)
    {
        var left = amount;
        var date = end.InZone(Zone).Date;
        for (var day = 0; day < MaxDaysAhead; day++, date = date.PlusDays(-1))
        {
            if (WindowOn(date, daysOff) is not { } window || window.Start >= end)
            {
                continue;
            }
            var to = window.End < end ? window.End : end;
            var available = to - window.Start;
            if (left <= available)
            {
                return to - left;
            }
            left -= available;
        }
        return null;
    }
}
