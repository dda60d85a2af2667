using Marketplace.ServiceDefaults;
using NodaTime;

namespace Marketplace.Matching.ShareLinks;

/// <summary>
/// A read-only link a referrer gives its client: 256 random bits in the URL, only their SHA-256 kept here, so
/// the database alone cannot open a link. Expires, and can be revoked.
/// </summary>
public sealed class ShareLink
{
    public const int MaxDays = 90, DefaultDays = 30;

    public Guid Id { get; init; }
    public Guid ReferralId { get; init; }
    public byte[] TokenHash { get; init; } = [];
    public Instant CreatedAt { get; init; }
    public Instant ExpiresAt { get; init; }
    public Instant? RevokedAt { get; set; }

    public bool IsLive(Instant now) => RevokedAt is null && ExpiresAt > now;

    public static (ShareLink Link, string Token) Create(Guid referralId, Instant now, int days)
    {
        var token = NewToken();
        return (new ShareLink { Id = Guid.CreateVersion7(), ReferralId = referralId, TokenHash = Hash(token), CreatedAt = now, ExpiresAt = now + Duration.FromDays(days) }, token);
    }

    /// <summary>256 random bits, base64url: for every link a client gets without an account.</summary>
    public static string NewToken() => SecretToken.New();

    public static byte[] Hash(string token) => SecretToken.Hash(token);
}
