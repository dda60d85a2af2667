using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Marketplace.ServiceDefaults;

/// <summary>
/// Whether the security stamp a member's access token carries is still the member's: Network rotates it when the member
/// is removed, changes role or signs out, and a token with an old stamp is then refused everywhere.
/// </summary>
public interface ISessionStampCheck
{
    /// <summary>true while the stamp is current, false once it has been rotated (or the member removed).</summary>
    /// <exception cref="SessionCheckUnavailableException">Nobody can say just now (Network or its database is down).</exception>
    Task<bool> IsCurrentAsync(string subject, string stamp, string accessToken, CancellationToken ct);
}

/// <summary>The session of an access token could not be checked: the request is answered 503 with Retry-After.</summary>
public sealed class SessionCheckUnavailableException(string message, Exception? inner = null) : HttpRequestException(message, inner);

/// <summary>The token's stamp is no longer its member's: 401, as for any token that is no good.</summary>
public sealed class SessionEndedException() : Exception("The session of this access token has ended; sign in again.");

/// <summary><c>Auth:SessionCheck</c>.</summary>
public sealed class SessionCheckOptions
{
    /// <summary>How long Network's "current" is believed without asking again: at most 30 seconds.</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for Network's answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);
}

/// <summary>The JWT bearer events that check the stamp of every token that carries one, in every service and the gateway.</summary>
internal static class SessionStampEvents
{
    public static async Task OnTokenValidatedAsync(TokenValidatedContext context)
    {
        var stamp = context.Principal?.FindFirst(MarketplaceClaims.SecurityStamp)?.Value;
        if (string.IsNullOrEmpty(stamp))
        {
            return; // machine clients (client credentials) have no session to end
        }
        var subject = context.Principal!.FindFirst(MarketplaceClaims.Subject)?.Value ?? "";
        var token = (context.SecurityToken as JsonWebToken)?.EncodedToken
            ?? AuthenticationHeaderValue.Parse(context.Request.Headers.Authorization.ToString()).Parameter ?? "";
        var check = context.HttpContext.RequestServices.GetRequiredService<ISessionStampCheck>();
        try
        {
            if (!await check.IsCurrentAsync(subject, stamp, token, context.HttpContext.RequestAborted))
            {
                context.Fail(new SessionEndedException());
            }
        }
        catch (Exception e) when (Dependencies.AreDown(e))
        {
            // Not a 401: the person's session may well be fine, and a client that hears 401 signs them out.
            context.Fail(e as SessionCheckUnavailableException ?? new SessionCheckUnavailableException("The session cannot be checked just now.", e));
        }
    }

    /// <summary>A request that needs a caller, whose session could not be checked: 503 problem details with Retry-After.</summary>
    public static async Task OnChallengeAsync(JwtBearerChallengeContext context)
    {
        if (context.AuthenticateFailure is not SessionCheckUnavailableException)
        {
            return;
        }
        context.HandleResponse();
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = Dependencies.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "This is unavailable for a moment; try again shortly." },
        });
    }
}

/// <summary>
/// Asks Network (<c>GET /api/network/me/session</c> with the caller's own token: 204 current, 401 ended) and remembers the
/// verdict per (subject, stamp) in a cache of its own:
/// <list type="bullet">
/// <item>"current" is believed for <see cref="SessionCheckOptions.CacheFor"/> (30 s), so a rotated stamp is refused within that;</item>
/// <item>"ended" is remembered for longer than any access token lives: a rotated stamp never comes back;</item>
/// <item>when Network cannot answer, a "current" heard at most twice the cache window ago is still believed (so a member
/// removed just before the outage still loses access within a minute); with no such verdict the request fails closed,
/// 503 with Retry-After — never let through unchecked.</item>
/// </list>
/// Concurrent requests for the same (subject, stamp) share one question.
/// </summary>
internal sealed partial class NetworkSessionCheck : ISessionStampCheck, IDisposable
{
    public const string ClientName = "session-check";
    private const string SessionPath = "api/network/me/session";
    /// <summary>Longer than an access token lives (10 minutes) plus the clock skew allowed.</summary>
    private static readonly TimeSpan EndedFor = TimeSpan.FromMinutes(15);

    private readonly MemoryCache _verdicts = new(new MemoryCacheOptions { SizeLimit = 200_000 });
    private readonly ConcurrentDictionary<(string Subject, string Stamp), Lazy<Task<bool>>> _asking = new();
    private readonly IHttpClientFactory _clients;
    private readonly IOptions<SessionCheckOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<NetworkSessionCheck> _log;
    private readonly Uri? _address;
    private readonly string? _daprToken;

    public NetworkSessionCheck(IHttpClientFactory clients, IOptions<SessionCheckOptions> options, IConfiguration config, TimeProvider clock, ILogger<NetworkSessionCheck> log)
    {
        (_clients, _options, _clock, _log) = (clients, options, clock, log);
        (_address, _daprToken) = Resolve(config);
        if (_address is null)
        {
            LogNoAddress(log);
        }
    }

    /// <summary>
    /// Where Network's session endpoint is: through the Dapr sidecar when <c>Dapr:Enabled</c> (app id "network", as
    /// Marketplace.Http's service clients do), else <c>Services:network</c>, else (the gateway) its route to Network.
    /// </summary>
    internal static (Uri? Address, string? DaprToken) Resolve(IConfiguration config)
    {
        var dapr = DaprOptions.From(config);
        if (dapr.Enabled)
        {
            var sidecar = dapr.HttpEndpoint ?? config["DAPR_HTTP_ENDPOINT"] ?? $"http://127.0.0.1:{config["DAPR_HTTP_PORT"] ?? "3500"}";
            return (new Uri(new Uri(sidecar.TrimEnd('/') + "/"), $"v1.0/invoke/network/method/{SessionPath}"), config["DAPR_API_TOKEN"]);
        }
        var network = config["Services:network"] ?? config["ReverseProxy:Clusters:network:Destinations:d1:Address"];
        return string.IsNullOrWhiteSpace(network) ? (null, null) : (new Uri(new Uri(network.TrimEnd('/') + "/"), SessionPath), null);
    }

    public async Task<bool> IsCurrentAsync(string subject, string stamp, string accessToken, CancellationToken ct)
    {
        var key = (subject, stamp);
        var cacheFor = _options.Value.CacheFor;
        _verdicts.TryGetValue(key, out Verdict? last);
        if (last is { Current: false })
        {
            return false;
        }
        var age = last is null ? TimeSpan.MaxValue : _clock.GetUtcNow() - last.CheckedAt;
        if (age < cacheFor)
        {
            return true;
        }
        try
        {
            var question = _asking.GetOrAdd(key, k => new Lazy<Task<bool>>(() => AskAsync(k, accessToken)));
            return await question.Value.WaitAsync(ct);
        }
        catch (Exception e) when (e is SessionCheckUnavailableException || (Dependencies.AreDown(e) && !ct.IsCancellationRequested))
        {
            // Measured now, after waiting for Network: a verdict is never believed for more than twice the cache window.
            if (last is not null && _clock.GetUtcNow() - last.CheckedAt < cacheFor * 2)
            {
                LogStale(_log, (int)(_clock.GetUtcNow() - last.CheckedAt).TotalSeconds, e.Message);
                return true;
            }
            LogUnavailable(_log, e.Message);
            throw e as SessionCheckUnavailableException ?? new SessionCheckUnavailableException("Network cannot be reached to check a session.", e);
        }
    }

    private async Task<bool> AskAsync((string Subject, string Stamp) key, string accessToken)
    {
        try
        {
            if (_address is null)
            {
                throw new SessionCheckUnavailableException("Network's address is not configured (Services:network), so sessions cannot be checked.");
            }
            using var request = new HttpRequestMessage(HttpMethod.Get, _address);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            if (!string.IsNullOrEmpty(_daprToken))
            {
                request.Headers.Add("dapr-api-token", _daprToken);
            }
            using var client = _clients.CreateClient(ClientName);
            // Shared by every request waiting for this answer: none of their cancellations ends it, only the timeout.
            using var timeout = new CancellationTokenSource(_options.Value.Timeout);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, timeout.Token);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException || Dependencies.AreDown(e))
            {
                throw new SessionCheckUnavailableException($"Network cannot be reached to check a session ({e.GetType().Name}).", e);
            }
            using (response)
            {
                var current = response.StatusCode switch
                {
                    _ when response.IsSuccessStatusCode => true,
                    HttpStatusCode.Unauthorized => false,
                    var status => throw new SessionCheckUnavailableException($"Network answered {(int)status} when asked about a session."),
                };
                _verdicts.Set(key, new Verdict(current, _clock.GetUtcNow()), new MemoryCacheEntryOptions
                {
                    Size = 1,
                    AbsoluteExpirationRelativeToNow = current ? _options.Value.CacheFor * 2 : EndedFor,
                });
                return current;
            }
        }
        finally
        {
            _asking.TryRemove(key, out _);
        }
    }

    public void Dispose() => _verdicts.Dispose();

    private sealed record Verdict(bool Current, DateTimeOffset CheckedAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Neither Services:network nor Dapr is configured: access tokens that carry a session stamp are answered 503")]
    private static partial void LogNoAddress(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sessions cannot be checked ({Reason}); believing Network's verdict of {Age} s ago")]
    private static partial void LogStale(ILogger logger, int age, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sessions cannot be checked ({Reason}); answering 503")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
