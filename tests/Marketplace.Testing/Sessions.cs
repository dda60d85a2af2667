using System.Net.Http.Json;
using System.Text.Json;

namespace Marketplace.Testing;

/// <summary>A member's session as an API client holds it: the access token and the refresh token that renews it.</summary>
public sealed record SessionTokens(string AccessToken, string RefreshToken, int ExpiresIn);

/// <summary>The password grant with <c>offline_access</c> and the refresh-token grant, as the portal and API clients use them.</summary>
public static class Sessions
{
    public static async Task<SessionTokens> SignInAsync(HttpClient client, string email, string password = Accounts.Password)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = email, ["password"] = password, ["scope"] = "offline_access",
        });
        using var response = await client.PostAsync("/connect/token", form);
        return await TokensAsync(response, "Sign-in");
    }

    /// <summary>The refresh-token grant; returns the raw response so tests can look at refusals too.</summary>
    public static async Task<HttpResponseMessage> RefreshAsync(HttpClient client, string refreshToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken });
        return await client.PostAsync("/connect/token", form);
    }

    /// <summary>A refresh that must work: the new pair.</summary>
    public static async Task<SessionTokens> RefreshedAsync(HttpClient client, string refreshToken)
    {
        using var response = await RefreshAsync(client, refreshToken);
        return await TokensAsync(response, "Refresh");
    }

    /// <summary>The OAuth error of a refused token request ("invalid_grant"), or null when it was not refused.</summary>
    public static async Task<string?> RefusalAsync(HttpResponseMessage response) =>
        response.IsSuccessStatusCode ? null : (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();

    private static async Task<SessionTokens> TokensAsync(HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode || !body.TryGetProperty("refresh_token", out var refresh))
        {
            throw new InvalidOperationException($"{what} gave no refresh token ({(int)response.StatusCode}): {body}");
        }
        return new SessionTokens(body.GetProperty("access_token").GetString()!, refresh.GetString()!, body.GetProperty("expires_in").GetInt32());
    }
}
