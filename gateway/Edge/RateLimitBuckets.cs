using System.Net;
using System.Threading.RateLimiting;
using Marketplace.ServiceDefaults;

namespace Marketplace.Gateway.Edge;

/// <summary>
/// Which token bucket a request draws from: signed-in callers share one per firm, anonymous ones one per address; sign-ins
/// one per address always; health checks are never limited. Looked up on every request, so the lookup allocates nothing:
/// the keys are values and the buckets' settings are made once.
/// </summary>
public sealed class RateLimitBuckets(RateLimits limits)
{
    private readonly Func<Bucket, TokenBucketRateLimiterOptions> _signIn = Settings(Math.Max(1, limits.SignInPerMinute), limits.SignInBurst, TimeSpan.FromMinutes(1));
    private readonly Func<Bucket, TokenBucketRateLimiterOptions> _firm = Settings(limits.FirmPerSecond, limits.FirmBurst, TimeSpan.FromSeconds(1));
    private readonly Func<Bucket, TokenBucketRateLimiterOptions> _anonymous = Settings(limits.AnonymousPerSecond, limits.AnonymousBurst, TimeSpan.FromSeconds(1));

    public RateLimitPartition<Bucket> Partition(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/health"))
        {
            return RateLimitPartition.GetNoLimiter(new Bucket(Kind.Health, null, null));
        }
        if (IsSignIn(context.Request))
        {
            return RateLimitPartition.GetTokenBucketLimiter(new Bucket(Kind.SignIn, null, context.Connection.RemoteIpAddress), _signIn);
        }
        var firm = context.User.FindFirst(MarketplaceClaims.FirmId)?.Value;
        return firm is not null
            ? RateLimitPartition.GetTokenBucketLimiter(new Bucket(Kind.Firm, firm, null), _firm)
            : RateLimitPartition.GetTokenBucketLimiter(new Bucket(Kind.Anonymous, null, context.Connection.RemoteIpAddress), _anonymous);
    }

    /// <summary>
    /// Where people sign in, register, accept an invitation, verify an address or reset a password (each of which may send
    /// mail or test a secret): always limited per caller address, whatever token comes
    /// with the request, so a free account's token buys no extra guesses. The portal's forms end in these same calls,
    /// made with the person's address forwarded (the portal is a trusted proxy), so they are counted here once.
    /// </summary>
    private static bool IsSignIn(HttpRequest request) => HttpMethods.IsPost(request.Method) && (
        request.Path.StartsWithSegments("/connect/token") || request.Path.StartsWithSegments("/api/network/invitations")
        || request.Path.StartsWithSegments("/api/network/account")
        || (request.Path.StartsWithSegments("/api/network/firms", out var rest) && rest.Value is null or "" or "/")); // with or without the trailing slash

    private static Func<Bucket, TokenBucketRateLimiterOptions> Settings(int perPeriod, int burst, TimeSpan period)
    {
        var settings = new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst, TokensPerPeriod = perPeriod, ReplenishmentPeriod = period, QueueLimit = 0, AutoReplenishment = true,
        };
        return _ => settings;
    }

    public enum Kind { Health, SignIn, Firm, Anonymous }

    /// <summary>A bucket's key: compared as a value.</summary>
    public readonly record struct Bucket(Kind Kind, string? Firm, IPAddress? Address);
}
