using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.ServiceDefaults;

/// <summary>
/// Checks an access token's signature once: the same token comes with every request a client makes for its ten minutes,
/// and an RSA verification plus parsing costs more than the rest of the gateway's work on a request. A token that
/// validated is remembered, by its exact text, until the moment it expires (its <c>exp</c>, without the clock skew the
/// first check allows, so a remembered token is never accepted longer than a fresh check would); a token that failed
/// is never remembered. The session stamp is still checked on every request (<see cref="SessionStampEvents"/>), so
/// signing out or removing a member ends the token as before. Bounded: when <c>capacity</c> tokens are held, new ones
/// are checked in full and not remembered until a search for expired ones (at most every 10 s) makes room.
/// The clock must be the one the token's lifetime is checked against (IdentityModel reads the system clock).
/// </summary>
public sealed class ValidatedTokens(TimeProvider clock, int capacity = ValidatedTokens.DefaultCapacity) : JsonWebTokenHandler
{
    public const int DefaultCapacity = 20_000;

    /// <summary>How often a full cache is searched for expired tokens: new tokens meanwhile are checked, not remembered.</summary>
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Remembered> _valid = new(StringComparer.Ordinal);
    private long _checks;
    private int _count;
    private long _nextSweepTicks;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_valid.TryGetValue(token, out var remembered))
        {
            if (now < remembered.Token.ValidTo && SameChecks(remembered.Parameters, validationParameters))
            {
                return remembered.Answer();
            }
            Forget(token);
        }
        Interlocked.Increment(ref _checks);
        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result is { IsValid: true, SecurityToken: JsonWebToken jwt, ClaimsIdentity: { } identity } && jwt.ValidTo > now && MakeRoom(now)
            // A copy of its own, taken before this request can touch the identity it is given.
            && _valid.TryAdd(token, new Remembered(Copy(identity), jwt, result.Issuer, result.TokenType, validationParameters)))
        {
            Interlocked.Increment(ref _count);
        }
        return result;
    }

    /// <summary>How many validated tokens are held.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>How many tokens were checked in full (signature, issuer, audience, lifetime) rather than remembered.</summary>
    public long FullChecks => Interlocked.Read(ref _checks);

    /// <summary>
    /// Whether two sets of parameters check a token the same way: JwtBearer hands a fresh copy of its parameters to every
    /// request, so they are compared by what decides validity (keys by identity), not by reference.
    /// </summary>
    private static bool SameChecks(TokenValidationParameters a, TokenValidationParameters b) =>
        ReferenceEquals(a, b) || (ReferenceEquals(a.IssuerSigningKey, b.IssuerSigningKey)
            && (a.IssuerSigningKeys ?? []).SequenceEqual(b.IssuerSigningKeys ?? [], ReferenceEqualityComparer.Instance)
            && a.ValidIssuer == b.ValidIssuer && a.ValidAudience == b.ValidAudience
            && (a.ValidIssuers ?? []).SequenceEqual(b.ValidIssuers ?? []) && (a.ValidAudiences ?? []).SequenceEqual(b.ValidAudiences ?? [])
            && a.ValidateIssuer == b.ValidateIssuer && a.ValidateAudience == b.ValidateAudience && a.ValidateLifetime == b.ValidateLifetime
            && a.ValidateIssuerSigningKey == b.ValidateIssuerSigningKey && a.RequireSignedTokens == b.RequireSignedTokens
            && a.RequireExpirationTime == b.RequireExpirationTime);

    /// <summary>
    /// Room for one more: below capacity, or after a search for expired tokens — at most every <see cref="SweepEvery"/>,
    /// so a cache held full of live tokens costs new tokens their full check, not a search each.
    /// </summary>
    private bool MakeRoom(DateTime now)
    {
        if (Count < capacity)
        {
            return true;
        }
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.Ticks < due || Interlocked.CompareExchange(ref _nextSweepTicks, now.Ticks + SweepEvery.Ticks, due) != due)
        {
            return false;
        }
        foreach (var (token, remembered) in _valid)
        {
            if (remembered.Token.ValidTo <= now)
            {
                Forget(token);
            }
        }
        return Count < capacity;
    }

    private void Forget(string token)
    {
        if (_valid.TryRemove(token, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>The same claims, types and case-sensitivity (IdentityModel's identity compares claim types exactly).</summary>
    private static CaseSensitiveClaimsIdentity Copy(ClaimsIdentity identity) =>
        new CaseSensitiveClaimsIdentity(identity.Claims, identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType);

    /// <summary>
    /// What a fresh check answered, without the first request's result: the identity is held apart from every request's
    /// (each gets a copy of its own); the parsed token, which no one changes, is shared and says when it expires.
    /// </summary>
    private sealed record Remembered(ClaimsIdentity Identity, JsonWebToken Token, string Issuer, string TokenType, TokenValidationParameters Parameters)
    {
        public TokenValidationResult Answer() => new()
        {
            IsValid = true,
            ClaimsIdentity = Copy(Identity),
            SecurityToken = Token,
            Issuer = Issuer,
            TokenType = TokenType,
        };
    }
}
