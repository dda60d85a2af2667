using NodaTime;

namespace Marketplace.Scheduling.Firms;

/// <summary>A firm's calendar settings, projected from Network: weeks and working hours are counted in its zone.</summary>
public sealed class FirmCalendar
{
    public Guid FirmId { get; init; }
    public string Name { get; set; } = "";
    public string TimeZone { get; set; } = "";
    /// <summary>ISO weekdays (1 = Monday) and local opening hours, from Network's FirmUpdated.</summary>
    public List<int> WorkingDays { get; set; } = [1, 2, 3, 4, 5];
    public LocalTime OpensAt { get; set; } = new(9, 0);
    public LocalTime ClosesAt { get; set; } = new(17, 0);
    public DateTimeOffset ProfileAt { get; set; }

    public DateTimeZone Zone => DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone) ?? DateTimeZone.Utc;
}
