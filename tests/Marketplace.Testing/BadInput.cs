using System.Net;
using System.Text;

namespace Marketplace.Testing;

/// <summary>Bodies a careless or hostile client sends: each must get a 4xx problem, never a 5xx.</summary>
public static class BadInput
{
    public static readonly string[] Bodies =
    [
        "",
        "{",
        "{\"name\": ",
        "not json",
        "[]",
        "null",
        "42",
        "{\"name\": 5, \"timeZone\": [], \"claims\": \"many\", \"score\": \"high\", \"level\": {}}",
        "{\"partnerFirmId\": \"not-a-guid\", \"referralId\": 12, \"expiresOn\": \"someday\"}",
        "{\"claims\": [{\"skillId\": null, \"level\": \"5\"}], \"certifications\": [{\"expiresOn\": \"2026-13-45\"}]}",
        "{\"name\": \"" + new string('x', 100_000) + "\", \"description\": \"" + new string('y', 100_000) + "\"}",
        "{\"engagementModes\": [1, 2, 3], \"feeKind\": 7, \"feePercent\": \"ten\"}",
        "{\"workingDays\": [-1, 99], \"opensAt\": \"25:99\", \"closesAt\": 17}",
        "{\"a\":" + string.Concat(Enumerable.Repeat("[", 2_000)) + string.Concat(Enumerable.Repeat("]", 2_000)) + "}",
    ];

    /// <summary>Sends every bad body to the endpoint; returns what was wrong (empty when all answered well).</summary>
    public static async Task<List<string>> CheckAsync(HttpClient client, HttpMethod method, string url, string? token)
    {
        var problems = new List<string>();
        foreach (var body in Bodies)
        {
            using var request = token is null ? new HttpRequestMessage(method, url) : Accounts.Authorized(method, url, token);
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            var type = response.Content.Headers.ContentType?.MediaType;
            if (status is < 400 or >= 500 || type != "application/problem+json")
            {
                problems.Add($"{method} {url} with {Describe(body)}: {status} {type}");
            }
            var text = await response.Content.ReadAsStringAsync();
            if (text.Contains("   at ", StringComparison.Ordinal))
            {
                problems.Add($"{method} {url} with {Describe(body)}: a stack trace in the answer");
            }
        }
        return problems;
    }

    private static string Describe(string body) => body.Length > 40 ? body[..40] + $"… ({body.Length} chars)" : $"'{body}'";
}
