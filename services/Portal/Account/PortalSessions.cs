using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marketplace.Portal.Gateway;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Marketplace.Portal.Account;

/// <summary>A refresh's outcome: the new tokens, or refused (the session has ended), or no answer (try again on the next request).</summary>
public sealed record Renewal(RenewalOutcome Outcome, string? AccessToken = null, string? RefreshToken = null, DateTimeOffset AccessExpires = default,
    DateTimeOffset SessionExpires = default)
{
    public static readonly Renewal Refused = new(RenewalOutcome.Refused);
    public static readonly Renewal Unanswered = new(RenewalOutcome.Unanswered);
}

public enum RenewalOutcome { Renewed, Refused, Unanswered }

/// <summary>
/// Renews a signed-in person's access token with their refresh token (the gateway's refresh-token grant), once per
/// refresh token: concurrent requests of one person share the one refresh, and a request that still carries the old
/// cookie a moment later (the browser had not yet stored the new one) gets the same new tokens. A refresh token is never
/// presented twice by this portal, which matters: Network treats a second use as theft and ends the whole session.
/// (Across portal replicas two requests racing at the very same moment could still present it twice; the person then
/// signs in again, and nothing else happens.)
/// </summary>
public sealed class PortalSessions : IDisposable
{
    /// <summary>An access token this close to expiry is renewed before it is used.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Lazy<Task<Renewal>>> _renewing = new();
    private readonly MemoryCache _renewed = new(new MemoryCacheOptions { SizeLimit = 50_000 });
    private readonly TimeProvider _clock;

    public PortalSessions(TimeProvider clock) => _clock = clock;

    public DateTimeOffset Now => _clock.GetUtcNow();

    public async Task<Renewal> RenewAsync(GatewayClient gateway, string refreshToken, CancellationToken ct)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(refreshToken)));
        if (_renewed.TryGetValue(key, out Renewal? done))
        {
            return done!;
        }
        var renewal = _renewing.GetOrAdd(key, k => new Lazy<Task<Renewal>>(() => AskAsync(gateway, k, refreshToken)));
        return await renewal.Value.WaitAsync(ct);
    }

    private async Task<Renewal> AskAsync(GatewayClient gateway, string key, string refreshToken)
    {
        try
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken });
            // Not the person's request's cancellation: others may be waiting for this answer.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            var grant = await gateway.SendAsync<JsonElement>(HttpMethod.Post, "/connect/token", form, timeout.Token, bearer: "");
            if (grant.Problem is not null)
            {
                // 400 invalid_grant: removed, signed out everywhere, or the refresh token was used before. Anything else: no answer.
                return grant.Status == System.Net.HttpStatusCode.BadRequest ? Renewal.Refused : Renewal.Unanswered;
            }
            var renewal = Read(grant.Value, _clock.GetUtcNow());
            if (renewal.Outcome == RenewalOutcome.Renewed)
            {
                _renewed.Set(key, renewal, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) });
            }
            return renewal;
        }
        catch (OperationCanceledException)
        {
            return Renewal.Unanswered;
        }
        finally
        {
            _renewing.TryRemove(key, out _);
        }
    }

    /// <summary>The token endpoint's answer: both tokens and how long each lives.</summary>
    public static Renewal Read(JsonElement grant, DateTimeOffset now)
    {
        if (grant.ValueKind != JsonValueKind.Object || !grant.TryGetProperty("access_token", out var access) || !grant.TryGetProperty("refresh_token", out var refresh))
        {
            return Renewal.Refused;
        }
        var lifetime = grant.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) ? seconds : 600;
        var session = grant.TryGetProperty("refresh_token_expires_in", out var r) && r.TryGetInt64(out var refreshSeconds) ? refreshSeconds : 8 * 3600;
        return new Renewal(RenewalOutcome.Renewed, access.GetString(), refresh.GetString(), now.AddSeconds(lifetime), now.AddSeconds(session));
    }

    /// <summary>Puts the tokens in the cookie's properties: it lasts as long as the refresh token.</summary>
    public static void Store(AuthenticationProperties properties, Renewal renewal, DateTimeOffset now)
    {
        properties.StoreTokens([
            new AuthenticationToken { Name = PortalAuth.AccessToken, Value = renewal.AccessToken! },
            new AuthenticationToken { Name = PortalAuth.RefreshToken, Value = renewal.RefreshToken! },
            new AuthenticationToken { Name = PortalAuth.ExpiresAt, Value = renewal.AccessExpires.ToString("o", CultureInfo.InvariantCulture) },
        ]);
        properties.IssuedUtc = now;
        properties.ExpiresUtc = renewal.SessionExpires;
        properties.IsPersistent = false;
    }

    /// <summary>The person as the new access token says they are now (a changed role shows at once); the firm's name kept.</summary>
    public static ClaimsPrincipal Refreshed(ClaimsPrincipal person, string accessToken)
    {
        var jwt = new JsonWebToken(accessToken); // straight from the token endpoint: read, not validated again
        var identity = new ClaimsIdentity(CookieAuthenticationDefaults.AuthenticationScheme, MarketplaceClaims.Name, MarketplaceClaims.Role);
        identity.AddClaims(person.Claims.Where(c => c.Type is not (MarketplaceClaims.Role or MarketplaceClaims.Name)).Select(c => new Claim(c.Type, c.Value)));
        identity.AddClaim(new Claim(MarketplaceClaims.Role, jwt.TryGetClaim(MarketplaceClaims.Role, out var role) ? role.Value : ""));
        identity.AddClaim(new Claim(MarketplaceClaims.Name, jwt.TryGetClaim(MarketplaceClaims.Name, out var name) ? name.Value : person.FindFirstValue(MarketplaceClaims.Name) ?? ""));
        return new ClaimsPrincipal(identity);
    }

    public static DateTimeOffset AccessExpires(AuthenticationProperties properties) =>
        DateTimeOffset.TryParse(properties.GetTokenValue(PortalAuth.ExpiresAt), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : DateTimeOffset.MinValue;

    public void Dispose() => _renewed.Dispose();
}
