using System.Net;
using Marketplace.Testing;
using Microsoft.Playwright;
using NodaTime;
using Shouldly;

namespace Marketplace.EndToEnd.Tests;

/// <summary>
/// Calendars through the front door, every service real: the partner's Owner makes a firm feed in the portal and a
/// calendar app (anonymous, by the address alone) reads the booked weeks through the gateway until it is revoked; the
/// client of a white-label referral adds the start to their calendar from the status page, with no partner named.
/// </summary>
[Collection(MarketplaceCollection.Name)]
public sealed class CalendarFeedsStoryTests(MarketplaceFixture system)
{
    private HttpClient Gateway => system.Gateway;

    private string Url(string path) => new Uri(system.GatewayUrl, path).ToString();

    [Fact]
    public async Task A_partner_subscribes_to_its_booked_weeks_and_the_client_adds_the_start_without_learning_who_the_partner_is()
    {
        var ct = TestContext.Current.CancellationToken;
        var partnerName = $"Quietline Networks {Random.Shared.Next(1000, 9999)}";
        var (_, referrerToken) = await system.NewFirmAsync($"Northwind IT {Random.Shared.Next(1000, 9999)}", "America/New_York");
        var (partner, partnerToken, _) = await system.PartnerWithTimeAsync(partnerName, "sd-wan");
        var partnership = await system.PartnershipAsync(referrerToken, partner, partnerToken);
        await system.AgreeAsync(partnership, referrerToken, partnerToken, new
        {
            engagementModes = new[] { "HandOff", "WhiteLabel" }, feeKind = "Percent", feePercent = 10m, nonSolicitMonths = 12, responseSlaBusinessHours = 4, maxConcurrentReferrals = 3,
        });
        var monday = SystemClock.Instance.GetCurrentInstant().InUtc().Date.Next(IsoDayOfWeek.Monday);
        var id = (await Gateway.CallAsync(HttpMethod.Post, "/api/matching/referrals", referrerToken, new
        {
            summary = "Replace two branch VPNs with SD-WAN for a dental group", skills = new[] { new { skillId = "sd-wan", minLevel = 3 } },
            effortHours = 20, hoursPerWeek = 10, earliestStart = monday.ToDateOnly(), latestStart = monday.PlusWeeks(2).ToDateOnly(),
            clientTimeZone = "America/New_York", clientName = "Bright Smiles Dental", engagementMode = "WhiteLabel",
        }, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var offer = (await Gateway.CallAsync(HttpMethod.Get, "/api/matching/offers", partnerToken, null, HttpStatusCode.OK)).EnumerateArray()
            .Single(o => o.GetProperty("referralId").GetGuid() == id);
        await Gateway.CallAsync(HttpMethod.Post, $"/api/matching/offers/{offer.GetProperty("offerId").GetGuid()}/accept", partnerToken, null, HttpStatusCode.OK);
        await Gateway.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/confirm", referrerToken, null, HttpStatusCode.OK);
        var share = (await Gateway.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/share-links", referrerToken, null, HttpStatusCode.Created))
            .GetProperty("url").GetString()!;

        var (playwright, browser) = await Browser.LaunchAsync();
        using var driver = playwright;
        await using var chromium = browser;

        // The partner's Owner makes a feed of the whole firm in the portal and copies its address, shown once.
        var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } })).NewPageAsync();
        await page.GotoAsync(Url("/portal"));
        await page.FillAsync("#Email", system.OwnerEmails[partner]);
        await page.FillAsync("#Password", Accounts.Password);
        await page.ClickAsync("button[type=submit]");
        await page.GotoAsync(Url("/portal/calendar-feeds"));
        await page.SelectOptionAsync("#covers", "firm");
        await page.FillAsync("#feed-label", "Dispatch screen");
        await page.ClickAsync("button:has-text('Make a feed')");
        // The address as the portal shows it (its public host); fetched here at the gateway the test runs.
        var path = new Uri(await page.Locator("#feed-url").InputValueAsync()).AbsolutePath;
        path.ShouldMatch("^/feeds/[A-Za-z0-9_-]{43}\\.ics$");
        var address = Url(path);
        await Browser.ScreenshotAsync(page, "calendar-feeds-made");

        // A calendar app fetches it with no account: the booked weeks, in the firm's zone, no client named.
        using (var calendarApp = new HttpClient())
        {
            using var response = await calendarApp.GetAsync(address, ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/calendar");
            var text = await response.Content.ReadAsStringAsync(ct);
            var feed = Ical.Net.Calendar.Load(text)!;
            feed.TimeZones.Single().TzId.ShouldBe("Europe/London");
            feed.Events.Select(e => (e.Summary, e.Status, e.DtStart!.Date)).OrderBy(e => e.Date).ShouldBe([
                ("Booked: Ana Ruiz, 10 h referral work", "CONFIRMED", monday.ToDateOnly()),
                ("Booked: Ana Ruiz, 10 h referral work", "CONFIRMED", monday.PlusWeeks(1).ToDateOnly()),
            ]);
            text.ShouldNotContain("Bright Smiles");
        }
        await page.GotoAsync(Url("/portal/calendar-feeds"));
        (await page.Locator("#feed-url").CountAsync()).ShouldBe(0); // shown once only
        (await page.Locator("#feeds tbody tr").InnerTextAsync()).ShouldContain("Dispatch screen");
        await page.ClickAsync("#feeds button:has-text('Revoke')");
        (await page.Locator("#feeds tbody tr").InnerTextAsync()).ShouldContain("revoked");
        await Browser.ScreenshotAsync(page, "calendar-feeds-revoked");
        using (var calendarApp = new HttpClient())
        {
            using var revoked = await calendarApp.GetAsync(address, ct);
            revoked.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }
        (await Gateway.SendAsync(HttpMethod.Post, path, null)).Status.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed); // reads only

        // The client adds the start from the status page: the referrer's name, never the partner's.
        var client = await Browser.PhonePageAsync(browser);
        await client.GotoAsync(Url($"/portal/status/{share["/status/".Length..]}"));
        var add = client.Locator("#add-to-calendar");
        var ics = await add.GetAttributeAsync("href");
        ics.ShouldBe($"{share}/calendar.ics");
        await Browser.ScreenshotAsync(client, "client-status-add-to-calendar");
        var (status, body) = await Gateway.SendAsync(HttpMethod.Get, ics!, null);
        status.ShouldBe(HttpStatusCode.OK);
        body.ShouldNotContain(partnerName);
        Ical.Net.Calendar.Load(body)!.Events.Single().DtStart!.Date.ShouldBe(monday.ToDateOnly());
    }
}
