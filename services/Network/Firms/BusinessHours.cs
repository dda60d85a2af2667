using NodaTime;

namespace Marketplace.Network.Firms;

/// <summary>When a firm works, in its own time zone: the same hours on each working day.</summary>
public sealed record BusinessHours(IReadOnlyList<IsoDayOfWeek> Days, LocalTime Opens, LocalTime Closes)
{
    public static readonly BusinessHours Default = new(
        [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday],
        new LocalTime(9, 0), new LocalTime(17, 0));
}
