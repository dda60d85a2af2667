namespace Marketplace.Scheduling;

/// <summary>Scheduling's own settings (section <c>Scheduling</c>), checked at start.</summary>
public sealed class SchedulingOptions
{
    /// <summary>How often overdue holds are looked for and released.</summary>
    public TimeSpan HoldExpiryInterval { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>How often firms' changed free hours are announced (one CapacityChanged per firm per burst).</summary>
    public TimeSpan CapacityPublishInterval { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>How often a replica's availability index looks for firms whose capacity moved (any replica's writes); its own writes it sees at once.</summary>
    public TimeSpan AvailabilityRefreshInterval { get; init; } = TimeSpan.FromSeconds(1);
}
