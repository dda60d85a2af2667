using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Testing;
using NodaTime;
using Shouldly;

namespace Marketplace.EndToEnd.Tests;

/// <summary>The whole story through the gateway with tokens, every service real: post → ... → fee and rating.</summary>
[Collection(MarketplaceCollection.Name)]
public sealed class ReferralStoryTests(MarketplaceFixture system)
{
    private HttpClient Gateway => system.Gateway;

    private async Task<JsonElement> CallAsync(HttpMethod method, string url, string? token, object? body, HttpStatusCode expected) =>
        await Gateway.CallAsync(method, url, token, body, expected);

    [Fact]
    public async Task Post_explained_candidates_offer_accept_hold_confirm_share_link_complete_rate_and_fee()
    {
        var ct = TestContext.Current.CancellationToken;
        var (referrer, referrerToken) = await system.NewFirmAsync("Northwind IT", "America/New_York");
        var (partner, partnerToken, engineer) = await system.PartnerWithTimeAsync("Relay Networks", "sd-wan");

        // Partners, with terms both signed: 10 % of the job value, proposed by the referrer and countersigned by the partner.
        var partnership = await system.PartnershipAsync(referrerToken, partner, partnerToken);
        await system.AgreeAsync(partnership, referrerToken, partnerToken, new
        {
            engagementModes = new[] { "HandOff", "WhiteLabel" }, feeKind = "Percent", feePercent = 10m, nonSolicitMonths = 12, responseSlaBusinessHours = 4, maxConcurrentReferrals = 3,
        });

        var monday = SystemClock.Instance.GetCurrentInstant().InUtc().Date.Next(IsoDayOfWeek.Monday);
        var posted = await CallAsync(HttpMethod.Post, "/api/matching/referrals", referrerToken, new
        {
            summary = "Replace two branch VPNs with SD-WAN for a dental group", skills = new[] { new { skillId = "sd-wan", minLevel = 3 } },
            effortHours = 30, hoursPerWeek = 10, earliestStart = monday.ToDateOnly(), latestStart = monday.PlusWeeks(2).ToDateOnly(),
            clientTimeZone = "America/New_York", clientName = "Bright Smiles Dental", engagementMode = "HandOff",
        }, HttpStatusCode.Created);
        var id = posted.GetProperty("id").GetGuid();
        var candidates = await CallAsync(HttpMethod.Get, $"/api/matching/referrals/{id}/candidates", referrerToken, null, HttpStatusCode.OK);
        var first = candidates.GetProperty("candidates")[0];
        first.GetProperty("firmId").GetGuid().ShouldBe(partner);
        first.GetProperty("startConfirmed").GetBoolean().ShouldBeTrue(); // Scheduling was asked, with Matching's machine token
        first.GetProperty("explanation").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "partnership").GetProperty("detail").GetString()
            .ShouldBe("existing partner (agreement v2)"); // v1 on acceptance, v2 the terms above

        var offer = (await CallAsync(HttpMethod.Get, "/api/matching/offers", partnerToken, null, HttpStatusCode.OK)).EnumerateArray()
            .Single(o => o.GetProperty("referralId").GetGuid() == id);
        await CallAsync(HttpMethod.Post, $"/api/matching/offers/{offer.GetProperty("offerId").GetGuid()}/accept", partnerToken, null, HttpStatusCode.OK);
        var weeks = await CallAsync(HttpMethod.Get, $"/api/scheduling/engineers/{engineer}/weeks?from={monday:yyyy-MM-dd}&weeks=3", partnerToken, null, HttpStatusCode.OK);
        weeks.EnumerateArray().Select(w => w.GetProperty("heldHours").GetInt32()).ShouldBe([10, 10, 10]);

        var confirmed = await CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/confirm", referrerToken, null, HttpStatusCode.OK);
        confirmed.GetProperty("plannedStart").GetString().ShouldBe($"{monday:yyyy-MM-dd}");
        weeks = await CallAsync(HttpMethod.Get, $"/api/scheduling/engineers/{engineer}/weeks?from={monday:yyyy-MM-dd}&weeks=3", partnerToken, null, HttpStatusCode.OK);
        weeks.EnumerateArray().Select(w => w.GetProperty("bookedHours").GetInt32()).ShouldBe([10, 10, 10]);

        var link = await CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/share-links", referrerToken, null, HttpStatusCode.Created);
        var status = await Gateway.GetFromJsonAsync<JsonElement>(link.GetProperty("url").GetString(), ct);
        status.GetProperty("headline").GetString()!.ShouldStartWith($"Relay Networks starts {monday.ToString("ddd d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}, about 10 h a week");

        // The client opens the portal's page for the link in a real browser, at phone width.
        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await Browser.PhonePageAsync(browser);
            var token = link.GetProperty("url").GetString()!["/status/".Length..];
            await page.GotoAsync(new Uri(system.GatewayUrl, $"/portal/status/{token}").ToString());
            (await page.Locator("[role=status]").InnerTextAsync()).ShouldStartWith("Relay Networks starts ");
            (await page.Locator("ol.timeline li").CountAsync()).ShouldBe(3);
            File.Exists(await Browser.ScreenshotAsync(page, "client-status")).ShouldBeTrue();
            await page.GotoAsync(new Uri(system.GatewayUrl, "/portal/status/not-a-real-token-at-all-xxxxxxxx").ToString());
            (await page.Locator("h1").InnerTextAsync()).ShouldBe("This link does not work");

            // The referrer's availability link for its clients: answered among its partners only, no partner named.
            var availability = await CallAsync(HttpMethod.Post, "/api/matching/availability-links", referrerToken,
                new { skillId = "sd-wan", hoursPerWeek = 10, effortHours = 20 }, HttpStatusCode.Created);
            var availabilityToken = availability.GetProperty("url").GetString()!["/availability/".Length..];
            await page.GotoAsync(new Uri(system.GatewayUrl, $"/portal/availability/{availabilityToken}?tz=America/New_York").ToString());
            var answer = await page.Locator("[role=status]").InnerTextAsync();
            answer.ShouldStartWith("SD-WAN specialists can start ");
            answer.ShouldNotContain("Relay");
            File.Exists(await Browser.ScreenshotAsync(page, "client-availability")).ShouldBeTrue();
            await page.SelectOptionAsync("#tz", "Australia/Sydney");
            await page.ClickAsync("button[type=submit]");
            (await page.Locator("[role=status]").InnerTextAsync()).ShouldStartWith("SD-WAN specialists can start ");
            (await page.Locator("#tz").InputValueAsync()).ShouldBe("Australia/Sydney");
        }

        // Nothing is completed before the work started: the partner says it has.
        await CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/complete", referrerToken, new { jobValue = 5000m, currency = "USD" }, HttpStatusCode.Conflict);
        await CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/start", partnerToken, null, HttpStatusCode.OK);
        await CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/complete", referrerToken, new { jobValue = 5000m, currency = "USD" }, HttpStatusCode.OK);
        await CallAsync(HttpMethod.Post, $"/api/matching/fees/{id}/confirm", partnerToken, null, HttpStatusCode.OK);
        var fees = await CallAsync(HttpMethod.Get, "/api/matching/fees", referrerToken, null, HttpStatusCode.OK);
        fees.GetProperty("balances")[0].GetProperty("balance").GetDecimal().ShouldBe(500m);

        // Network hears of the completion and lets each side rate the other once.
        (await Eventually.TrueAsync(async () => (await Gateway.StatusAsync(HttpMethod.Post, "/api/network/ratings", referrerToken, new { referralId = id, score = 5 }))
            == HttpStatusCode.Created, TimeSpan.FromSeconds(30))).ShouldBeTrue("Network never let the referrer rate the partner");
        var reputation = await CallAsync(HttpMethod.Get, $"/api/network/firms/{partner}/reputation", referrerToken, null, HttpStatusCode.OK);
        reputation.GetProperty("count").GetInt32().ShouldBe(1);
        _ = referrer;
    }
}
