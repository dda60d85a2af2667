using NodaTime;

namespace Marketplace.Scheduling.Holds;

public enum AllocationStatus { Hold, Booking, Released }

/// <summary>Hours a week on one engineer for a referral over a run of weeks: held first, then booked or released.</summary>
public sealed class Allocation
{
    public const int MaxWeeks = 26;

    public Guid Id { get; init; }
    public Guid FirmId { get; init; }
    public Guid EngineerId { get; init; }
    public Guid ReferralId { get; init; }
    public int HoursPerWeek { get; init; }
    public LocalDate FirstWeek { get; init; }
    public int Weeks { get; init; }
    public AllocationStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; set; }

    public IReadOnlyList<LocalDate> WeekStarts => [.. Enumerable.Range(0, Weeks).Select(i => FirstWeek.PlusWeeks(i))];
}
