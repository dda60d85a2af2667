using Marketplace.Contracts;
using NodaTime;

namespace Marketplace.Network.Firms;

/// <summary>A tenant of the marketplace: a referrer, a partner, or both.</summary>
public sealed class Firm
{
    public const int MaxName = 200;
    public const int MaxEmail = 320;

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public string TimeZone { get; private set; } = "";
    public bool TakesReferrals { get; private set; }
    public string OwnerName { get; private set; } = "";
    public string OwnerEmail { get; private set; } = "";
    public DateTimeOffset RegisteredAt { get; private set; }

    private Firm() { }

    public static bool IsKnownTimeZone(string? zone) => zone is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) is not null;

    public static (Firm Firm, FirmRegistered Event) Register(string name, string timeZone, bool takesReferrals, string ownerName, string ownerEmail, TimeProvider clock)
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
            OwnerName = ownerName.Trim(),
            OwnerEmail = ownerEmail.Trim().ToLowerInvariant(),
            RegisteredAt = clock.GetUtcNow(),
        };
        return (firm, new FirmRegistered(Guid.NewGuid(), firm.RegisteredAt, firm.Id, firm.Name, firm.TimeZone, firm.TakesReferrals));
    }
}
