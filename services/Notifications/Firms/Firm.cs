using Marketplace.Calendar;
using NodaTime;

namespace Marketplace.Notifications.Firms;

/// <summary>A firm as its people are written to, projected from Network: its name, and the zone and hours its mail is dated in.</summary>
public sealed class Firm
{
    public Guid FirmId { get; init; }
    public string Name { get; set; } = "";
    public string TimeZone { get; set; } = "UTC";
    /// <summary>ISO weekdays (1 = Monday) and local opening hours: offer reminders count the partner's business hours.</summary>
    public List<int> WorkingDays { get; set; } = [1, 2, 3, 4, 5];
    public LocalTime OpensAt { get; set; } = new(9, 0);
    public LocalTime ClosesAt { get; set; } = new(17, 0);
    /// <summary>Whose public holidays the firm keeps (null: none), and its own closing days: reminders skip them too.</summary>
    public string? HolidayCountry { get; set; }
    public string? HolidayRegion { get; set; }
    /// <summary>"YYYY-MM-DD" once, "MM-DD" every year.</summary>
    public List<string> ClosingDays { get; set; } = [];
    public DateTimeOffset ProfileAt { get; set; }

    public DateTimeZone Zone => DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone) ?? DateTimeZone.Utc;

    public WorkingWeek Week => new([.. WorkingDays.Select(d => (IsoDayOfWeek)d)], OpensAt, ClosesAt, Zone)
    {
        Closed = ClosedDays.Of(HolidayCountry, HolidayRegion, ClosingDays),
    };
}
