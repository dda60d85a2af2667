using Marketplace.Calendar;
using Marketplace.Scheduling.Engineers;
using Marketplace.Scheduling.Holds;
using NodaTime;

namespace Marketplace.Scheduling.Grid;

/// <summary>
/// The firm's engineers × weeks, as a resource planner shows them: each week's hours of an engineer split into closed days
/// (public holidays, the firm's own), time off, booked and held work (each block with its referral) and what is free.
/// Worked out from the same rows holds are checked against, so the grid never promises an hour a hold would be refused.
/// </summary>
public static class CapacityGrid
{
    /// <param name="rows">Stored week rows (engineer, Monday) → capacity: time off and past holds wrote them; other weeks count from the weekly hours.</param>
    /// <param name="allocations">Live holds and bookings of these engineers (released ones are left out by the caller or here).</param>
    public static List<EngineerWeeks> Of(IReadOnlyList<Engineer> engineers, IReadOnlyList<LocalDate> weeks, WorkingWeek calendar,
        IReadOnlyDictionary<(Guid Engineer, LocalDate Week), int> rows, IReadOnlyList<Allocation> allocations, IReadOnlyList<TimeOff> timeOff)
    {
        var closed = weeks.ToDictionary(w => w, calendar.ClosedDaysInWeek);
        var away = timeOff.ToLookup(t => t.EngineerId);
        var work = allocations.Where(a => a.Status != AllocationStatus.Released).ToLookup(a => a.EngineerId);
        return [.. engineers.Select(e => new EngineerWeeks(e, [.. weeks.Select(week =>
        {
            var end = week.PlusDays(6);
            var entries = away[e.Id].Where(t => t.First <= end && t.Last >= week).OrderBy(t => t.First).ToList();
            var daysOff = entries.SelectMany(t => t.Days()).Where(d => d >= week && d <= end).ToHashSet();
            var regular = Engineer.CapacityIn(e.WeeklyCapacityHours, week, calendar, new HashSet<LocalDate>());
            var capacity = rows.TryGetValue((e.Id, week), out var stored) ? stored : Engineer.CapacityIn(e.WeeklyCapacityHours, week, calendar, daysOff);
            var blocks = work[e.Id].Where(a => a.WeekStarts.Contains(week)).OrderBy(a => a.Status).ThenBy(a => a.CreatedAt).ToList();
            var booked = blocks.Where(a => a.Status == AllocationStatus.Booking).Sum(a => a.HoursPerWeek);
            var held = blocks.Where(a => a.Status == AllocationStatus.Hold).Sum(a => a.HoursPerWeek);
            return new WeekCell(week, capacity, booked, held, Math.Max(0, regular - capacity), e.WeeklyCapacityHours - regular, capacity - booked - held,
                [.. daysOff.Order()], entries, closed[week], blocks);
        })]))];
    }
}

/// <summary>One engineer's row of the grid.</summary>
public sealed record EngineerWeeks(Engineer Engineer, IReadOnlyList<WeekCell> Weeks);

/// <summary>
/// One engineer's week: <see cref="CapacityHours"/> is what work may take (the weekly hours less closed days and time off);
/// of it <see cref="BookedHours"/> and <see cref="HeldHours"/> are promised and <see cref="FreeHours"/> is left.
/// <see cref="TimeOffHours"/> and <see cref="ClosedHours"/> are the hours the week lost to time off and to closed days.
/// </summary>
public sealed record WeekCell(LocalDate Week, int CapacityHours, int BookedHours, int HeldHours, int TimeOffHours, int ClosedHours, int FreeHours,
    IReadOnlyList<LocalDate> DaysOff, IReadOnlyList<TimeOff> TimeOff, IReadOnlyList<ClosedDay> ClosedDays, IReadOnlyList<Allocation> Blocks);
