using System.Net;
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
    /// <summary>The platform's operator, of a firm of its own.</summary>
    private static readonly string Admin = TestTokens.For(Guid.NewGuid(), "Admin");
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    private ServiceUnderTest<CatalogDbContext> _service = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _service = await ServiceUnderTest<CatalogDbContext>.StartAsync("catalog");

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    private static object Profile(DateOnly azExpires, string credentialId = "I-123-456") => new
    {
        claims = new object[]
        {
            new { skillId = "azure-virtual-machines", level = 4, years = 6, evidence = new { description = "40 VM estates moved", links = new[] { "https://cloudbridge.example/cases/vm" } } },
            new { skillId = "microsoft-intune", level = 3, years = 2 },
        },
        certifications = new object[]
        {
            new { certificationId = "az-104", engineer = "Mei Lin", expiresOn = azExpires.ToString("yyyy-MM-dd"), credentialId, verificationLink = "https://learn.microsoft.com/api/credentials/share/en-us/MeiLin/ABC" },
        },
    };

    [Fact]
    public async Task A_certification_the_firm_adds_is_pending_and_its_snapshot_says_unverified()
    {
        var saved = await SendAsync(HttpMethod.Put, $"/api/catalog/partners/{Firm}/skills", TestTokens.For(Firm, "Dispatcher"), Profile(Today.AddMonths(6)), HttpStatusCode.OK);

        var vm = Claim(saved, "azure-virtual-machines");
        vm.GetProperty("verified").GetBoolean().ShouldBeFalse();
        vm.GetProperty("verifiedUntil").ValueKind.ShouldBe(JsonValueKind.Null);
        vm.GetProperty("levelName").GetString().ShouldBe("Expert");
        var held = saved.GetProperty("certifications")[0];
        held.GetProperty("status").GetString().ShouldBe("Pending");
        held.GetProperty("engineer").GetString().ShouldBe("Mei Lin");
        held.GetProperty("credentialId").GetString().ShouldBe("I-123-456");
        held.GetProperty("verificationLink").GetString().ShouldBe("https://learn.microsoft.com/api/credentials/share/en-us/MeiLin/ABC");
        held.GetProperty("vendor").GetString().ShouldBe("Microsoft");
        Guid.TryParse(held.GetProperty("id").GetString(), out _).ShouldBeTrue();

        var snapshots = await SnapshotsAsync(Firm);
        snapshots.Count.ShouldBe(1);
        snapshots[0].GetProperty("skills").EnumerateArray().ShouldAllBe(s => !s.GetProperty("verified").GetBoolean());
        // The operators are told it waits for them (Notifications mails them), once: saving the same again adds nothing.
        async Task<string?> Submitted() => await _service.Db.ScalarAsync<string>($"""
            SELECT string_agg("Body"->>'status' || ':' || ("Body"->>'certificationRecordId'), ',') FROM "OutboxMessages"
            WHERE "AggregateKey" = '{Firm}' AND "MessageType" LIKE '%CertificationReviewed'
            """);
        (await Submitted()).ShouldBe($"Pending:{held.GetProperty("id").GetString()}");
        await SendAsync(HttpMethod.Put, $"/api/catalog/partners/{Firm}/skills", TestTokens.For(Firm, "Dispatcher"), Profile(Today.AddMonths(6)), HttpStatusCode.OK);
        (await Submitted()).ShouldBe($"Pending:{held.GetProperty("id").GetString()}");

        // Other firms see the claims, unverified, and no certification that nobody has checked.
        var seen = await SendAsync(HttpMethod.Get, $"/api/catalog/partners/{Firm}/skills", TestTokens.For(Other, "Owner"), null, HttpStatusCode.OK);
        seen.GetProperty("claims").GetArrayLength().ShouldBe(2);
        seen.GetProperty("claims").EnumerateArray().ShouldAllBe(c => !c.GetProperty("verified").GetBoolean());
        seen.GetProperty("certifications").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task After_the_operators_approval_the_claim_is_verified_and_a_new_snapshot_goes_out()
    {
        var saved = await SendAsync(HttpMethod.Put, $"/api/catalog/partners/{Firm}/skills", TestTokens.For(Firm, "Owner"), Profile(Today.AddMonths(6)), HttpStatusCode.OK);
        var id = saved.GetProperty("certifications")[0].GetProperty("id").GetString();

        var reviewed = await SendAsync(HttpMethod.Post, $"/api/catalog/certification-reviews/{id}/approve", Admin, null, HttpStatusCode.OK);

        reviewed.GetProperty("status").GetString().ShouldBe("Approved");
        reviewed.GetProperty("reviewedAt").ValueKind.ShouldBe(JsonValueKind.String);
        var snapshots = await SnapshotsAsync(Firm);
        snapshots.Count.ShouldBe(2);
        var vm = snapshots[1].GetProperty("skills").EnumerateArray().Single(s => s.GetProperty("skillId").GetString() == "azure-virtual-machines");
        vm.GetProperty("verified").GetBoolean().ShouldBeTrue();
        vm.GetProperty("verifiedUntil").GetString().ShouldBe(Today.AddMonths(6).ToString("yyyy-MM-dd"));

        var own = await SendAsync(HttpMethod.Get, $"/api/catalog/partners/{Firm}/skills", TestTokens.For(Firm, "Engineer"), null, HttpStatusCode.OK);
        Claim(own, "azure-virtual-machines").GetProperty("verified").GetBoolean().ShouldBeTrue();
        Claim(own, "microsoft-intune").GetProperty("verified").GetBoolean().ShouldBeFalse();
        own.GetProperty("certifications")[0].GetProperty("status").GetString().ShouldBe("Approved");

        // Others see that it is verified and by which certification, never who holds it or the evidence behind it.
        var seen = await SendAsync(HttpMethod.Get, $"/api/catalog/partners/{Firm}/skills", TestTokens.For(Other, "Owner"), null, HttpStatusCode.OK);
        Claim(seen, "azure-virtual-machines").GetProperty("verified").GetBoolean().ShouldBeTrue();
        var public104 = seen.GetProperty("certifications").EnumerateArray().Single();
        public104.GetProperty("certificationId").GetString().ShouldBe("az-104");
        foreach (var hidden in new[] { "engineer", "credentialId", "verificationLink", "status", "id" })
        {
            public104.GetProperty(hidden).ValueKind.ShouldBe(JsonValueKind.Null, hidden);
        }

        // Reviewed once: a second decision is a conflict, and the queue no longer lists it.
        (await StatusAsync(HttpMethod.Post, $"/api/catalog/certification-reviews/{id}/approve", Admin, null)).ShouldBe(HttpStatusCode.Conflict);
        (await StatusAsync(HttpMethod.Post, $"/api/catalog/certification-reviews/{id}/reject", Admin, new { reason = "Too late" })).ShouldBe(HttpStatusCode.Conflict);
        (await SnapshotsAsync(Firm)).Count.ShouldBe(2);

        // Saving the same profile again keeps the review; changing the certification's expiry makes it a new claim to check.
        var again = await SendAsync(HttpMethod.Put, $"/api/catalog/partners/{Firm}/skills", TestTokens.For(Firm, "Owner"), Profile(Today.AddMonths(6)), HttpStatusCode.OK);
        again.GetProperty("certifications")[0].GetProperty("id").GetString().ShouldBe(id);
        again.GetProperty("certifications")[0].GetProperty("status").GetString().ShouldBe("Approved");
        Claim(again, "azure-virtual-machines").GetProperty("verified").GetBoolean().ShouldBeTrue();
        var changed = await SendAsync(HttpMethod.Put, $"/api/catalog/partners/{Firm}/skills", TestTokens.For(Firm, "Owner"), Profile(Today.AddMonths(9)), HttpStatusCode.OK);
        changed.GetProperty("certifications").GetArrayLength().ShouldBe(1);
        changed.GetProperty("certifications")[0].GetProperty("id").GetString().ShouldNotBe(id);
        changed.GetProperty("certifications")[0].GetProperty("status").GetString().ShouldBe("Pending");
        Claim(changed, "azure-virtual-machines").GetProperty("verified").GetBoolean().ShouldBeFalse();
        VerifiedVm((await SnapshotsAsync(Firm))[^1]).ShouldBeFalse();
        (await StatusAsync(HttpMethod.Post, $"/api/catalog/certification-reviews/{id}/approve", Admin, null)).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_rejection_and_its_reason_are_shown_to_the_partner_and_verify_nothing()
    {
        var saved = await SendAsync(HttpMethod.Put, $"/api/catalog/partners/{Firm}/skills", TestTokens.For(Firm, "Owner"), Profile(Today.AddMonths(6)), HttpStatusCode.OK);
        var id = saved.GetProperty("certifications")[0].GetProperty("id").GetString();

        (await SendAsync(HttpMethod.Post, $"/api/catalog/certification-reviews/{id}/reject", Admin, new { reason = "" }, HttpStatusCode.BadRequest))
            .GetProperty("errors").GetProperty("reason").GetArrayLength().ShouldBe(1);
        (await SendAsync(HttpMethod.Post, $"/api/catalog/certification-reviews/{id}/reject", Admin, new { reason = new string('x', 501) }, HttpStatusCode.BadRequest))
            .GetProperty("errors").GetProperty("reason").GetArrayLength().ShouldBe(1);
        var rejected = await SendAsync(HttpMethod.Post, $"/api/catalog/certification-reviews/{id}/reject", Admin,
            new { reason = "Credential I-123-456 is not on Microsoft's transcript for Mei Lin." }, HttpStatusCode.OK);
        rejected.GetProperty("status").GetString().ShouldBe("Rejected");

        var own = await SendAsync(HttpMethod.Get, $"/api/catalog/partners/{Firm}/skills", TestTokens.For(Firm, "Owner"), null, HttpStatusCode.OK);
        var held = own.GetProperty("certifications")[0];
        held.GetProperty("status").GetString().ShouldBe("Rejected");
        held.GetProperty("rejectionReason").GetString().ShouldBe("Credential I-123-456 is not on Microsoft's transcript for Mei Lin.");
        Claim(own, "azure-virtual-machines").GetProperty("verified").GetBoolean().ShouldBeFalse();
        var snapshots = await SnapshotsAsync(Firm);
        snapshots.Count.ShouldBe(2); // the review re-announces the partner, whatever the decision
        VerifiedVm(snapshots[1]).ShouldBeFalse();
        (await SendAsync(HttpMethod.Get, $"/api/catalog/partners/{Firm}/skills", TestTokens.For(Other, "Owner"), null, HttpStatusCode.OK))
            .ToString().ShouldNotContain("transcript");

        // Stated again with the right credential id: a new claim, waiting for review.
        var fixedUp = await SendAsync(HttpMethod.Put, $"/api/catalog/partners/{Firm}/skills", TestTokens.For(Firm, "Owner"), Profile(Today.AddMonths(6), "I-123-457"), HttpStatusCode.OK);
        fixedUp.GetProperty("certifications")[0].GetProperty("status").GetString().ShouldBe("Pending");
        fixedUp.GetProperty("certifications")[0].GetProperty("rejectionReason").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task An_expiry_beyond_what_the_vendor_issues_or_already_past_is_refused_naming_the_field()
    {
        async Task<string[]> RefusedAsync(string certification, string expiresOn) =>
            [.. (await SendAsync(HttpMethod.Put, $"/api/catalog/partners/{Firm}/skills", TestTokens.For(Firm, "Owner"), new
            {
                claims = Array.Empty<object>(),
                certifications = new[] { new { certificationId = "ccna", engineer = "Ana Ruiz", expiresOn = Today.AddYears(1).ToString("yyyy-MM-dd") }, new { certificationId = certification, engineer = "Nobody Real", expiresOn } },
            }, HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject().Select(e => e.Name)];

        (await RefusedAsync("ccnp-enterprise", "9999-12-31")).ShouldBe(["certifications[1].expiresOn"]);
        (await RefusedAsync("ccnp-enterprise", Today.AddYears(3).AddDays(1).ToString("yyyy-MM-dd"))).ShouldBe(["certifications[1].expiresOn"]);
        (await RefusedAsync("az-104", Today.AddYears(1).AddDays(1).ToString("yyyy-MM-dd"))).ShouldBe(["certifications[1].expiresOn"]); // Microsoft: one year
        (await RefusedAsync("ccnp-enterprise", Today.AddDays(-1).ToString("yyyy-MM-dd"))).ShouldBe(["certifications[1].expiresOn"]);
        (await StatusAsync(HttpMethod.Put, $"/api/catalog/partners/{Firm}/skills", TestTokens.For(Firm, "Owner"), new
        {
            claims = Array.Empty<object>(),
            certifications = new[] { new { certificationId = "ccnp-enterprise", engineer = "Ana Ruiz", expiresOn = Today.AddYears(3).ToString("yyyy-MM-dd") }, new { certificationId = "ccna", engineer = "Ana Ruiz", expiresOn = Today.ToString("yyyy-MM-dd") } },
        })).ShouldBe(HttpStatusCode.OK);

        var catalog = await SendAsync(HttpMethod.Get, "/api/catalog/certifications", null!, null, HttpStatusCode.OK);
        catalog.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "az-104").GetProperty("maxValidityYears").GetInt32().ShouldBe(1);
        catalog.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "ccnp-enterprise").GetProperty("maxValidityYears").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task Only_the_firms_Owner_or_Dispatcher_changes_its_profile()
    {
        var profile = Profile(Today.AddMonths(6));
        (await StatusAsync(HttpMethod.Put, $"/api/catalog/partners/{Firm}/skills", TestTokens.For(Other, "Owner"), profile)).ShouldBe(HttpStatusCode.NotFound);
        (await StatusAsync(HttpMethod.Put, $"/api/catalog/partners/{Firm}/skills", TestTokens.For(Firm, "Engineer"), profile)).ShouldBe(HttpStatusCode.Forbidden);
        (await StatusAsync(HttpMethod.Put, $"/api/catalog/partners/{Firm}/skills", TestTokens.For(Firm, "Admin"), profile)).ShouldBe(HttpStatusCode.Forbidden);
        (await StatusAsync(HttpMethod.Put, $"/api/catalog/partners/{Firm}/skills", null, profile)).ShouldBe(HttpStatusCode.Unauthorized);
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
            certifications = new object[]
            {
                new { certificationId = "made-up-cert", engineer = "" },
                new { certificationId = "ccna", engineer = "Ana\u0000Ruiz", expiresOn = "2027-01-01", credentialId = new string('9', 101), verificationLink = "http://cisco.example/verify" },
            },
        }, HttpStatusCode.BadRequest);

        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(
            ["claims[0].skillId", "claims[1].level", "claims[1].years", "claims[1].evidence.links",
             "certifications[0].certificationId", "certifications[0].engineer", "certifications[0].expiresOn",
             "certifications[1].engineer", "certifications[1].credentialId", "certifications[1].verificationLink"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_lapsed_approved_certification_is_announced_once_by_the_expiry_job_without_anyone_editing_the_profile()
    {
        var saved = await SendAsync(HttpMethod.Put, $"/api/catalog/partners/{Firm}/skills", TestTokens.For(Firm, "Owner"), Profile(Today), HttpStatusCode.OK);
        await SendAsync(HttpMethod.Post, $"/api/catalog/certification-reviews/{saved.GetProperty("certifications")[0].GetProperty("id").GetString()}/approve", Admin, null, HttpStatusCode.OK);
        var job = new CertificationExpiryJob(_service.Services.GetRequiredService<IServiceScopeFactory>(),
            new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(1)), Microsoft.Extensions.Options.Options.Create(new CatalogOptions()), NullLogger<CertificationExpiryJob>.Instance);

        (await job.AnnounceExpiriesAsync(Ct)).ShouldBe(1);
        (await job.AnnounceExpiriesAsync(Ct)).ShouldBe(0);

        var snapshots = await SnapshotsAsync(Firm);
        snapshots.Count.ShouldBe(3); // saved, approved, lapsed
        VerifiedVm(snapshots[0]).ShouldBeFalse();
        VerifiedVm(snapshots[1]).ShouldBeTrue();
        VerifiedVm(snapshots[2]).ShouldBeFalse();
    }

    private static bool VerifiedVm(JsonElement snapshot) => snapshot.GetProperty("skills").EnumerateArray()
        .Single(s => s.GetProperty("skillId").GetString() == "azure-virtual-machines").GetProperty("verified").GetBoolean();

    private static JsonElement Claim(JsonElement profile, string skill) =>
        profile.GetProperty("claims").EnumerateArray().Single(c => c.GetProperty("skillId").GetString() == skill);

    /// <summary>The PartnerSkillsChanged events written to the outbox for the firm, oldest first.</summary>
    private async Task<List<JsonElement>> SnapshotsAsync(Guid firm)
    {
        var bodies = await _service.Db.ScalarAsync<string>($"""
            SELECT string_agg("Body"::text, '|' ORDER BY "Sequence") FROM "OutboxMessages"
            WHERE "AggregateKey" = '{firm}' AND "MessageType" LIKE '%PartnerSkillsChanged'
            """);
        return bodies is null ? [] : [.. bodies.Split('|').Select(b => JsonDocument.Parse(b).RootElement)];
    }

    private Task<HttpStatusCode> StatusAsync(HttpMethod method, string url, string? token, object? body) => _service.Client.StatusAsync(method, url, token, body);

    private Task<JsonElement> SendAsync(HttpMethod method, string url, string token, object? body, HttpStatusCode expected) => _service.Client.CallAsync(method, url, token, body, expected);
}
