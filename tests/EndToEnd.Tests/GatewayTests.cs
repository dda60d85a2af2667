using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marketplace.Testing;
using Shouldly;

namespace Marketplace.EndToEnd.Tests;

public sealed class GatewayTests(MarketplaceFixture system) : IClassFixture<MarketplaceFixture>
{
    private HttpClient Gateway => system.Gateway;

    [Fact]
    public async Task Catalog_answers_m365_through_the_gateway()
    {
        var page = await Gateway.GetFromJsonAsync<JsonElement>("/api/catalog/skills?q=m365", TestContext.Current.CancellationToken);

        var names = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("categoryName").GetString()).ToList();
        names.ShouldNotBeEmpty();
        names.Count(n => n == "Microsoft 365").ShouldBeGreaterThan(names.Count / 2);
    }

    [Fact]
    public async Task A_firm_registered_through_the_gateway_shows_up_in_Matching_and_Scheduling()
    {
        var ct = TestContext.Current.CancellationToken;
        using var created = await Gateway.PostAsJsonAsync("/api/network/firms",
            new { name = "Cloudbridge", timeZone = "Australia/Sydney", takesReferrals = true, ownerName = "Mei", ownerEmail = $"mei-{Guid.NewGuid():N}@cloudbridge.example" }, ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var firmId = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();

        (await Eventually.TrueAsync(async () => (await Gateway.GetAsync($"/api/matching/partners/{firmId}", ct)).IsSuccessStatusCode, TimeSpan.FromSeconds(30)))
            .ShouldBeTrue("Matching never learned of the firm");
        (await Eventually.TrueAsync(async () => (await Gateway.GetAsync($"/api/scheduling/firms/{firmId}", ct)).IsSuccessStatusCode, TimeSpan.FromSeconds(30)))
            .ShouldBeTrue("Scheduling never learned of the firm");

        var partner = await Gateway.GetFromJsonAsync<JsonElement>($"/api/matching/partners/{firmId}", ct);
        partner.GetProperty("timeZone").GetString().ShouldBe("Australia/Sydney");
    }

    [Fact]
    public async Task The_portal_home_page_is_served_through_the_gateway()
    {
        using var response = await Gateway.GetAsync("/", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("<h1>Marketplace</h1>");
    }

    [Theory]
    [InlineData("/api/unknown/thing")]
    [InlineData("/no-such-page")]
    [InlineData("/api/catalog/skills/no-such-skill")]
    [InlineData("/api/network/firms/0193a1b2-0000-7000-8000-000000000001")]
    [InlineData("/api/matching/partners/0193a1b2-0000-7000-8000-000000000001")]
    [InlineData("/api/scheduling/firms/0193a1b2-0000-7000-8000-000000000001")]
    public async Task Unknown_routes_and_ids_get_a_404_problem(string url)
    {
        using var response = await Gateway.GetAsync(url, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Theory]
    [InlineData("{\"name\": ")]
    [InlineData("{\"name\": {\"nested\": true}}")]
    [InlineData("not json at all")]
    public async Task Bad_json_through_the_gateway_gets_a_400_problem(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Gateway.PostAsync("/api/network/firms", content, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task The_gateway_reports_its_own_health()
    {
        using var live = await Gateway.GetAsync("/health/live", TestContext.Current.CancellationToken);
        live.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
