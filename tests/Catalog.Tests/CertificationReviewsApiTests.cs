using System.Net;
using System.Text.Json;
using Marketplace.Catalog.Data;
using Marketplace.Testing;
using Shouldly;

namespace Marketplace.Catalog.Tests;

public sealed class CertificationReviewsApiTests : IAsyncLifetime
{
    private static readonly Guid PlatformFirm = Guid.NewGuid();
    private static readonly string Admin = TestTokens.For(PlatformFirm, "Admin");
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    private ServiceUnderTest<CatalogDbContext> _service = null!;

    private HttpClient Client => _service.Client;

    public async ValueTask InitializeAsync() => _service = await ServiceUnderTest<CatalogDbContext>.StartAsync("catalog");

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    private async Task<List<string>> StateAsync(Guid firm, params (string Certification, string Engineer, string? Credential)[] held)
    {
        var saved = await Client.CallAsync(HttpMethod.Put, $"/api/catalog/partners/{firm}/skills", TestTokens.For(firm, "Owner"), new
        {
            claims = new[] { new { skillId = "cisco-routing-and-switching", level = 4, years = 5 } },
            certifications = held.Select(h => new
            {
                certificationId = h.Certification, engineer = h.Engineer, expiresOn = Today.AddYears(1).ToString("yyyy-MM-dd"),
                credentialId = h.Credential, verificationLink = "https://www.credly.com/badges/" + h.Engineer.Replace(' ', '-'),
            }),
        }, HttpStatusCode.OK);
        return [.. saved.GetProperty("certifications").EnumerateArray().Select(c => c.GetProperty("id").GetString()!)];
    }

    [Fact]
    public async Task The_operator_works_the_queue_oldest_first_a_page_at_a_time_with_the_evidence_to_check()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var a = await StateAsync(first, ("ccna", "Ana Ruiz", "CSCO1234"), ("ccnp-enterprise", "Ana Ruiz", null));
        await Task.Delay(20, TestContext.Current.CancellationToken);
        var b = await StateAsync(second, ("ccna", "Bo Chen", "CSCO9999"));

        var page1 = await Client.CallAsync(HttpMethod.Get, "/api/catalog/certification-reviews?status=Pending&limit=2", Admin, null, HttpStatusCode.OK);
        var items = page1.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("firmId").GetGuid()).ShouldBe([first, first]);
        items.Select(i => i.GetProperty("id").GetString()).ShouldBe(a, ignoreOrder: true);
        var ccna = items.Single(i => i.GetProperty("certificationId").GetString() == "ccna");
        ccna.GetProperty("certificationName").GetString().ShouldBe("Cisco Certified Network Associate (CCNA)");
        ccna.GetProperty("vendor").GetString().ShouldBe("Cisco");
        ccna.GetProperty("engineer").GetString().ShouldBe("Ana Ruiz");
        ccna.GetProperty("credentialId").GetString().ShouldBe("CSCO1234");
        ccna.GetProperty("verificationLink").GetString().ShouldBe("https://www.credly.com/badges/Ana-Ruiz");
        ccna.GetProperty("expiresOn").GetString().ShouldBe(Today.AddYears(1).ToString("yyyy-MM-dd"));
        ccna.GetProperty("status").GetString().ShouldBe("Pending");
        ccna.GetProperty("submittedAt").ValueKind.ShouldBe(JsonValueKind.String);
        var cursor = page1.GetProperty("nextCursor").GetString();
        cursor.ShouldNotBeNull();

        var page2 = await Client.CallAsync(HttpMethod.Get, $"/api/catalog/certification-reviews?limit=2&cursor={Uri.EscapeDataString(cursor)}", Admin, null, HttpStatusCode.OK);
        page2.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ShouldBe(b);
        page2.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);

        // Decided ones leave the Pending queue and appear under their decision.
        await Client.CallAsync(HttpMethod.Post, $"/api/catalog/certification-reviews/{a[0]}/approve", Admin, null, HttpStatusCode.OK);
        await Client.CallAsync(HttpMethod.Post, $"/api/catalog/certification-reviews/{b[0]}/reject", Admin, new { reason = "Credly shows no such badge." }, HttpStatusCode.OK);
        var pending = await Client.CallAsync(HttpMethod.Get, "/api/catalog/certification-reviews", Admin, null, HttpStatusCode.OK);
        pending.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ShouldBe([a[1]]);
        var approved = await Client.CallAsync(HttpMethod.Get, "/api/catalog/certification-reviews?status=approved", Admin, null, HttpStatusCode.OK);
        approved.GetProperty("items").EnumerateArray().Single().GetProperty("reviewedBy").GetString().ShouldNotBeNullOrEmpty();
        var rejected = await Client.CallAsync(HttpMethod.Get, $"/api/catalog/certification-reviews/{b[0]}", Admin, null, HttpStatusCode.OK);
        (rejected.GetProperty("status").GetString(), rejected.GetProperty("rejectionReason").GetString()).ShouldBe(("Rejected", "Credly shows no such badge."));
    }

    [Fact]
    public async Task Reviews_refuse_what_cannot_be_decided_with_problem_details()
    {
        var partner = Guid.NewGuid();
        var ids = await StateAsync(partner, ("ccna", "Ana Ruiz", "CSCO1234"));

        (await Client.StatusAsync(HttpMethod.Post, $"/api/catalog/certification-reviews/{Guid.NewGuid()}/approve", Admin)).ShouldBe(HttpStatusCode.NotFound);
        (await Client.StatusAsync(HttpMethod.Post, $"/api/catalog/certification-reviews/{Guid.NewGuid()}/reject", Admin, new { reason = "No." })).ShouldBe(HttpStatusCode.NotFound);
        (await Client.StatusAsync(HttpMethod.Get, $"/api/catalog/certification-reviews/{Guid.NewGuid()}", Admin)).ShouldBe(HttpStatusCode.NotFound);
        (await Client.StatusAsync(HttpMethod.Post, "/api/catalog/certification-reviews/not-a-guid/approve", Admin)).ShouldBe(HttpStatusCode.NotFound);
        // An operator account of the partner's own firm is still the claimant.
        var own = await Client.CallAsync(HttpMethod.Post, $"/api/catalog/certification-reviews/{ids[0]}/approve", TestTokens.For(partner, "Admin"), null, HttpStatusCode.Forbidden);
        own.GetProperty("type").GetString().ShouldBe("https://marketplace.local/problems/not-allowed");
        own.GetProperty("detail").GetString()!.ShouldStartWith("Operators do not review their own firm's certifications");

        await Client.CallAsync(HttpMethod.Post, $"/api/catalog/certification-reviews/{ids[0]}/approve", Admin, null, HttpStatusCode.OK);
        var conflict = await Client.CallAsync(HttpMethod.Post, $"/api/catalog/certification-reviews/{ids[0]}/approve", Admin, null, HttpStatusCode.Conflict);
        conflict.GetProperty("type").GetString().ShouldBe("https://marketplace.local/problems/state-conflict");
        conflict.GetProperty("detail").GetString()!.ShouldStartWith("This certification was approved already, at ");
        (await Client.StatusAsync(HttpMethod.Post, $"/api/catalog/certification-reviews/{ids[0]}/reject", Admin, new { reason = "No." })).ShouldBe(HttpStatusCode.Conflict);

        foreach (var query in new[] { "status=Expired", "status=1", "status=%00", "limit=0", "limit=101", "limit=abc", "cursor=nonsense", "cursor=99999999999999999999.00000000000000000000000000000000", "cursor=%00" })
        {
            (await Client.StatusAsync(HttpMethod.Get, $"/api/catalog/certification-reviews?{query}", Admin)).ShouldBe(HttpStatusCode.BadRequest, query);
        }
    }

    [Fact]
    public async Task Every_review_and_profile_endpoint_is_described_in_the_OpenAPI_document()
    {
        var document = await Client.CallAsync(HttpMethod.Get, "/openapi/v1.json", null, null, HttpStatusCode.OK);
        var paths = document.GetProperty("paths");
        foreach (var (path, method) in new[]
        {
            ("/api/catalog/certification-reviews", "get"), ("/api/catalog/certification-reviews/{id}", "get"),
            ("/api/catalog/certification-reviews/{id}/approve", "post"), ("/api/catalog/certification-reviews/{id}/reject", "post"),
            ("/api/catalog/partners/{firmId}/skills", "get"), ("/api/catalog/partners/{firmId}/skills", "put"), ("/api/catalog/certifications", "get"),
        })
        {
            paths.GetProperty(path).GetProperty(method).GetProperty("summary").GetString().ShouldNotBeNullOrWhiteSpace($"{method} {path}");
        }
    }
}
