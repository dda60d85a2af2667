using NodaTime;

namespace Marketplace.Matching.Partners;

/// <summary>A firm as Matching knows it from Network's events; the ranking index is built from these.</summary>
public sealed class Partner
{
    public Guid FirmId { get; init; }
    public string Name { get; set; } = "";
    public string TimeZone { get; set; } = "";
    public bool TakesReferrals { get; set; }
    /// <summary>ISO weekdays (1 = Monday) and local hours: offer deadlines count in these.</summary>
    public List<int> WorkingDays { get; set; } = [1, 2, 3, 4, 5];
    public LocalTime OpensAt { get; set; } = new(9, 0);
    public LocalTime ClosesAt { get; set; } = new(17, 0);
    /// <summary>Whose public holidays the partner keeps (null: none), and its own closing days: offer deadlines skip them.</summary>
    public string? HolidayCountry { get; set; }
    public string? HolidayRegion { get; set; }
    /// <summary>"YYYY-MM-DD" once, "MM-DD" every year.</summary>
    public List<string> ClosingDays { get; set; } = [];
    /// <summary>Where the firm says it works (its profile's regions), shown with its offers unless the referral is confidential.</summary>
    public List<string> Regions { get; set; } = [];
    public DateTimeOffset RegisteredAt { get; init; }
    /// <summary>When the profile last changed at Network: an older event arriving late changes nothing.</summary>
    public DateTimeOffset ProfileAt { get; set; }
}
