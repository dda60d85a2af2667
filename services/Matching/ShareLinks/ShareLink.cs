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
    /// <summary>The job's title as the client reads it, when the referrer chose one (else <see cref="ClientTitle"/> makes one).</summary>
    public string? Title { get; init; }
    /// <summary>Whom the client contacts: chosen on the link, or the member who made it.</summary>
    public string? ContactName { get; init; }
    public string? ContactEmail { get; init; }

    /// <summary>
    /// The job's title on the client's page: the referrer's own for this link, else the summary's first line (cut at
    /// <see cref="ClientContact.MaxTitle"/>), unless the referral is confidential: its summary is written for partners who
    /// must not learn the client, so the client reads the skills instead ("SD-WAN and Firewall Configuration work").
    /// </summary>
    public static string ClientTitle(string? chosen, Referrals.Referral referral)
    {
        if (!string.IsNullOrWhiteSpace(chosen))
        {
            return chosen.Trim();
        }
        if (referral.Confidential)
        {
            return $"{string.Join(" and ", referral.Skills.Select(s => s.Name))} work";
        }
        var line = referral.Summary.Split('\n', 2)[0].Trim();
        return line.Length <= ClientContact.MaxTitle ? line : line[..(ClientContact.MaxTitle - 1)].TrimEnd() + "…";
    }

    public bool IsLive(Instant now) => RevokedAt is null && ExpiresAt > now;

    public static (ShareLink Link, string Token) Create(Guid referralId, Instant now, int days, string? title = null, ClientContact? contact = null)
    {
        var token = NewToken();
        return (new ShareLink
        {
            Id = Guid.CreateVersion7(), ReferralId = referralId, TokenHash = Hash(token), CreatedAt = now, ExpiresAt = now + Duration.FromDays(days),
            Title = string.IsNullOrWhiteSpace(title) ? null : title.Trim(), ContactName = contact?.Name, ContactEmail = contact?.Email,
        }, token);
    }

    /// <summary>256 random bits, base64url: for every link a client gets without an account.</summary>
    public static string NewToken() => SecretToken.New();

    public static byte[] Hash(string token) => SecretToken.Hash(token);
}
