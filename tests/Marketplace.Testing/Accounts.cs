using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Marketplace.Testing;

/// <summary>Firms and members as a client creates them: through the public API and the token endpoint.</summary>
public static class Accounts
{
    public const string Password = "correct-horse-battery";

    public sealed record Registered(Guid FirmId, string Email);

    public static async Task<Registered> RegisterFirmAsync(HttpClient client, string name = "Acme Security", string timeZone = "America/New_York")
    {
        var email = $"owner-{Guid.NewGuid():N}@firm.example";
        using var response = await client.PostAsJsonAsync("/api/network/firms",
            new { name, timeZone, takesReferrals = true, ownerName = "Owner", ownerEmail = email, ownerPassword = Password });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Registering {name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        // Registering answers the same whoever the address belongs to: the firm is learned by signing in.
        var token = await SignInAsync(client, email);
        using var me = await client.SendAsync(Authorized(HttpMethod.Get, "/api/network/me", token));
        return new Registered((await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("firmId").GetGuid(), email);
    }

    /// <summary>The password grant; returns the raw response so tests can look at failures too.</summary>
    public static async Task<HttpResponseMessage> RequestTokenAsync(HttpClient client, string email, string password)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = email,
            ["password"] = password,
        });
        return await client.PostAsync("/connect/token", form);
    }

    public static async Task<string> SignInAsync(HttpClient client, string email, string password = Password)
    {
        using var response = await RequestTokenAsync(client, email, password);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return response.IsSuccessStatusCode
            ? body.GetProperty("access_token").GetString()!
            : throw new InvalidOperationException($"Sign-in failed: {body}");
    }

    public static HttpRequestMessage Authorized(HttpMethod method, string url, string token)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
