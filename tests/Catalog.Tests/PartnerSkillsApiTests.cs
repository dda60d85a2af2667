using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Catalog.Data;
using Marketplace.Catalog.Partners;
using Marketplace.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace Marketplace.Catalog.Tests;

public sealed class PartnerSkillsApiTests : IAsyncLifetime
{
    private static readonly Guid Firm = Guid.NewGuid();
    private static readonly Guid Other = Guid.NewGuid();
    private ServiceUnderTest<CatalogDbContext> _service = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _service = await ServiceUnderTest<CatalogDbContext>.StartAsync("catalog");

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    private static object Profile(DateOnly azExpires) => new
    {
        claims = new object[]
        {
            new { skillId = "azure-virtual-machines", level = 4, years = 6, evidence = new { description = "40 VM estates moved", links = new[] { "https://cloudbridge.example/cases/vm" } } },
            new { skillId = "microsoft-intune", level = 3, years = 2 },
        },
        certifications = new object[] { new { certificationId = "az-104", engineer = "Mei Lin", expiresOn = azExpires.ToString("yyyy-MM-dd") } },
    };

    [Fact]
    public async Task A_partner_declares_skills_with_evidence_and_others_see_what_is_verified_but_not_who_holds_it()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var saved = await SendAsync(HttpMethod.Put, $"/api/catalog/partners/{Firm}/skills", TestTokens.For(Firm, "Dispatcher"), Profile(today.AddYears(1)), HttpStatusCode.OK);
        var vm = saved.GetProperty("claims").EnumerateArray().First(c => c.GetProperty("skillId").GetString() == "azure-virtual-machines");
        vm.GetProperty("verified").GetBoolean().ShouldBeTrue();
        vm.GetProperty("levelName").GetString().ShouldBe("Expert");
        saved.GetProperty("certifications")[0].GetProperty("engineer").GetString().ShouldBe("Mei Lin");

        var seen = await SendAsync(HttpMethod.Get, $"/api/catalog/partners/{Firm}/skills", TestTokens.For(Other, "Owner"), null, HttpStatusCode.OK);
        seen.GetProperty("claims").GetArrayLength().ShouldBe(2);
        seen.GetProperty("claims").EnumerateArray().Single(c => c.GetProperty("skillId").GetString() == "microsoft-intune").GetProperty("verified").GetBoolean().ShouldBeFalse();
        seen.GetProperty("certifications")[0].GetProperty("engineer").ValueKind.ShouldBe(JsonValueKind.Null);

        (await _service.Db.ScalarAsync<long>($"""SELECT count(*) FROM "OutboxMessages" WHERE "AggregateKey" = '{Firm}' AND "MessageType" LIKE '%PartnerSkillsChanged'""")).ShouldBe(1);

        // Saving the same profile again replaces it (claims and certifications) rather than failing or doubling.
        var again = await SendAsync(HttpMethod.Put, $"/api/catalog/partners/{Firm}/skills", TestTokens.For(Firm, "Owner"), Profile(today.AddYears(2)), HttpStatusCode.OK);
        again.GetProperty("certifications").GetArrayLength().ShouldBe(1);
        again.GetProperty("certifications")[0].GetProperty("expiresOn").GetString().ShouldBe(today.AddYears(2).ToString("yyyy-MM-dd"));
        again.GetProperty("claims").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task Only_the_firms_Owner_or_Dispatcher_changes_its_profile()
    {
        (await StatusAsync(HttpMethod.Put, $"/api/catalog/partners/{Firm}/skills", TestTokens.For(Other, "Owner"), Profile(new DateOnly(2030, 1, 1)))).ShouldBe(HttpStatusCode.NotFound);
        (await StatusAsync(HttpMethod.Put, $"/api/catalog/partners/{Firm}/skills", TestTokens.For(Firm, "Engineer"), Profile(new DateOnly(2030, 1, 1)))).ShouldBe(HttpStatusCode.Forbidden);
        (await StatusAsync(HttpMethod.Put, $"/api/catalog/partners/{Firm}/skills", null, Profile(new DateOnly(2030, 1, 1)))).ShouldBe(HttpStatusCode.Unauthorized);
        (await StatusAsync(HttpMethod.Get, $"/api/catalog/partners/{Firm}/skills", null, null)).ShouldBe(HttpStatusCode.Unauthorized);
        (await StatusAsync(HttpMethod.Get, $"/api/catalog/partners/{Firm}/skills", TestTokens.For(Firm, "Owner"), null)).ShouldBe(HttpStatusCode.NotFound); // nothing saved
    }

    [Fact]
    public async Task Bad_claims_are_named_field_by_field()
    {
        var problem = await SendAsync(HttpMethod.Put, $"/api/catalog/partners/{Firm}/skills", TestTokens.For(Firm, "Owner"), new
        {
            claims = new object[]
            {
                new { skillId = "underwater-basket-weaving", level = 3 },
                new { skillId = "postgresql", level = 9, years = 99, evidence = new { links = new[] { "javascript:alert(1)" } } },
            },
            certifications = new object[] { new { certificationId = "made-up-cert", engineer = "" } },
        }, HttpStatusCode.BadRequest);

        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(
            ["claims[0].skillId", "claims[1].level", "claims[1].years", "claims[1].evidence.links",
             "certifications[0].certificationId", "certifications[0].engineer", "certifications[0].expiresOn"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_lapsed_certification_is_announced_once_by_the_expiry_job_without_anyone_editing_the_profile()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await SendAsync(HttpMethod.Put, $"/api/catalog/partners/{Firm}/skills", TestTokens.For(Firm, "Owner"), Profile(today), HttpStatusCode.OK);
        var job = new CertificationExpiryJob(_service.Services.GetRequiredService<IServiceScopeFactory>(),
            new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(1)), new ConfigurationBuilder().Build(), NullLogger<CertificationExpiryJob>.Instance);

        (await job.AnnounceExpiriesAsync(Ct)).ShouldBe(1);
        (await job.AnnounceExpiriesAsync(Ct)).ShouldBe(0);

        var bodies = await _service.Db.ScalarAsync<string>($"""
            SELECT string_agg("Body"::text, '|' ORDER BY "Sequence") FROM "OutboxMessages" WHERE "AggregateKey" = '{Firm}'
            """);
        var snapshots = bodies!.Split('|').Select(b => JsonDocument.Parse(b).RootElement).ToList();
        snapshots.Count.ShouldBe(2);
        VerifiedVm(snapshots[0]).ShouldBeTrue();
        VerifiedVm(snapshots[1]).ShouldBeFalse();

        static bool VerifiedVm(JsonElement snapshot) => snapshot.GetProperty("skills").EnumerateArray()
            .Single(s => s.GetProperty("skillId").GetString() == "azure-virtual-machines").GetProperty("verified").GetBoolean();
    }

    private Task<HttpStatusCode> StatusAsync(HttpMethod method, string url, string? token, object? body) => _service.Client.StatusAsync(method, url, token, body);

    private Task<JsonElement> SendAsync(HttpMethod method, string url, string token, object? body, HttpStatusCode expected) => _service.Client.CallAsync(method, url, token, body, expected);
}
