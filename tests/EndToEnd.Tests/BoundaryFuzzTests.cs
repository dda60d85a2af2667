using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Testing;
using Shouldly;

namespace Marketplace.EndToEnd.Tests;

/// <summary>
/// The edges random junk does not find: for every operation in every service's OpenAPI document, each field of its body,
/// path and query in turn takes the extreme values of its type (largest and smallest numbers, 1e15, far-future and
/// ancient dates, the longest strings, NUL, unicode), the rest plausible, sent through the gateway with a real token
/// (an owner's, and the operator's for operator routes) and the rate limits lifted, so each reaches its handler.
/// </summary>
[Collection(MarketplaceCollection.Name)]
public sealed class BoundaryFuzzTests(MarketplaceFixture system)
{
    private static readonly string[] Services = ["catalog", "network", "scheduling", "matching"];

    private static readonly JsonNode?[] Integers = [2147483647, -2147483648, 0, -1, 2147483648L, 9223372036854775807L, 1e15];
    private static readonly JsonNode?[] Decimals = [1e15, -1e15, 1e308, 0.001, 79228162514264337593543950335m, 99999999999.999m, 0];
    private static readonly JsonNode?[] Texts = ["", new string('x', 100_000), "a\u0000b", "🙂🙂🙂", "<b>", " ", "ZZZ", "9999-12-31"];
    private static readonly JsonNode?[] Dates = ["9999-12-31", "0001-01-01", "9999-12-27", "2026-02-30", ""];
    private static readonly JsonNode?[] Instants = ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2026-13-01T00:00:00Z"];
    private static readonly JsonNode?[] Guids = [Guid.Empty.ToString(), "ffffffff-ffff-ffff-ffff-ffffffffffff", "not-a-guid"];
    private static readonly string[] PathValues = ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "2147483647", "-2147483648",
        "9223372036854775808", new string('a', 1000), "%F0%9F%99%82"];

    [Fact]
    public async Task Extreme_values_for_every_field_of_every_operation_get_no_5xx()
    {
        var ct = TestContext.Current.CancellationToken;
        var (ownFirm, owner) = await system.NewFirmAsync("Boundary Owner");
        var operatorToken = await Accounts.SignInAsync(system.Gateway, MarketplaceFixture.OperatorEmail, MarketplaceFixture.OperatorPassword);
        var requests = new List<(HttpMethod Method, string Url, JsonNode? Body, string Token)>();
        foreach (var service in Services)
        {
            var document = await system.Gateway.GetFromJsonAsync<JsonObject>($"/openapi/{service}.json", ct) ?? throw new InvalidOperationException(service);
            var schemas = document["components"]?["schemas"]?.AsObject();
            foreach (var (path, operations) in document["paths"]!.AsObject())
            {
                foreach (var (verb, operation) in operations!.AsObject())
                {
                    var token = path.Contains("review", StringComparison.Ordinal) || path.Contains("/settle", StringComparison.Ordinal) || path.Contains("disputes", StringComparison.Ordinal)
                        || (path.StartsWith("/api/catalog/skills", StringComparison.Ordinal) && verb != "get") ? operatorToken : owner;
                    requests.AddRange(Variations(path, verb, operation!.AsObject(), schemas, ownFirm).Select(v => (new HttpMethod(verb.ToUpperInvariant()), v.Url, v.Body, token)));
                }
            }
        }
        requests.Count.ShouldBeGreaterThan(500); // every service's document was read

        var statuses = new ConcurrentDictionary<int, int>();
        var offenders = new ConcurrentQueue<string>();
        using var gate = new SemaphoreSlim(6);
        await Task.WhenAll(requests.Select(async r =>
        {
            await gate.WaitAsync(ct);
            try
            {
                using var request = Accounts.Authorized(r.Method, r.Url, r.Token);
                if (r.Body is not null)
                {
                    request.Content = new StringContent(r.Body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
                }
                using var response = await system.Gateway.SendAsync(request, ct);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                if ((int)response.StatusCode >= 500)
                {
                    var sent = r.Body?.ToJsonString() ?? "";
                    offenders.Enqueue($"{(int)response.StatusCode} {r.Method} {r.Url[..Math.Min(r.Url.Length, 120)]} {sent[..Math.Min(sent.Length, 200)]}");
                }
            }
            finally
            {
                gate.Release();
            }
        }));

        var summary = string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));
        TestContext.Current.TestOutputHelper?.WriteLine($"{requests.Count} boundary requests: {summary}");
        var artifact = Path.Combine(TestInfrastructure.RepositoryRoot(), ".artifacts", "fuzz-boundaries.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(artifact)!);
        await File.WriteAllTextAsync(artifact, $"{requests.Count} boundary requests through the gateway, answers by status: {summary}; {offenders.Count} × 5xx\n"
            + string.Join("\n", offenders.Take(50)) + "\n", ct);
        offenders.Take(20).ShouldBeEmpty($"{offenders.Count} × 5xx ({summary})");
    }

    /// <summary>One request per extreme value of each field: the body's properties (one level deep, and each array's first item), then path and query parameters.</summary>
    /// <remarks>A firm in the path is the caller's own, so the body reaches validation instead of a 404.</remarks>
    private static IEnumerable<(string Url, JsonNode? Body)> Variations(string path, string verb, JsonObject operation, JsonObject? schemas, Guid ownFirm)
    {
        var parameters = operation["parameters"]?.AsArray().Select(p => p!.AsObject()).ToList() ?? [];
        var bodySchema = Resolve(operation["requestBody"]?["content"]?["application/json"]?["schema"], schemas);
        string Url(string? pathValue = null, (string Name, string Value)? query = null)
        {
            var url = System.Text.RegularExpressions.Regex.Replace(path, @"\{[^}]+\}", m => pathValue ?? (m.Value.Contains("version") ? "1"
                : m.Value.Contains("firm", StringComparison.OrdinalIgnoreCase) || (m.Value == "{id}" && path.StartsWith("/api/network/firms", StringComparison.Ordinal)) ? ownFirm.ToString()
                : Guid.NewGuid().ToString()));
            var queries = parameters.Where(p => (string?)p["in"] == "query").Select(p => (string)p["name"]!)
                .Select(name => query is { } q && q.Name == name ? $"{name}={Uri.EscapeDataString(q.Value)}" : null).OfType<string>().ToList();
            return queries.Count == 0 ? url : $"{url}?{string.Join('&', queries)}";
        }
        JsonNode? Baseline() => bodySchema is null ? null : Plausible(bodySchema, schemas, depth: 0);

        yield return (Url(), Baseline());
        if (bodySchema?["properties"] is JsonObject properties)
        {
            foreach (var (name, property) in properties)
            {
                var resolved = Resolve(property, schemas);
                var extremes = Extremes(resolved).ToList();
                if (resolved?["items"] is { } items && Resolve(items, schemas) is JsonObject itemSchema && itemSchema["properties"] is JsonObject itemProperties)
                {
                    // Inside the first item of a list (e.g. a referral's skills, a profile's certifications).
                    foreach (var (itemName, itemProperty) in itemProperties)
                    {
                        foreach (var value in Extremes(Resolve(itemProperty, schemas)))
                        {
                            var body = Baseline()!.AsObject();
                            var item = Plausible(itemSchema, schemas, 1)!.AsObject();
                            item[itemName] = value?.DeepClone();
                            body[name] = new JsonArray(item);
                            yield return (Url(), body);
                        }
                    }
                }
                foreach (var value in extremes)
                {
                    var body = Baseline()!.AsObject();
                    body[name] = value?.DeepClone();
                    yield return (Url(), body);
                }
            }
        }
        if (path.Contains('{'))
        {
            foreach (var value in PathValues)
            {
                yield return (Url(pathValue: value), Baseline());
            }
        }
        foreach (var query in parameters.Where(p => (string?)p["in"] == "query"))
        {
            foreach (var value in Extremes(query["schema"]?.AsObject()).Select(v => v is JsonValue j ? j.ToString() : v?.ToJsonString() ?? ""))
            {
                yield return (Url(query: ((string)query["name"]!, value)), Baseline());
            }
        }
    }

    private static JsonObject? Resolve(JsonNode? schema, JsonObject? schemas) =>
        schema?["$ref"] is JsonValue reference ? schemas?[((string)reference!).Split('/')[^1]]?.AsObject() : schema as JsonObject;

    private static IReadOnlyList<string> Types(JsonObject? schema) => schema?["type"] switch
    {
        JsonArray many => [.. many.Select(t => (string)t!)],
        JsonValue one => [(string)one!],
        _ => [],
    };

    private static JsonNode?[] Extremes(JsonObject? schema)
    {
        var types = Types(schema);
        var format = (string?)schema?["format"];
        if (format is "uuid") return Guids;
        if (format is "date") return Dates;
        if (format is "date-time") return Instants;
        if (types.Contains("integer")) return Integers;
        if (types.Contains("number")) return Decimals;
        if (types.Contains("boolean")) return [true, false, "yes"];
        if (types.Contains("array")) return [new JsonArray(), new JsonArray([.. Enumerable.Range(0, 2000).Select(i => JsonValue.Create($"x{i}"))]), "not a list"];
        if (types.Contains("object")) return [new JsonObject(), "not an object"];
        return Texts;
    }

    private static JsonNode? Plausible(JsonObject schema, JsonObject? schemas, int depth)
    {
        var types = Types(schema);
        var format = (string?)schema["format"];
        if (schema["properties"] is JsonObject properties && depth < 2)
        {
            var result = new JsonObject();
            foreach (var (name, property) in properties)
            {
                result[name] = Resolve(property, schemas) is { } resolved ? Plausible(resolved, schemas, depth + 1) : null;
            }
            return result;
        }
        return format switch
        {
            "uuid" => Guid.NewGuid().ToString(),
            "date" => DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd"),
            "date-time" => DateTime.UtcNow.AddDays(10).ToString("O"),
            _ when types.Contains("integer") => 10,
            _ when types.Contains("number") => 100.5,
            _ when types.Contains("boolean") => true,
            _ when types.Contains("array") => Resolve(schema["items"], schemas) is { } item ? new JsonArray(Plausible(item, schemas, depth + 1)) : new JsonArray(),
            _ => "Plausible text for a field",
        };
    }
}
