using Marketplace.Contracts;
using Marketplace.Network.Members;
using Marketplace.ServiceDefaults;
using NodaTime;

namespace Marketplace.Network.Firms;

/// <summary>A tenant of the marketplace: a referrer, a partner, or both.</summary>
public sealed class Firm
{
    public const int MaxName = 200;

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public string TimeZone { get; private set; } = "";
    public bool TakesReferrals { get; private set; }
    public DateTimeOffset RegisteredAt { get; private set; }

    private Firm() { }

    public static bool IsKnownTimeZone(string? zone) => zone is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) is not null;

    /// <summary>A new firm and its first member, its Owner.</summary>
    public static (Firm Firm, Member Owner, FirmRegistered Event) Register(string name, string timeZone, bool takesReferrals,
        string ownerName, string ownerEmail, string ownerPassword, TimeProvider clock)
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
            RegisteredAt = clock.GetUtcNow(),
        };
        var owner = Member.Create(firm.Id, ownerName, ownerEmail, Roles.Owner, ownerPassword, clock);
        return (firm, owner, new FirmRegistered(Guid.NewGuid(), firm.RegisteredAt, firm.Id, firm.Name, firm.TimeZone, firm.TakesReferrals));
    }
}
