using Marketplace.Calendar;
using Marketplace.Scheduling.Data;
using Marketplace.Scheduling.Firms;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Scheduling.Availability;

/// <summary>One firm's free hours per engineer and week, as read at one moment: what earliest-start answers are computed from.</summary>
public sealed record FirmAvailability(Guid FirmId, string Name, WorkingWeek Calendar, IReadOnlyDictionary<string, int> SkillLevels,
    IReadOnlyList<EngineerAvailability> Engineers)
{
    /// <summary>Free hours of all engineers in each of <paramref name="weeks"/> weeks from <paramref name="firstWeek"/>.</summary>
    public int[] FreeHours(LocalDate firstWeek, int weeks) =>
        [.. Enumerable.Range(0, weeks).Select(i => Engineers.Sum(e => e.FreeIn(firstWeek.PlusWeeks(i))))];
}

/// <summary>
/// Free hours per week from <see cref="FirstWeek"/>; weeks past the array have no row (nothing allocated, no time off)
/// and no closed day within <see cref="FirmAvailabilityLoader.ClosedDaysWeeks"/>, so the engineer's weekly hours are free,
/// and weeks before it are gone.
/// </summary>
public sealed record EngineerAvailability(Guid Id, string Name, IReadOnlyList<string> Skills, int WeeklyHours, LocalDate FirstWeek, int[] Free)
{
    private readonly int _firstDay = FirstWeek.ToDateOnly().DayNumber;

    public bool Does(string skillId) => Skills.Count == 0 || Skills.Contains(skillId);

    public int FreeIn(LocalDate week) => FreeInWeekOf(week.ToDateOnly().DayNumber);

    /// <summary>By day number rather than date: this runs for every firm, engineer and week of a question.</summary>
    public int FreeInWeekOf(int mondayDayNumber)
    {
        var days = mondayDayNumber - _firstDay;
        return days < 0 ? 0 : days / 7 < Free.Length ? Free[days / 7] : WeeklyHours;
    }
}

public static class FirmAvailabilityLoader
{
    /// <summary>
    /// How many weeks from the first week read the firm's closed days are counted into the free hours: past every week an
    /// answer reaches (start not before 26 weeks ahead, searched 26 weeks on, 26 weeks long) with room for a snapshot that
    /// is kept while the weeks turn.
    /// </summary>
    public const int ClosedDaysWeeks = 2 * 53;

    /// <summary>Reads the firms' calendars, skills, engineers and engineer-week rows from <paramref name="firstWeek"/> on.</summary>
    public static async Task<List<FirmAvailability>> LoadAsync(SchedulingDbContext db, IReadOnlyCollection<Guid> firmIds, LocalDate firstWeek, CancellationToken ct)
    {
        var calendars = await db.FirmCalendars.AsNoTracking().Where(f => firmIds.Contains(f.FirmId)).ToDictionaryAsync(f => f.FirmId, ct);
        var engineers = await db.Engineers.AsNoTracking().Where(e => firmIds.Contains(e.FirmId)).ToListAsync(ct);
        var engineerIds = engineers.Select(e => e.Id).ToList();
        var rows = (await db.CapacityWeeks.AsNoTracking().Where(w => engineerIds.Contains(w.EngineerId) && w.WeekStart >= firstWeek).ToListAsync(ct))
            .ToLookup(w => w.EngineerId);
        var byFirm = engineers.ToLookup(e => e.FirmId);
        return [.. firmIds.Select(id =>
        {
            var calendar = calendars.GetValueOrDefault(id) ?? FirmCalendar.Unknown(id);
            var week = calendar.Week;
            var closed = Engineers.WeekCapacities.ClosedShares(week, firstWeek, ClosedDaysWeeks);
            return new FirmAvailability(id, calendar.Name, week, calendar.Skills.ToDictionary(s => s.SkillId, s => s.Level),
                [.. byFirm[id].OrderBy(e => e.Name).Select(e => Of(e, firstWeek, rows[e.Id], closed))]);
        })];
    }

    private static EngineerAvailability Of(Engineers.Engineer engineer, LocalDate firstWeek, IEnumerable<Engineers.CapacityWeek> rows,
        (Duration Left, Duration Regular)?[] closed)
    {
        var list = rows.ToList();
        var rowWeeks = list.Count == 0 ? 0 : list.Max(w => Period.Between(firstWeek, w.WeekStart, PeriodUnits.Days).Days / 7) + 1;
        var closedWeeks = Array.FindLastIndex(closed, c => c is not null) + 1;
        // A week without a row has the weekly hours less the firm's closed days that week, as a hold would find it.
        var free = Enumerable.Range(0, Math.Max(rowWeeks, closedWeeks))
            .Select(i => i < closed.Length && closed[i] is { } share ? Engineers.Engineer.Share(engineer.WeeklyCapacityHours, share.Left, share.Regular)
                : engineer.WeeklyCapacityHours)
            .ToArray();
        foreach (var row in list)
        {
            free[Period.Between(firstWeek, row.WeekStart, PeriodUnits.Days).Days / 7] = row.CapacityHours - row.AllocatedHours;
        }
        return new EngineerAvailability(engineer.Id, engineer.Name, engineer.Skills, engineer.WeeklyCapacityHours, firstWeek, free);
    }
}
