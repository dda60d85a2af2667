using Xunit;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;

namespace Marketplace.Testing;

/// <summary>One call to the API as a client makes it: optional bearer token, optional JSON body.</summary>
public static class ApiCalls
{
    /// <summary>Sends and checks the status; returns the JSON body (an empty object when there is none).</summary>
    public static async Task<JsonElement> CallAsync(this HttpClient client, HttpMethod method, string url, string? token, object? body, HttpStatusCode expected)
    {
        using var response = await client.SendAsync(Request(method, url, token, body), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(expected, $"{method} {url}: {text}");
        return JsonDocument.Parse(text.Length == 0 ? "{}" : text).RootElement;
    }

    /// <summary>Sends and returns the status; an error must come as problem details.</summary>
    public static async Task<HttpStatusCode> StatusAsync(this HttpClient client, HttpMethod method, string url, string? token, object? body = null)
    {
        using var response = await client.SendAsync(Request(method, url, token, body), TestContext.Current.CancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", $"{method} {url}");
        }
        return response.StatusCode;
    }

    /// <summary>Sends and returns the status and body as they are, for tests that judge them row by row.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> SendAsync(this HttpClient client, HttpMethod method, string url, string? token, object? body = null)
    {
        using var response = await client.SendAsync(Request(method, url, token, body), TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static HttpRequestMessage Request(HttpMethod method, string url, string? token, object? body)
    {
        var request = token is null ? new HttpRequestMessage(method, url) : Accounts.Authorized(method, url, token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return request;
    }
}
