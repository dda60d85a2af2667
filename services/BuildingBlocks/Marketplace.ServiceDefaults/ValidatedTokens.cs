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
/// signing out or removing a member ends the token as before. Bounded: when <c>capacity</c> tokens are held, expired
/// ones are dropped and, if none were, new tokens are checked each time until room is made.
/// The clock must be the one the token's lifetime is checked against (IdentityModel reads the system clock).
/// </summary>
public sealed class ValidatedTokens(TimeProvider clock, int capacity = ValidatedTokens.DefaultCapacity) : JsonWebTokenHandler
{
    public const int DefaultCapacity = 20_000;

    private readonly ConcurrentDictionary<string, Remembered> _valid = new(StringComparer.Ordinal);
    private long _checks;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_valid.TryGetValue(token, out var remembered))
        {
            if (now < remembered.Expires && SameChecks(remembered.Parameters, validationParameters))
            {
                return remembered.Answer();
            }
            _valid.TryRemove(token, out _);
        }
        Interlocked.Increment(ref _checks);
        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result is { IsValid: true, SecurityToken: JsonWebToken jwt, ClaimsIdentity: not null } && jwt.ValidTo > now && MakeRoom(now))
        {
            _valid[token] = new Remembered(result, jwt.ValidTo, validationParameters);
        }
        return result;
    }

    /// <summary>How many validated tokens are held.</summary>
    public int Count => _valid.Count;

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

    private bool MakeRoom(DateTime now)
    {
        if (_valid.Count < capacity)
        {
            return true;
        }
        foreach (var (token, remembered) in _valid)
        {
            if (remembered.Expires <= now)
            {
                _valid.TryRemove(token, out _);
            }
        }
        return _valid.Count < capacity;
    }

    private sealed record Remembered(TokenValidationResult Result, DateTime Expires, TokenValidationParameters Parameters)
    {
        /// <summary>A result of its own for each request: its identity is copied, so nothing one request adds reaches another.</summary>
        public TokenValidationResult Answer() => new()
        {
            IsValid = true,
            ClaimsIdentity = (ClaimsIdentity)Result.ClaimsIdentity.Clone(),
            SecurityToken = Result.SecurityToken,
            Issuer = Result.Issuer,
            TokenType = Result.TokenType,
        };
    }
}
