using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Testing;
using NodaTime;
using Shouldly;

namespace Marketplace.EndToEnd.Tests;

/// <summary>
/// What lets firms trust the marketplace with real clients and money, through the gateway with every service real:
/// terms both sides signed, job values both sides stand behind, white-label kept white, each party seeing its own business.
/// </summary>
[Collection(MarketplaceCollection.Name)]
public sealed class TrustTests(MarketplaceFixture system)
{
    private static readonly object TenPercent = new
    {
        engagementModes = new[] { "HandOff", "WhiteLabel" }, feeKind = "Percent", feePercent = 10m, nonSolicitMonths = 12, responseSlaBusinessHours = 4, maxConcurrentReferrals = 3,
    };

    private HttpClient Gateway => system.Gateway;

    private Task<JsonElement> CallAsync(HttpMethod method, string url, string? token, object? body, HttpStatusCode expected) =>
        Gateway.CallAsync(method, url, token, body, expected);

    private static object Referral(string summary, string mode = "HandOff", int waveSize = 1)
    {
        var monday = SystemClock.Instance.GetCurrentInstant().InUtc().Date.Next(IsoDayOfWeek.Monday);
        return new
        {
            summary, skills = new[] { new { skillId = "sd-wan", minLevel = 3 } }, effortHours = 20, hoursPerWeek = 5, earliestStart = monday.ToDateOnly(),
            latestStart = monday.PlusWeeks(3).ToDateOnly(), clientTimeZone = "America/New_York", clientName = "Bright Smiles Dental", engagementMode = mode, waveSize,
            partnersOnly = true,
        };
    }

    /// <summary>Posts, the partner accepts its offer (after <paramref name="beforeAccept"/>), the referrer confirms; returns the referral and the offer as the partner saw it.</summary>
    private async Task<(Guid Referral, JsonElement Offer)> MatchedAsync(string referrerToken, string partnerToken, object referral, Func<Task>? beforeAccept = null)
    {
        var id = (await CallAsync(HttpMethod.Post, "/api/matching/referrals", referrerToken, referral, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var offer = (await CallAsync(HttpMethod.Get, "/api/matching/offers", partnerToken, null, HttpStatusCode.OK)).EnumerateArray()
            .Single(o => o.GetProperty("referralId").GetGuid() == id);
        if (beforeAccept is not null)
        {
            await beforeAccept();
        }
        await CallAsync(HttpMethod.Post, $"/api/matching/offers/{offer.GetProperty("offerId").GetGuid()}/accept", partnerToken, null, HttpStatusCode.OK);
        await CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/confirm", referrerToken, null, HttpStatusCode.OK);
        await CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/start", partnerToken, null, HttpStatusCode.OK); // nothing completes before it starts
        return (id, offer);
    }

    [Fact]
    public async Task A_one_sided_terms_change_binds_nobody_and_the_fee_follows_the_version_shown_on_the_offer()
    {
        var (_, referrerToken) = await system.NewFirmAsync("Terms Referrer", "America/New_York");
        var (partner, partnerToken, _) = await system.PartnerWithTimeAsync("Terms Partner", "sd-wan");
        var partnership = await system.PartnershipAsync(referrerToken, partner, partnerToken);

        // The referrer proposes 10 %: a proposal, not the terms in force, and nothing announced to the marketplace.
        var proposed = await CallAsync(HttpMethod.Put, $"/api/network/partnerships/{partnership}/agreement", referrerToken, TenPercent, HttpStatusCode.OK);
        (proposed.GetProperty("agreement").GetProperty("version").GetInt32(), proposed.GetProperty("proposal").GetProperty("version").GetInt32()).ShouldBe((1, 2));
        (await system.Databases["network"].ScalarAsync<long>(
            $"""SELECT count(*) FROM "OutboxMessages" WHERE "AggregateKey" = '{partnership}' AND "MessageType" LIKE '%AgreementChanged'""")).ShouldBe(1); // v1 only

        // An offer made now shows version 1 (no fee); the partner countersigns 10 % before accepting, and the fee still follows the offer.
        var (first, firstOffer) = await MatchedAsync(referrerToken, partnerToken, Referral("Under the old terms"), async () =>
            await CallAsync(HttpMethod.Post, $"/api/network/partnerships/{partnership}/agreement/2/accept", partnerToken, null, HttpStatusCode.OK));
        firstOffer.GetProperty("terms").GetProperty("agreementVersion").GetInt32().ShouldBe(1);
        firstOffer.GetProperty("terms").GetProperty("feeKind").GetString().ShouldBe("Reciprocity");
        await CallAsync(HttpMethod.Post, $"/api/matching/referrals/{first}/complete", referrerToken, new { jobValue = 5000m, currency = "USD" }, HttpStatusCode.OK);
        var firstFee = await CallAsync(HttpMethod.Post, $"/api/matching/fees/{first}/confirm", partnerToken, null, HttpStatusCode.OK);
        (firstFee.GetProperty("agreementVersion").GetInt32(), firstFee.GetProperty("amount").GetDecimal()).ShouldBe((1, 0m));

        // Once Matching holds the countersigned version, a new offer shows it and the fee is 10 %.
        (await Eventually.TrueAsync(async () => await system.Databases["matching"].ScalarAsync<long>(
            $"""SELECT count(*) FROM "AgreementVersions" WHERE "PartnershipId" = '{partnership}' AND "Version" = 2""") == 1, TimeSpan.FromSeconds(30))).ShouldBeTrue();
        var (second, secondOffer) = await MatchedAsync(referrerToken, partnerToken, Referral("Under the signed terms"));
        secondOffer.GetProperty("terms").GetProperty("agreementVersion").GetInt32().ShouldBe(2);
        secondOffer.GetProperty("terms").GetProperty("summary").GetString()!.ShouldStartWith("Agreement v2: 10 % of the job value");
        await CallAsync(HttpMethod.Post, $"/api/matching/referrals/{second}/complete", referrerToken, new { jobValue = 5000m, currency = "USD" }, HttpStatusCode.OK);
        (await CallAsync(HttpMethod.Post, $"/api/matching/fees/{second}/confirm", partnerToken, null, HttpStatusCode.OK)).GetProperty("amount").GetDecimal().ShouldBe(500m);
    }

    [Fact]
    public async Task A_disputed_job_value_stays_out_of_the_settled_balance_until_the_operator_settles_it()
    {
        var (_, referrerToken) = await system.NewFirmAsync("Dispute Referrer", "America/New_York");
        var (partner, partnerToken, _) = await system.PartnerWithTimeAsync("Dispute Partner", "sd-wan");
        var partnership = await system.PartnershipAsync(referrerToken, partner, partnerToken);
        await system.AgreeAsync(partnership, referrerToken, partnerToken, TenPercent);
        var (id, _) = await MatchedAsync(referrerToken, partnerToken, Referral("Disputed job"));

        await CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/complete", referrerToken, new { jobValue = 100_000_000m, currency = "<b>" }, HttpStatusCode.BadRequest);
        await CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/complete", referrerToken, new { jobValue = 100_000_000m, currency = "USD" }, HttpStatusCode.OK);
        await CallAsync(HttpMethod.Post, $"/api/matching/fees/{id}/dispute", partnerToken, new { reason = "The invoice says 6,000 USD" }, HttpStatusCode.OK);
        var ledger = await CallAsync(HttpMethod.Get, "/api/matching/fees", partnerToken, null, HttpStatusCode.OK);
        ledger.GetProperty("balances").GetArrayLength().ShouldBe(0);
        ledger.GetProperty("disputed").EnumerateArray().Single().GetProperty("balance").GetDecimal().ShouldBe(-10_000_000m);

        var operatorToken = await Accounts.SignInAsync(Gateway, MarketplaceFixture.OperatorEmail, MarketplaceFixture.OperatorPassword);
        (await CallAsync(HttpMethod.Get, "/api/network/me", operatorToken, null, HttpStatusCode.OK)).GetProperty("role").GetString().ShouldBe("Admin");
        await CallAsync(HttpMethod.Post, $"/api/matching/fees/{id}/settle", partnerToken, new { jobValue = 1m, note = "ours" }, HttpStatusCode.Forbidden);
        await CallAsync(HttpMethod.Post, $"/api/matching/fees/{id}/settle", operatorToken, new { jobValue = 6_000m, note = "Invoice checked" }, HttpStatusCode.OK);
        var settled = await CallAsync(HttpMethod.Get, "/api/matching/fees", referrerToken, null, HttpStatusCode.OK);
        settled.GetProperty("balances").EnumerateArray().Single().GetProperty("balance").GetDecimal().ShouldBe(600m);
        settled.GetProperty("disputed").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task White_label_hides_the_partner_from_the_client_and_a_partner_sees_no_other_partners_business()
    {
        var referrerName = $"Brand Referrer {Random.Shared.Next(1000, 9999)}";
        var (_, referrerToken) = await system.NewFirmAsync(referrerName, "America/New_York");
        var partnerName = $"Unseen Partner {Random.Shared.Next(1000, 9999)}";
        var (partner, partnerToken, engineer) = await system.PartnerWithTimeAsync(partnerName, "sd-wan");
        var (decliner, declinerToken, _) = await system.PartnerWithTimeAsync($"Decliner {Random.Shared.Next(1000, 9999)}", "sd-wan");
        // White-label work goes only to partners whose signed terms allow it.
        await system.AgreeAsync(await system.PartnershipAsync(referrerToken, partner, partnerToken), referrerToken, partnerToken, TenPercent);
        await system.AgreeAsync(await system.PartnershipAsync(referrerToken, decliner, declinerToken), referrerToken, declinerToken, TenPercent);

        var id = (await CallAsync(HttpMethod.Post, "/api/matching/referrals", referrerToken, Referral("White-label SD-WAN", "WhiteLabel", waveSize: 2), HttpStatusCode.Created))
            .GetProperty("id").GetGuid();
        var declined = (await CallAsync(HttpMethod.Get, "/api/matching/offers", declinerToken, null, HttpStatusCode.OK)).EnumerateArray().Single(o => o.GetProperty("referralId").GetGuid() == id);
        await CallAsync(HttpMethod.Post, $"/api/matching/offers/{declined.GetProperty("offerId").GetGuid()}/decline", declinerToken, new { reason = "Confidential: we are short-staffed" }, HttpStatusCode.OK);
        var offer = (await CallAsync(HttpMethod.Get, "/api/matching/offers", partnerToken, null, HttpStatusCode.OK)).EnumerateArray().Single(o => o.GetProperty("referralId").GetGuid() == id);
        await CallAsync(HttpMethod.Post, $"/api/matching/offers/{offer.GetProperty("offerId").GetGuid()}/accept", partnerToken, null, HttpStatusCode.OK);
        await CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/confirm", referrerToken, null, HttpStatusCode.OK);

        // The client: JSON and the portal's page say who sent the link, never the partner.
        var url = (await CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/share-links", referrerToken, null, HttpStatusCode.Created)).GetProperty("url").GetString()!;
        var status = await CallAsync(HttpMethod.Get, url, null, null, HttpStatusCode.OK);
        status.GetProperty("headline").GetString()!.ShouldStartWith($"{referrerName} starts ");
        status.ToString().ShouldNotContain(partnerName);
        var html = await Gateway.GetStringAsync($"/portal/status/{url["/status/".Length..]}", TestContext.Current.CancellationToken);
        html.ShouldContain(referrerName);
        html.ShouldNotContain(partnerName);
        // And as the client's browser has it, after any script ran: the rendered page's HTML, with a screenshot.
        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await Browser.PhonePageAsync(browser);
            await page.GotoAsync(new Uri(system.GatewayUrl, $"/portal/status/{url["/status/".Length..]}").ToString());
            (await page.Locator("[role=status]").InnerTextAsync()).ShouldStartWith($"{referrerName} starts ");
            (await page.ContentAsync()).ShouldNotContain(partnerName);
            await Browser.ScreenshotAsync(page, "client-status-white-label");
        }

        // The partner's timeline: its own steps and the referral's, not the decliner's reason, firm or people.
        var timeline = (await CallAsync(HttpMethod.Get, $"/api/matching/referrals/{id}/timeline", partnerToken, null, HttpStatusCode.OK)).ToString();
        timeline.ShouldNotContain("short-staffed");
        timeline.ShouldNotContain(decliner.ToString());
        (await CallAsync(HttpMethod.Get, $"/api/matching/referrals/{id}/timeline", referrerToken, null, HttpStatusCode.OK)).ToString().ShouldContain("short-staffed");

        // Another firm's availability: a stranger learns nothing, a partner only dates, never engineers or hours.
        var query = $"/api/scheduling/availability?skill=sd-wan&hoursPerWeek=5&effortHours=20&firmIds={partner}";
        var (_, strangerToken) = await system.NewFirmAsync("Curious Stranger");
        var strangers = await CallAsync(HttpMethod.Get, query, strangerToken, null, HttpStatusCode.OK);
        strangers.ToString().ShouldNotContain(partner.ToString());
        var partners = await CallAsync(HttpMethod.Get, query, referrerToken, null, HttpStatusCode.OK);
        var seen = partners.GetProperty("firms").EnumerateArray().Single();
        seen.GetProperty("firmId").GetGuid().ShouldBe(partner);
        seen.TryGetProperty("engineers", out _).ShouldBeFalse();
        partners.ToString().ShouldNotContain(engineer.ToString());
        partners.ToString().ShouldNotContain("Ana Ruiz");
        (await CallAsync(HttpMethod.Get, query, partnerToken, null, HttpStatusCode.OK)).ToString().ShouldContain(engineer.ToString()); // its own
    }

    [Fact]
    public async Task A_revoked_availability_link_is_404_and_a_reused_idempotency_key_with_another_body_is_422()
    {
        var (_, referrerToken) = await system.NewFirmAsync("Link Referrer", "America/New_York");
        // No partner could answer yet: no link either, and the referrer is told why.
        (await CallAsync(HttpMethod.Post, "/api/matching/availability-links", referrerToken, new { skillId = "sd-wan", hoursPerWeek = 10 }, HttpStatusCode.Conflict))
            .GetProperty("type").GetString().ShouldBe("https://marketplace.local/problems/no-partner-for-skill");
        var (partner, partnerToken, _) = await system.PartnerWithTimeAsync($"Link Partner {Random.Shared.Next(1000, 9999)}", "sd-wan");
        await system.PartnershipAsync(referrerToken, partner, partnerToken);
        var link = await CallAsync(HttpMethod.Post, "/api/matching/availability-links", referrerToken, new { skillId = "sd-wan", hoursPerWeek = 10 }, HttpStatusCode.Created);
        var url = link.GetProperty("url").GetString()!;
        await CallAsync(HttpMethod.Get, url, null, null, HttpStatusCode.OK);
        var listed = await CallAsync(HttpMethod.Get, "/api/matching/availability-links", referrerToken, null, HttpStatusCode.OK);
        listed.EnumerateArray().Single().GetProperty("status").GetString().ShouldBe("Live");
        var (_, otherToken) = await system.NewFirmAsync("Link Thief");
        await CallAsync(HttpMethod.Delete, $"/api/matching/availability-links/{link.GetProperty("id").GetGuid()}", otherToken, null, HttpStatusCode.NotFound);
        await CallAsync(HttpMethod.Delete, $"/api/matching/availability-links/{link.GetProperty("id").GetGuid()}", referrerToken, null, HttpStatusCode.NoContent);
        await CallAsync(HttpMethod.Get, url, null, null, HttpStatusCode.NotFound);
        (await CallAsync(HttpMethod.Get, "/api/matching/availability-links", referrerToken, null, HttpStatusCode.OK))[0].GetProperty("status").GetString().ShouldBe("Revoked");

        var key = $"retry-{Guid.NewGuid():N}";
        async Task<HttpResponseMessage> PostAsync(object body)
        {
            var request = Accounts.Authorized(HttpMethod.Post, "/api/matching/referrals", referrerToken);
            request.Headers.Add("Idempotency-Key", key);
            request.Content = JsonContent.Create(body);
            return await Gateway.SendAsync(request, TestContext.Current.CancellationToken);
        }
        using var first = await PostAsync(Referral("Once only, however often it is retried"));
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        using var again = await PostAsync(Referral("Once only, however often it is retried"));
        again.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await again.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid()
            .ShouldBe((await first.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid());
        using var reused = await PostAsync(Referral("Something else entirely"));
        reused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        reused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await reused.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("detail").GetString()!.ShouldContain(key);
    }
}
