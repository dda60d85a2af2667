using System.Net;
using Marketplace.Catalog.Data;
using Marketplace.Testing;
using Shouldly;

namespace Marketplace.Catalog.Tests;

public sealed class IsolationAndBadInputTests : IAsyncLifetime
{
    private ServiceUnderTest<CatalogDbContext> _service = null!;

    private HttpClient Client => _service.Client;

    public async ValueTask InitializeAsync() => _service = await ServiceUnderTest<CatalogDbContext>.StartAsync("catalog");

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Nobody_outside_a_firm_changes_its_skills_or_sees_its_engineers_and_only_operators_touch_the_taxonomy()
    {
        var victim = Guid.NewGuid();
        var owner = TestTokens.For(victim, "Owner");
        await Client.CallAsync(HttpMethod.Put, $"/api/catalog/partners/{victim}/skills", owner, new
        {
            claims = new[] { new { skillId = "postgresql", level = 5, years = 10 } },
            certifications = new[] { new { certificationId = "comptia-security-plus", engineer = "Secret Engineer", expiresOn = "2030-01-01" } },
        }, HttpStatusCode.OK);
        var before = (await Client.CallAsync(HttpMethod.Get, $"/api/catalog/partners/{victim}/skills", owner, null, HttpStatusCode.OK)).ToString();

        var other = TestTokens.For(Guid.NewGuid(), "Owner");
        var engineer = TestTokens.For(victim, "Engineer");
        var forged = TestTokens.Forged(victim, "Owner");
        var skills = new { claims = new[] { new { skillId = "mongodb", level = 1 } }, certifications = Array.Empty<object>() };
        var rows = new (HttpMethod Method, string Url, object? Body, HttpStatusCode Other, HttpStatusCode Engineer, HttpStatusCode Anonymous)[]
        {
            (HttpMethod.Put, $"/api/catalog/partners/{victim}/skills", skills, HttpStatusCode.NotFound, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized),
            (HttpMethod.Get, $"/api/catalog/partners/{victim}/skills", null, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized),
            (HttpMethod.Post, "/api/catalog/skills", new { name = "Evil", categoryId = "databases" }, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized),
            (HttpMethod.Put, "/api/catalog/skills/postgresql", new { name = "Evil", categoryId = "databases" }, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized),
            (HttpMethod.Post, "/api/catalog/skills/postgresql/merge", new { into = "mongodb" }, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized),
            // The taxonomy is public reading.
            (HttpMethod.Get, "/api/catalog/skills?q=sql", null, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK),
            (HttpMethod.Get, "/api/catalog/certifications", null, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK),
        };
        var mismatches = new List<string>();
        foreach (var row in rows)
        {
            foreach (var (who, token, expected) in new[] { ("other firm", other, row.Other), ("own engineer", engineer, row.Engineer), ("anonymous", (string?)null, row.Anonymous) })
            {
                var (status, body) = await Client.SendAsync(row.Method, row.Url, token, row.Body);
                if (status != expected) mismatches.Add($"{who} {row.Method} {row.Url}: {(int)status}, expected {(int)expected}");
                if (who == "other firm" && body.Contains("Secret Engineer", StringComparison.Ordinal)) mismatches.Add($"{who} {row.Method} {row.Url} saw an engineer's name");
            }
            if (row.Anonymous == HttpStatusCode.Unauthorized)
            {
                (await Client.StatusAsync(row.Method, row.Url, forged, row.Body)).ShouldBe(HttpStatusCode.Unauthorized, $"forged {row.Method} {row.Url}");
            }
        }

        mismatches.ShouldBeEmpty();
        (await Client.CallAsync(HttpMethod.Get, $"/api/catalog/partners/{victim}/skills", owner, null, HttpStatusCode.OK)).ToString().ShouldBe(before);
        (await Client.CallAsync(HttpMethod.Get, "/api/catalog/skills/postgresql", null, null, HttpStatusCode.OK)).GetProperty("name").GetString().ShouldBe("PostgreSQL");
    }

    [Fact]
    public async Task Every_endpoint_that_takes_a_body_answers_garbage_with_a_4xx_problem()
    {
        var firm = Guid.NewGuid();
        var problems = new List<string>();
        problems.AddRange(await BadInput.CheckAsync(Client, HttpMethod.Put, $"/api/catalog/partners/{firm}/skills", TestTokens.For(firm, "Owner")));
        var admin = TestTokens.For(Guid.NewGuid(), "Admin");
        problems.AddRange(await BadInput.CheckAsync(Client, HttpMethod.Post, "/api/catalog/skills", admin));
        problems.AddRange(await BadInput.CheckAsync(Client, HttpMethod.Put, "/api/catalog/skills/postgresql", admin));
        problems.AddRange(await BadInput.CheckAsync(Client, HttpMethod.Post, "/api/catalog/skills/postgresql/merge", admin));

        problems.ShouldBeEmpty();
        (await Client.CallAsync(HttpMethod.Get, "/api/catalog/skills/postgresql", null, null, HttpStatusCode.OK)).GetProperty("name").GetString().ShouldBe("PostgreSQL");
    }
}
