using Marketplace.Calendar;
using Marketplace.Contracts;
using Marketplace.Network.Members;
using Marketplace.ServiceDefaults;
using NodaTime;

namespace Marketplace.Network.Firms;

/// <summary>A tenant of the marketplace: a referrer, a partner, or both.</summary>
public sealed class Firm
{
    public const int MaxName = 200;
    public const int MaxDescription = 2000;
    public const int MaxRegions = 20;
    public const int MaxRegion = 100;

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public string Description { get; private set; } = "";
    public List<string> Regions { get; private set; } = [];
    public string TimeZone { get; private set; } = "";
    public List<int> WorkingDays { get; private set; } = [.. BusinessHours.Default.Days.Select(d => (int)d)];
    public LocalTime OpensAt { get; private set; } = BusinessHours.Default.Opens;
    public LocalTime ClosesAt { get; private set; } = BusinessHours.Default.Closes;
    /// <summary>Whose public holidays the firm keeps (ISO 3166-1 alpha-2), or null for none (every firm registered before holidays).</summary>
    public string? HolidayCountry { get; private set; }
    /// <summary>The region of <see cref="HolidayCountry"/> whose holidays apply ("SCT", "NSW", "BY"), or null for the country-wide calendar.</summary>
    public string? HolidayRegion { get; private set; }
    /// <summary>The firm's own closing days: "YYYY-MM-DD" once, "MM-DD" every year.</summary>
    public List<string> ClosingDays { get; private set; } = [];
    /// <summary>The firm's own wish: whether it wants referrals. The marketplace sees <see cref="AcceptsReferrals"/>.</summary>
    public bool TakesReferrals { get; private set; }

    /// <summary>
    /// An Owner of the firm has verified their address (or none had to: the platform did not ask when the firm registered).
    /// Until then the firm is announced as taking no referrals, whatever it wishes. Once true it stays true.
    /// </summary>
    public bool OwnerVerified { get; private set; }
    public DateTimeOffset RegisteredAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    private Firm() { }

    /// <summary>What the marketplace is told: the firm wants referrals and someone reachable answers for it.</summary>
    public bool AcceptsReferrals => TakesReferrals && OwnerVerified;

    public BusinessHours Hours => new([.. WorkingDays.Select(d => (IsoDayOfWeek)d)], OpensAt, ClosesAt);

    public FirmHolidays Holidays => new(HolidayCountry, HolidayRegion, ClosingDays);

    public static bool IsKnownTimeZone(string? zone) => zone is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) is not null;

    /// <summary>
    /// A new firm and its first member, its Owner. With <paramref name="ownerMustVerify"/> the firm takes no referrals
    /// until an Owner verifies their address.
    /// </summary>
    public static (Firm Firm, Member Owner, FirmRegistered Event) Register(string name, string timeZone, bool takesReferrals,
        string ownerName, string ownerEmail, string ownerPassword, TimeProvider clock, bool ownerMustVerify = true)
    {
        if (!IsKnownTimeZone(timeZone))
        {
            throw new ArgumentException($"Unknown IANA time zone '{timeZone}'.", nameof(timeZone));
        }
        var firm = new Firm
        {
            Id = Guid.CreateVersion7(),
            Name = name.Trim(),
            TimeZone = timeZone,
            TakesReferrals = takesReferrals,
            OwnerVerified = !ownerMustVerify,
            RegisteredAt = clock.GetUtcNow(),
        };
        firm.UpdatedAt = firm.RegisteredAt;
        var owner = Member.Create(firm.Id, ownerName, ownerEmail, Roles.Owner, ownerPassword, clock);
        return (firm, owner, new FirmRegistered(Guid.NewGuid(), firm.RegisteredAt, firm.Id, firm.Name, firm.TimeZone, firm.AcceptsReferrals));
    }

    /// <summary>
    /// Replaces the profile (the holiday settings too, unless <paramref name="holidays"/> is null); the event carries it in
    /// full so projections need no earlier state.
    /// </summary>
    public FirmUpdated UpdateProfile(string name, string description, IEnumerable<string> regions, string timeZone,
        BusinessHours hours, bool takesReferrals, TimeProvider clock, FirmHolidays? holidays = null)
    {
        if (!IsKnownTimeZone(timeZone))
        {
            throw new ArgumentException($"Unknown IANA time zone '{timeZone}'.", nameof(timeZone));
        }
        if (hours.Days.Count == 0 || hours.Closes <= hours.Opens)
        {
            throw new ArgumentException("Business hours need at least one day and must close after they open.", nameof(hours));
        }
        Name = name.Trim();
        Description = description.Trim();
        Regions = [.. regions.Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
        TimeZone = timeZone;
        WorkingDays = [.. hours.Days.Distinct().Order().Select(d => (int)d)];
        OpensAt = hours.Opens;
        ClosesAt = hours.Closes;
        TakesReferrals = takesReferrals;
        if (holidays is not null)
        {
            (HolidayCountry, HolidayRegion, ClosingDays) = (holidays.Country, holidays.Region, [.. holidays.ClosingDays]);
        }
        UpdatedAt = clock.GetUtcNow();
        return Updated();
    }

    /// <summary>
    /// An Owner of the firm has verified their address: from now on the firm's wish to take referrals is what the
    /// marketplace sees, announced in full. Null when an Owner had verified before (nothing changes).
    /// </summary>
    public FirmUpdated? OwnerHasVerified(TimeProvider clock)
    {
        if (OwnerVerified)
        {
            return null;
        }
        OwnerVerified = true;
        UpdatedAt = clock.GetUtcNow();
        return Updated();
    }

    private FirmUpdated Updated() => new(Guid.NewGuid(), UpdatedAt, Id, Name, TimeZone, AcceptsReferrals, WorkingDays,
        ClockTime.Format(OpensAt), ClockTime.Format(ClosesAt), Regions, HolidayCountry, HolidayRegion, ClosingDays);
}
