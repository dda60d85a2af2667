namespace Marketplace.Scheduling.Engineers;

/// <summary>A partner firm's engineer and the hours a week they can give to referred work.</summary>
public sealed class Engineer
{
    public const int MaxWeeklyHours = 80;

    public Guid Id { get; init; }
    public Guid FirmId { get; init; }
    public string Name { get; set; } = "";
    public int WeeklyCapacityHours { get; set; }
}

/// <summary>
/// One engineer's week (named by its Monday in the firm's zone): what it can hold and what is allocated.
/// The database checks Allocated ≤ Capacity, and holds add hours with a conditional update on these rows,
/// so no two requests — on one instance or two — can promise the same hour.
/// </summary>
public sealed class CapacityWeek
{
    public Guid EngineerId { get; init; }
    public NodaTime.LocalDate WeekStart { get; init; }
    public int CapacityHours { get; set; }
    public int AllocatedHours { get; set; }
}
