using Marketplace.Calendar;
using NodaTime;

namespace Marketplace.Scheduling.Engineers;

/// <summary>A partner firm's engineer: the hours a week they can give to referred work, and what they do.</summary>
public sealed class Engineer
{
    public const int MaxWeeklyHours = 80;

    public Guid Id { get; init; }
    public Guid FirmId { get; init; }
    public string Name { get; set; } = "";
    public int WeeklyCapacityHours { get; set; }
    /// <summary>Catalog skill ids this engineer does; empty means any skill the firm claims.</summary>
    public List<string> Skills { get; set; } = [];

    public bool Does(string skillId) => Skills.Count == 0 || Skills.Contains(skillId);

    /// <summary>
    /// The week's capacity less time off and the firm's closed days (public holidays, its own closing days), in
    /// proportion to the working time lost (a day off in a five-day week takes a fifth), rounded down so a part-day never
    /// promises an hour that is not there.
    /// </summary>
    public int CapacityIn(LocalDate weekStart, WorkingWeek calendar, IReadOnlySet<LocalDate> daysOff) =>
        CapacityIn(WeeklyCapacityHours, weekStart, calendar, daysOff);

    /// <inheritdoc cref="CapacityIn(LocalDate, WorkingWeek, IReadOnlySet{LocalDate})"/>
    public static int CapacityIn(int weeklyHours, LocalDate weekStart, WorkingWeek calendar, IReadOnlySet<LocalDate> daysOff)
    {
        var days = Enumerable.Range(0, 7).Select(weekStart.PlusDays).Where(daysOff.Contains).ToHashSet();
        if (days.Count == 0 && calendar.ClosedDaysInWeek(weekStart).Count == 0)
        {
            return weeklyHours;
        }
        return Share(weeklyHours, calendar.WorkingTimeInWeek(weekStart, days), calendar.Regular.WorkingTimeInWeek(weekStart));
    }

    /// <summary>The weekly hours in proportion to the working time <paramref name="left"/> of the week's <paramref name="regular"/> working time.</summary>
    public static int Share(int weeklyHours, Duration left, Duration regular) =>
        regular <= Duration.Zero ? weeklyHours : (int)(weeklyHours * left.BclCompatibleTicks / regular.BclCompatibleTicks);
}

/// <summary>
/// One engineer's week (named by its Monday in the firm's zone): what it can hold and what is allocated.
/// The database checks Allocated ≤ Capacity, and holds add hours with a conditional update on these rows,
/// so no two requests — on one instance or two — can promise the same hour. A week without a row has
/// nothing allocated and no time off: its capacity is the engineer's weekly hours less the firm's closed days
/// (<see cref="Engineer.CapacityIn(LocalDate, WorkingWeek, IReadOnlySet{LocalDate})"/> with no days off), and a row made for
/// it starts from that figure.
/// </summary>
public sealed class CapacityWeek
{
    public Guid EngineerId { get; init; }
    public LocalDate WeekStart { get; init; }
    public int CapacityHours { get; set; }
    public int AllocatedHours { get; set; }
}
