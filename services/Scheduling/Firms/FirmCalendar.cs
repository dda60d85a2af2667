using NodaTime;

namespace Marketplace.Scheduling.Firms;

/// <summary>A firm's calendar settings, projected from Network: weeks and working hours are counted in its zone.</summary>
public sealed class FirmCalendar
{
    public Guid FirmId { get; init; }
    public string Name { get; set; } = "";
    public string TimeZone { get; set; } = "";

    public DateTimeZone Zone => DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone) ?? DateTimeZone.Utc;
}
