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
    public async Task Nobody_outside_a_firm_changes_its_skills_or_sees_its_engineers_and_only_operators_touch_the_taxonomy_and_reviews()
    {
        var victim = Guid.NewGuid();
        var owner = TestTokens.For(victim, "Owner");
        var saved = await Client.CallAsync(HttpMethod.Put, $"/api/catalog/partners/{victim}/skills", owner, new
        {
            claims = new[] { new { skillId = "postgresql", level = 5, years = 10 } },
            certifications = new[] { new { certificationId = "comptia-security-plus", engineer = "Secret Engineer", expiresOn = DateTime.UtcNow.AddYears(2).ToString("yyyy-MM-dd"), credentialId = "COMP-SECRET-1" } },
        }, HttpStatusCode.OK);
        var held = saved.GetProperty("certifications")[0].GetProperty("id").GetString();
        var before = (await Client.CallAsync(HttpMethod.Get, $"/api/catalog/partners/{victim}/skills", owner, null, HttpStatusCode.OK)).ToString();

        var other = TestTokens.For(Guid.NewGuid(), "Owner");
        var engineer = TestTokens.For(victim, "Engineer");
        var forged = TestTokens.Forged(victim, "Owner");
        // An operator's token carrying the victim's own firm: it may read and list, but never vouch for its own firm.
        var admin = TestTokens.For(victim, "Admin");
        var skills = new { claims = new[] { new { skillId = "mongodb", level = 1 } }, certifications = Array.Empty<object>() };
        var rows = new (HttpMethod Method, string Url, object? Body, HttpStatusCode Other, HttpStatusCode Engineer, HttpStatusCode Anonymous, HttpStatusCode? Admin)[]
        {
            (HttpMethod.Put, $"/api/catalog/partners/{victim}/skills", skills, HttpStatusCode.NotFound, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden),
            (HttpMethod.Get, $"/api/catalog/partners/{victim}/skills", null, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.OK),
            // Operators' taxonomy changes would change the taxonomy here: the Admin column skips them (TaxonomyAdminTests has them).
            (HttpMethod.Post, "/api/catalog/skills", new { name = "Evil", categoryId = "databases" }, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized, null),
            (HttpMethod.Put, "/api/catalog/skills/postgresql", new { name = "Evil", categoryId = "databases" }, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized, null),
            (HttpMethod.Post, "/api/catalog/skills/postgresql/merge", new { into = "mongodb" }, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized, null),
            (HttpMethod.Get, "/api/catalog/certification-reviews?status=Pending", null, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized, HttpStatusCode.OK),
            (HttpMethod.Get, $"/api/catalog/certification-reviews/{held}", null, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized, HttpStatusCode.OK),
            (HttpMethod.Post, $"/api/catalog/certification-reviews/{held}/approve", null, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden),
            (HttpMethod.Post, $"/api/catalog/certification-reviews/{held}/reject", new { reason = "Sabotage" }, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden),
            // The taxonomy is public reading.
            (HttpMethod.Get, "/api/catalog/skills?q=sql", null, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK),
            (HttpMethod.Get, "/api/catalog/certifications", null, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK),
        };
        var mismatches = new List<string>();
        foreach (var row in rows)
        {
            foreach (var (who, token, expected) in new[] { ("other firm", other, row.Other), ("own engineer", engineer, row.Engineer), ("anonymous", (string?)null, row.Anonymous), ("own-firm admin", admin, row.Admin) })
            {
                if (expected is null)
                {
                    continue;
                }
                var (status, body) = await Client.SendAsync(row.Method, row.Url, token, row.Body);
                if (status != expected) mismatches.Add($"{who} {row.Method} {row.Url}: {(int)status}, expected {(int)expected}");
                if (status >= HttpStatusCode.BadRequest && !body.Contains("\"status\"", StringComparison.Ordinal)) mismatches.Add($"{who} {row.Method} {row.Url}: {(int)status} without problem details");
                if (who == "other firm" && (body.Contains("Secret Engineer", StringComparison.Ordinal) || body.Contains("COMP-SECRET-1", StringComparison.Ordinal)))
                {
                    mismatches.Add($"{who} {row.Method} {row.Url} saw an engineer's name or credential");
                }
            }
            if (row.Anonymous == HttpStatusCode.Unauthorized)
            {
                (await Client.StatusAsync(row.Method, row.Url, forged, row.Body)).ShouldBe(HttpStatusCode.Unauthorized, $"forged {row.Method} {row.Url}");
            }
        }

        mismatches.ShouldBeEmpty();
        (await Client.CallAsync(HttpMethod.Get, $"/api/catalog/partners/{victim}/skills", owner, null, HttpStatusCode.OK)).ToString().ShouldBe(before);
        (await Client.CallAsync(HttpMethod.Get, "/api/catalog/skills/postgresql", null, null, HttpStatusCode.OK)).GetProperty("name").GetString().ShouldBe("PostgreSQL");
        (await _service.Db.ScalarAsync<long>($"""SELECT count(*) FROM "OutboxMessages" WHERE "AggregateKey" = '{victim}'""")).ShouldBe(2); // the save only: its snapshot, and its certification's "waits for review"
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
        var saved = await Client.CallAsync(HttpMethod.Put, $"/api/catalog/partners/{firm}/skills", TestTokens.For(firm, "Owner"), new
        {
            claims = Array.Empty<object>(),
            certifications = new[] { new { certificationId = "ccna", engineer = "Ana Ruiz", expiresOn = DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd") } },
        }, HttpStatusCode.OK);
        var held = saved.GetProperty("certifications")[0].GetProperty("id").GetString();
        problems.AddRange(await BadInput.CheckAsync(Client, HttpMethod.Post, $"/api/catalog/certification-reviews/{held}/reject", admin));
        problems.AddRange(await BadInput.CheckAsync(Client, HttpMethod.Post, $"/api/catalog/certification-reviews/{Guid.NewGuid()}/reject", admin));

        problems.ShouldBeEmpty();
        (await Client.CallAsync(HttpMethod.Get, "/api/catalog/skills/postgresql", null, null, HttpStatusCode.OK)).GetProperty("name").GetString().ShouldBe("PostgreSQL");
        (await Client.CallAsync(HttpMethod.Get, $"/api/catalog/certification-reviews/{held}", admin, null, HttpStatusCode.OK)).GetProperty("status").GetString().ShouldBe("Pending");
    }

    [Fact]
    public async Task Hostile_values_in_certifications_and_reviews_get_a_4xx_problem_never_a_5xx()
    {
        var firm = Guid.NewGuid();
        var owner = TestTokens.For(firm, "Owner");
        var admin = TestTokens.For(Guid.NewGuid(), "Admin");
        var inAYear = DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd");
        object Held(object certification) => new { claims = Array.Empty<object>(), certifications = new[] { certification } };
        var bodies = new object[]
        {
            Held(new { certificationId = "ccna", engineer = "Ana\u0000Ruiz", expiresOn = inAYear }),
            Held(new { certificationId = "ccna", engineer = new string('e', 100_000), expiresOn = inAYear }),
            Held(new { certificationId = "ccna", engineer = "Ana", expiresOn = inAYear, credentialId = "X\u0000Y" }),
            Held(new { certificationId = "ccna", engineer = "Ana", expiresOn = inAYear, credentialId = new string('9', 100_000) }),
            Held(new { certificationId = "ccna", engineer = "Ana", expiresOn = inAYear, verificationLink = "https://cisco.example/\u0000" }),
            Held(new { certificationId = "ccna", engineer = "Ana", expiresOn = inAYear, verificationLink = "file:///etc/passwd" }),
            Held(new { certificationId = "ccna", engineer = "Ana", expiresOn = inAYear, verificationLink = "https://" + new string('a', 600) + ".example" }),
            Held(new { certificationId = "ccna", engineer = "Ana", expiresOn = "9999-12-31" }),
            Held(new { certificationId = "ccna", engineer = "Ana", expiresOn = "0001-01-01" }),
            Held(new { certificationId = "ccna", engineer = "Ana", expiresOn = "+10000-01-01" }),
            Held(new { certificationId = "cc\u0000na", engineer = "Ana", expiresOn = inAYear }),
            new { claims = new object?[] { null }, certifications = new object?[] { null } },
            new { claims = new[] { new { skillId = "postgresql", level = 3, evidence = new { description = "a\u0000b" } } }, certifications = Array.Empty<object>() },
        };
        var problems = new List<string>();
        foreach (var body in bodies)
        {
            var (status, text) = await Client.SendAsync(HttpMethod.Put, $"/api/catalog/partners/{firm}/skills", owner, body);
            if (status != HttpStatusCode.BadRequest || !text.Contains("\"errors\"", StringComparison.Ordinal) && !text.Contains("\"title\"", StringComparison.Ordinal))
            {
                problems.Add($"{System.Text.Json.JsonSerializer.Serialize(body)[..Math.Min(120, System.Text.Json.JsonSerializer.Serialize(body).Length)]}: {(int)status}");
            }
        }
        var saved = await Client.CallAsync(HttpMethod.Put, $"/api/catalog/partners/{firm}/skills", owner, Held(new { certificationId = "ccna", engineer = "Ana", expiresOn = inAYear }), HttpStatusCode.OK);
        var held = saved.GetProperty("certifications")[0].GetProperty("id").GetString();
        foreach (var reason in new[] { "bad\u0000reason", new string('r', 100_000), "   " })
        {
            var (status, _) = await Client.SendAsync(HttpMethod.Post, $"/api/catalog/certification-reviews/{held}/reject", admin, new { reason });
            if (status != HttpStatusCode.BadRequest) problems.Add($"reject with reason of {reason.Length} chars: {(int)status}");
        }
        // (A NUL in the path itself never reaches the service: the server refuses the request line.)
        foreach (var url in new[] { "/api/catalog/certification-reviews/00000000-0000-0000-0000-00000000000g/approve", "/api/catalog/certification-reviews/%20/approve",
            $"/api/catalog/certification-reviews?cursor={new string('9', 5000)}", "/api/catalog/certification-reviews?limit=99999999999" })
        {
            var (status, _) = await Client.SendAsync(url.EndsWith("/approve", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get, url, admin);
            if (status is < HttpStatusCode.BadRequest or >= HttpStatusCode.InternalServerError) problems.Add($"{url}: {(int)status}");
        }

        problems.ShouldBeEmpty();
        (await Client.CallAsync(HttpMethod.Get, $"/api/catalog/partners/{firm}/skills", owner, null, HttpStatusCode.OK))
            .GetProperty("certifications")[0].GetProperty("status").GetString().ShouldBe("Pending");
    }
}
