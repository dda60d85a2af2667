using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Marketplace.Portal.Account;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Authentication;

namespace Marketplace.Portal.Gateway;

/// <summary>
/// The portal's only way out: calls to the gateway, signed with the access token kept in the signed-in person's cookie.
/// Every answer comes back as a value or the problem the API described, never as an exception the page has to catch.
/// </summary>
public sealed class GatewayClient(IHttpClientFactory clients, IHttpContextAccessor context, ILogger<GatewayClient> logger)
{
    public const string Name = "gateway";
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // One per request (the client is scoped): a page's concurrent calls refused at once share one renewal.
    private readonly Lock _renewing = new();
    private Task<string?>? _renewal;

    /// <summary>The signed-in person's access token: the one renewed during this request once there is one, else the cookie's.</summary>
    private async Task<string?> PersonsTokenAsync(HttpContext http) =>
        _renewal is { IsCompletedSuccessfully: true, Result: { } renewed } ? renewed : await http.GetTokenAsync(PortalAuth.AccessToken);

    private Task<string?> RenewOnceAsync(HttpContext http, CancellationToken ct)
    {
        lock (_renewing)
        {
            return _renewal ??= PortalAuth.RenewNowAsync(http, this, ct);
        }
    }

    public Task<Answer<T>> GetAsync<T>(string url, CancellationToken ct, string? bearer = null) => SendAsync<T>(HttpMethod.Get, url, null, ct, bearer: bearer);

    public Task<Answer<JsonElement>> SendAsync(HttpMethod method, string url, object? body, CancellationToken ct) => SendAsync<JsonElement>(method, url, body, ct);

    /// <summary>A file the API makes (an export): its bytes, type and name as the gateway gave them, or the problem.</summary>
    public async Task<Answer<Download>> DownloadAsync(string url, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (context.HttpContext is { } http && await PersonsTokenAsync(http) is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var client = clients.CreateClient(Name);
        try
        {
            using var response = await client.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
            {
                return new Answer<Download>(response.StatusCode, null, await Problem.ReadAsync(response, ct));
            }
            var headers = response.Content.Headers;
            return new Answer<Download>(response.StatusCode, new Download(await response.Content.ReadAsByteArrayAsync(ct),
                headers.ContentType?.ToString() ?? "application/octet-stream", headers.ContentDisposition?.FileNameStar ?? headers.ContentDisposition?.FileName?.Trim('"')), null);
        }
        catch (HttpRequestException)
        {
            return new Answer<Download>(HttpStatusCode.ServiceUnavailable, null, Problem.Unreachable);
        }
    }

    /// <param name="bearer">The token to send instead of the signed-in person's ("" for none): while signing in there is no cookie yet.</param>
    public async Task<Answer<T>> SendAsync<T>(HttpMethod method, string url, object? body, CancellationToken ct, string? idempotencyKey = null, string? bearer = null)
    {
        var http = context.HttpContext;
        var token = bearer ?? (http is not null ? await PersonsTokenAsync(http) : null);
        var answer = await SendOnceAsync<T>(method, url, body, token, idempotencyKey, ct);
        // The person's token refused (a new role, or signed out elsewhere): renewed once and the call made again (a
        // refused call was not carried out); a refused renewal signs the person out.
        if (answer.Status == HttpStatusCode.Unauthorized && bearer is null && http is not null && !string.IsNullOrEmpty(token) && body is not HttpContent
            && await RenewOnceAsync(http, ct) is { } renewed)
        {
            answer = await SendOnceAsync<T>(method, url, body, renewed, idempotencyKey, ct);
        }
        return answer;
    }

    private async Task<Answer<T>> SendOnceAsync<T>(HttpMethod method, string url, object? body, string? token, string? idempotencyKey, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, url);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        if (body is not null)
        {
            request.Content = body as HttpContent ?? JsonContent.Create(body, options: Json);
        }
        if (!string.IsNullOrEmpty(token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var client = clients.CreateClient(Name);
        try
        {
            using var response = await client.SendAsync(request, ct);
            if (response.IsSuccessStatusCode)
            {
                var value = response.StatusCode == HttpStatusCode.NoContent || typeof(T) == typeof(Unit)
                    ? default : await response.Content.ReadFromJsonAsync<T>(Json, ct);
                return new Answer<T>(response.StatusCode, value, null);
            }
            var problem = await Problem.ReadAsync(response, ct);
            // A refusal is shown to the person; logged too, so a page that "did nothing" can be traced to its answer. A 401
            // is the token's age, renewed once above: not worth a line.
            var level = (int)response.StatusCode switch { >= 500 => LogLevel.Warning, 401 => LogLevel.Debug, _ => LogLevel.Information };
            logger.Log(level, "{Method} {Url} answered {Status}: {Problem}", method, SecretPathRedactor.ForLog(url), (int)response.StatusCode, problem.Detail ?? problem.Title);
            return new Answer<T>(response.StatusCode, default, problem);
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning(e, "{Method} {Url}: the gateway could not be reached", method, SecretPathRedactor.ForLog(url));
            return new Answer<T>(HttpStatusCode.ServiceUnavailable, default, Problem.Unreachable);
        }
    }
}

/// <summary>A file as the API answered it.</summary>
public sealed record Download(byte[] Content, string ContentType, string? FileName);

/// <summary>For calls whose answer has no body worth reading.</summary>
public readonly record struct Unit;

public sealed record Answer<T>(HttpStatusCode Status, T? Value, Problem? Problem)
{
    public bool Ok => Problem is null;
}

/// <summary>
/// An RFC 9457 answer reduced to what a person needs: a sentence, and which field was wrong. The marketplace's refusals
/// name their kind in <c>type</c> and <c>title</c> and carry the sentence for people in <c>detail</c>; an answer without a
/// detail (the token endpoint's OAuth error, a gateway refusal, a validation problem) has its sentence in <see cref="Title"/>.
/// </summary>
/// <param name="Type">The refusal's stable kind (e.g. https://marketplace.local/problems/state-conflict) for code that branches on it; null when the answer named none.</param>
public sealed record Problem(string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors, string? Type = null)
{
    public static readonly Problem Unreachable = new("The marketplace cannot be reached just now; try again in a minute.", null, new Dictionary<string, string[]>());

    /// <summary>What to show a person: the detail when there is one, else the title.</summary>
    public string Message => string.IsNullOrWhiteSpace(Detail) ? Title : Detail;

    public static async Task<Problem> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var fallback = response.StatusCode switch
        {
            HttpStatusCode.BadRequest => "Please check what you entered.",
            HttpStatusCode.Unauthorized => "Please sign in again.",
            HttpStatusCode.Forbidden => "Your role in the firm does not allow this.",
            HttpStatusCode.NotFound => "That no longer exists, or is not yours to see.",
            HttpStatusCode.TooManyRequests => "Too many requests; wait a few seconds and try again.",
            _ => "That did not work.",
        };
        try
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(GatewayClient.Json, ct);
            if (body.ValueKind != JsonValueKind.Object)
            {
                return new Problem(fallback, null, new Dictionary<string, string[]>());
            }
            var errors = new Dictionary<string, string[]>();
            if (body.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in e.EnumerateObject().Where(f => f.Value.ValueKind == JsonValueKind.Array))
                {
                    errors[field.Name] = [.. field.Value.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.String ? m.GetString()! : "")];
                }
            }
            var title = Text(body, "error_description") // the token endpoint's OAuth error
                ?? Text(body, "title");
            return new Problem(string.IsNullOrWhiteSpace(title) || errors.Count > 0 && title.StartsWith("One or more", StringComparison.Ordinal) ? fallback : title,
                Text(body, "detail"), errors, Text(body, "type"));
        }
        catch (JsonException)
        {
            return new Problem(fallback, null, new Dictionary<string, string[]>());
        }
    }

    private static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
