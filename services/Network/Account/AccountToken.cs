using Marketplace.ServiceDefaults;

namespace Marketplace.Network.Account;

public enum AccountTokenPurpose { VerifyEmail, ResetPassword }

/// <summary>
/// A one-time secret mailed to a member: proof that they read their mail (verification) or a way back in (password
/// reset). 256 random bits handed out once in a link; only the SHA-256 hash is stored, so a reader of the database cannot
/// use one. Used once, then never again; it dies with its member.
/// </summary>
public sealed class AccountToken
{
    public static readonly TimeSpan VerifyLifetime = TimeSpan.FromDays(7);
    public static readonly TimeSpan ResetLifetime = TimeSpan.FromMinutes(30);

    /// <summary>What a token that cannot be used (never issued, used already, run out) is answered, whichever of them it is.</summary>
    public const string GoneSentence = "This link is unknown, used or expired. Ask for a new one.";

    /// <summary>The longest token accepted in a request: the ones issued are 43 characters.</summary>
    public const int MaxLength = 100;

    public Guid Id { get; private set; }
    public Guid MemberId { get; private set; }
    public AccountTokenPurpose Purpose { get; private set; }
    public string TokenHash { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? UsedAt { get; private set; }

    private AccountToken() { }

    public static (AccountToken Token, string Secret) Issue(Guid memberId, AccountTokenPurpose purpose, TimeProvider clock)
    {
        var secret = NewSecret();
        var now = clock.GetUtcNow();
        return (new AccountToken
        {
            Id = Guid.CreateVersion7(), MemberId = memberId, Purpose = purpose, TokenHash = Hash(secret), CreatedAt = now,
            ExpiresAt = now + (purpose == AccountTokenPurpose.VerifyEmail ? VerifyLifetime : ResetLifetime),
        }, secret);
    }

    /// <summary>256 random bits, base64url without padding (43 characters): safe in a URL as it is.</summary>
    public static string NewSecret() => SecretToken.New();

    public static string Hash(string secret) => Convert.ToHexString(SecretToken.Hash(secret));

    public bool IsUsable(DateTimeOffset now) => UsedAt is null && now < ExpiresAt;

    /// <summary>Spends the token: from now on it is gone.</summary>
    public void Use(DateTimeOffset now)
    {
        if (!IsUsable(now))
        {
            throw new InvalidOperationException("This token has been used or has expired.");
        }
        UsedAt = now;
    }
}
