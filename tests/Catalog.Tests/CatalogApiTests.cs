using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Catalog.Data;
using Marketplace.Catalog.Skills;
using Marketplace.Testing;
using Shouldly;

namespace Marketplace.Catalog.Tests;

public sealed class CatalogApiTests : IAsyncLifetime
{
    private ServiceUnderTest<CatalogDbContext> _service = null!;

    private HttpClient Client => _service.Client;
    private TestDatabase Db => _service.Db;

    public async ValueTask InitializeAsync() => _service = await ServiceUnderTest<CatalogDbContext>.StartAsync("catalog");

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Searching_m365_returns_Microsoft_365_skills_with_their_category()
    {
        var page = await Client.GetFromJsonAsync<JsonElement>("/api/catalog/skills?q=m365&limit=5", TestContext.Current.CancellationToken);

        var items = page.GetProperty("items").EnumerateArray().ToList();
        items.Count.ShouldBe(5);
        items.ShouldAllBe(i => i.GetProperty("name").GetString()!.Contains("365") || i.GetProperty("categoryName").GetString() == "Microsoft 365");
    }

    [Fact]
    public async Task Without_a_query_every_skill_is_listed_a_page_at_a_time()
    {
        var ct = TestContext.Current.CancellationToken;
        var seen = new HashSet<string>();
        string? cursor = null;
        do
        {
            var page = await Client.GetFromJsonAsync<JsonElement>($"/api/catalog/skills?limit=50{(cursor is null ? "" : "&cursor=" + cursor)}", ct);
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                seen.Add(item.GetProperty("id").GetString()!).ShouldBeTrue();
            }
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        seen.Count.ShouldBe(TaxonomySeed.Load().Skills.Count);
    }

    [Theory]
    [InlineData("/api/catalog/skills?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("/api/catalog/skills?limit=abc", HttpStatusCode.BadRequest)]
    [InlineData("/api/catalog/skills/no-such-skill", HttpStatusCode.NotFound)]
    [InlineData("/api/catalog/nothing-here", HttpStatusCode.NotFound)]
    public async Task Bad_requests_get_problem_details(string url, HttpStatusCode status)
    {
        using var response = await Client.GetAsync(url, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
    }
}
