using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Marketplace.Http;

/// <summary>The platform's machine client a service signs its own calls with (section <c>Auth:Machine</c>).</summary>
public sealed class MachineClientOptions
{
    public string ClientId { get; init; } = "";
    public string? ClientSecret { get; init; }
    /// <summary>A mounted secret's file (locally the one scripts/infra.sh keys writes).</summary>
    public string? ClientSecretFile { get; init; }
    /// <summary>Network, where the token endpoint is (<c>Services:network</c>).</summary>
    public Uri? TokenEndpoint { get; set; }

    public string Secret() => ClientSecret ?? (ClientSecretFile is { } file ? File.ReadAllText(file).Trim()
        : throw new InvalidOperationException("Auth:Machine:ClientSecret or ClientSecretFile is required."));
}

/// <summary>
/// A machine token kept until shortly before it expires: one per client id, shared by every call of this host (a
/// singleton in DI, not a static: two hosts in one process keep their own), replaced whole so readers never see half of one.
/// </summary>
public sealed class MachineTokenCache(IHttpClientFactory clients, IOptions<MachineClientOptions> options, TimeProvider clock) : IDisposable
{
    public const string TokenClient = "machine-token";

    private sealed record Cached(string Token, DateTimeOffset Until);

    private readonly ConcurrentDictionary<string, Cached> _tokens = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Dispose() => _gate.Dispose();

    public async Task<string> TokenAsync(CancellationToken ct)
    {
        var client = options.Value;
        if (_tokens.TryGetValue(client.ClientId, out var cached) && cached.Until > clock.GetUtcNow())
        {
            return cached.Token;
        }
        await _gate.WaitAsync(ct);
        try
        {
            if (_tokens.TryGetValue(client.ClientId, out var again) && again.Until > clock.GetUtcNow())
            {
                return again.Token;
            }
            using var http = clients.CreateClient(TokenClient);
            using var response = await http.PostAsync(new Uri(client.TokenEndpoint!, "/connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = client.ClientId, ["client_secret"] = client.Secret(),
            }), ct);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            var lifetime = TimeSpan.FromSeconds(body.TryGetProperty("expires_in", out var e) ? e.GetInt32() : 300);
            var fresh = new Cached(body.GetProperty("access_token").GetString()!, clock.GetUtcNow() + lifetime * 0.8);
            _tokens[client.ClientId] = fresh;
            return fresh.Token;
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>Signs a service's own calls to another service as the platform's machine client.</summary>
public sealed class MachineTokenHandler(MachineTokenCache tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", await tokens.TokenAsync(cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }
}
