using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Marketplace.Http;

/// <summary>
/// Signs a service's own calls to another service as the platform's machine client: a client-credentials token
/// from Network's token endpoint (<c>Auth:Machine:ClientId</c> and <c>ClientSecret</c> or <c>ClientSecretFile</c>), kept until shortly before it expires.
/// </summary>
public sealed class MachineTokenHandler(IHttpClientFactory clients, IConfiguration config, TimeProvider clock) : DelegatingHandler
{
    public const string TokenClient = "machine-token";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (string Token, DateTimeOffset Until)? _cached;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", await TokenAsync(cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }

    private string Secret() => config["Auth:Machine:ClientSecret"]
        ?? (config["Auth:Machine:ClientSecretFile"] is { } file ? File.ReadAllText(file).Trim() : throw new InvalidOperationException("Auth:Machine:ClientSecret or ClientSecretFile is required."));

    private async Task<string> TokenAsync(CancellationToken ct)
    {
        if (_cached is { } cached && cached.Until > clock.GetUtcNow())
        {
            return cached.Token;
        }
        await Gate.WaitAsync(ct);
        try
        {
            if (_cached is { } again && again.Until > clock.GetUtcNow())
            {
                return again.Token;
            }
            using var http = clients.CreateClient(TokenClient);
            using var response = await http.PostAsync(new Uri(new Uri(config["Services:network"]!), "/connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = config["Auth:Machine:ClientId"]!, ["client_secret"] = Secret(),
            }), ct);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            var lifetime = TimeSpan.FromSeconds(body.TryGetProperty("expires_in", out var e) ? e.GetInt32() : 300);
            _cached = (body.GetProperty("access_token").GetString()!, clock.GetUtcNow() + lifetime * 0.8);
            return _cached.Value.Token;
        }
        finally
        {
            Gate.Release();
        }
    }
}
