using Marketplace.Calendar;
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
    /// <summary>Whose public holidays the firm keeps (null: none, as for every firm whose profile predates holidays), from FirmUpdated.</summary>
    public string? HolidayCountry { get; set; }
    public string? HolidayRegion { get; set; }
    /// <summary>The firm's own closing days: "YYYY-MM-DD" once, "MM-DD" every year.</summary>
    public List<string> ClosingDays { get; set; } = [];
    public DateTimeOffset ProfileAt { get; set; }

    public DateTimeZone Zone => DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone) ?? DateTimeZone.Utc;

    /// <summary>Skills the firm claims in Catalog, with their levels, from PartnerSkillsChanged.</summary>
    public List<FirmSkill> Skills { get; set; } = [];
    public DateTimeOffset SkillsAt { get; set; }

    /// <summary>The firm's working week with its closed days: every capacity and start counted from it skips the holidays.</summary>
    public WorkingWeek Week => new([.. WorkingDays.Select(d => (IsoDayOfWeek)d)], OpensAt, ClosesAt, Zone)
    {
        Closed = ClosedDays.Of(HolidayCountry, HolidayRegion, ClosingDays),
    };

    /// <summary>What decides each week's working time: when it changes, engineers' week capacities are counted again.</summary>
    public string CalendarKey =>
        $"{TimeZone}|{string.Join(',', WorkingDays)}|{OpensAt}|{ClosesAt}|{HolidayCountry}|{HolidayRegion}|{string.Join(',', ClosingDays)}";

    /// <summary>The calendar of a firm Scheduling has not heard of yet: Monday to Friday, 9 to 5, UTC.</summary>
    public static FirmCalendar Unknown(Guid firmId) => new() { FirmId = firmId, TimeZone = "UTC" };
}

public sealed class FirmSkill
{
    public string SkillId { get; set; } = "";
    public int Level { get; set; }
}
