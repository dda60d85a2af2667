using System.Net;
using Marketplace.Testing;
using Microsoft.Playwright;
using NodaTime;
using Shouldly;

namespace Marketplace.EndToEnd.Tests;

/// <summary>
/// Issue 19 part B in Debian's Chromium through the gateway: the partner decides from an inbox that says who refers, the
/// budget and the fee, marks what is due within two business hours in colour and in words, and declines in one tap; the
/// referrer compares candidates as bars with the no below; the engineer × week grid shows the accepted job's held block
/// linked to it, and time off is set from a cell; the client's status and availability pages carry the referrer, the job
/// and whom to contact, in the browser's own zone. A screenshot (and the accessibility check) of every page.
/// </summary>
[Collection(MarketplaceCollection.Name)]
public sealed class PortalDecideStoryTests(MarketplaceFixture system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_partner_decides_in_its_inbox_the_referrer_compares_the_grid_shows_the_job_and_the_client_knows_who_sent_it()
    {
        var suffix = Random.Shared.Next(1000, 9999);
        var referrerName = $"Harbour IT {suffix}";
        var (referrer, referrerToken) = await system.NewFirmAsync(referrerName, "America/New_York");
        var (partner, partnerToken, _) = await system.PartnerWithTimeAsync($"Deciding Networks {suffix}", "sd-wan");
        var partnership = await system.PartnershipAsync(referrerToken, partner, partnerToken);
        await system.PartnerWithTimeAsync($"Directory Networks {suffix}", "sd-wan"); // in the directory, no partner of the referrer's
        await system.AgreeAsync(partnership, referrerToken, partnerToken, new
        {
            engagementModes = new[] { "HandOff", "WhiteLabel" }, feeKind = "Percent", feePercent = 10m, nonSolicitMonths = 12, responseSlaBusinessHours = 4, maxConcurrentReferrals = 3,
        });
        var monday = SystemClock.Instance.GetCurrentInstant().InUtc().Date.Next(IsoDayOfWeek.Monday);
        var openSummary = $"SD-WAN for two harbour clinics ({suffix})";
        var secretSummary = $"Confidential SD-WAN refresh ({suffix})";
        async Task<Guid> PostAsync(string summary, bool confidential, decimal? budgetMin, decimal? budgetMax) =>
            (await system.Gateway.CallAsync(HttpMethod.Post, "/api/matching/referrals", referrerToken, new
            {
                summary, skills = new[] { new { skillId = "sd-wan", minLevel = 3 } }, effortHours = 30, hoursPerWeek = 10, earliestStart = monday.ToDateOnly(),
                latestStart = monday.PlusWeeks(2).ToDateOnly(), clientTimeZone = "America/New_York", clientName = "Harbour Clinics", engagementMode = "HandOff",
                confidential, partnersOnly = true, waveSize = 1, budgetMin, budgetMax, currency = budgetMin is null ? null : "USD",
            }, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var open = await PostAsync(openSummary, confidential: false, 3000m, 5000m);
        var secret = await PostAsync(secretSummary, confidential: true, null, null);
        // The confidential offer has 45 minutes left: under two business hours, whatever the hour in London.
        await system.Databases["matching"].ScalarAsync<int>($"""UPDATE "Offers" SET "DueAt" = now() + interval '45 minutes' WHERE "ReferralId" = '{secret}' RETURNING 1""");

        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;

        // The partner's inbox: who refers, where, the budget and the fee; the due-soon offer first, in colour and in words.
        (await Eventually.TrueAsync(async () => (await system.Gateway.CallAsync(HttpMethod.Get, "/api/matching/offers", partnerToken, null, HttpStatusCode.OK))
            .ToString().Contains(referrerName, StringComparison.Ordinal), Patience)).ShouldBeTrue("the inbox never named the referrer (Matching hears of firms by event)");
        var partnerPage = await SignedInAsync(browser, system.OwnerEmails[partner]);
        await partnerPage.GotoAsync(Url("/portal/inbox"));
        (await partnerPage.Locator("#inbox-counts").InnerTextAsync()).ShouldBe("2 new since you last opened the inbox · 1 due within 2 business hours · 2 open");
        (await partnerPage.Locator("section.offer .badge", new() { HasText = "New" }).CountAsync()).ShouldBe(2);
        var offers = partnerPage.Locator("section.offer");
        (await offers.First.InnerTextAsync()).ShouldContain(secretSummary); // soonest deadline first
        var soon = partnerPage.Locator("section.offer", new() { HasText = secretSummary });
        var named = partnerPage.Locator("section.offer", new() { HasText = openSummary });
        (await soon.Locator(".deadline").InnerTextAsync()).ShouldStartWith("Due soon: under 2 business hours left.");
        (await soon.Locator(".deadline").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor")).ShouldBe("rgb(253, 236, 234)");
        (await named.Locator(".deadline").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor")).ShouldBe("rgba(0, 0, 0, 0)");
        (await named.Locator(".deadline").InnerTextAsync()).ShouldNotContain("Due soon");
        (await named.Locator(".budget").InnerTextAsync()).ShouldBe("3,000–5,000 USD");
        (await named.Locator(".expected-fee").InnerTextAsync()).ShouldBe("about 300–500 USD (10 % of the 3,000–5,000 USD budget)");
        (await named.Locator(".effort").InnerTextAsync()).ShouldBe("30 h, about 10 h a week for 3 weeks");
        (await named.Locator(".region").InnerTextAsync()).ShouldContain("America/New_York");
        (await soon.Locator(".referrer").InnerTextAsync()).ShouldBe("Not shown: the referral is confidential until you accept");
        (await soon.Locator(".budget").InnerTextAsync()).ShouldBe("None stated");
        await Browser.ScreenshotAsync(partnerPage, "partner-inbox-decide");
        await partnerPage.GotoAsync(Url("/portal/inbox")); // seen now: nothing is new on the next visit
        (await partnerPage.Locator("#inbox-counts").InnerTextAsync()).ShouldStartWith("Nothing new since you last opened the inbox");

        // One tap declines, with a note for the referrer.
        soon = partnerPage.Locator("section.offer", new() { HasText = secretSummary });
        await soon.Locator("input[name=note]").FillAsync("Booked until the 20th");
        await soon.Locator("button[name=code][value=TooBusy]").ClickAsync();
        (await partnerPage.Locator(".notice").InnerTextAsync()).ShouldStartWith("Declined (too busy)");
        (await partnerPage.Locator("section.offer").CountAsync()).ShouldBe(1);
        await Browser.ScreenshotAsync(partnerPage, "partner-inbox-declined");

        // The referrer compares: bars per factor, the partner badge, and the no below with what was said; reposts for the unmatched.
        var referrerPage = await SignedInAsync(browser, system.OwnerEmails[referrer]);
        await referrerPage.GotoAsync(Url($"/portal/referrals/{secret}"));
        var card = referrerPage.Locator($"#candidate-{partner}");
        (await card.InnerTextAsync()).ShouldContain("They said: Too busy: Booked until the 20th");
        (await card.Locator(".badge").InnerTextAsync()).ShouldBe("Partner");
        (await card.Locator("ul.factor-bars .meter[role=img]").CountAsync()).ShouldBe(6); // skill, start, partnership, reputation, fairness, responsiveness
        (await card.Locator("ul.factor-bars .meter[role=img]").First.GetAttributeAsync("aria-label"))!.ShouldMatch(@"^skill fit: [\d.]+ of 35 points$");
        (await referrerPage.Locator("h3", new() { HasText = "Said no or ran out" }).CountAsync()).ShouldBe(1);
        (await referrerPage.Locator("#reposts").InnerTextAsync()).ShouldContain("Repost with one change");
        await Browser.ScreenshotAsync(referrerPage, "referrer-candidates-compare");

        // Unmatched among its partners: posted again, open to the directory, in one click; the first says where it went.
        await referrerPage.ClickAsync("#reposts button:has-text('Repost with partners outside existing partnerships')");
        await referrerPage.Locator(".notice, #error-summary").First.WaitForAsync(); // the new page's notice, or this page again with the refusal
        (await referrerPage.Locator("#error-summary").CountAsync()).ShouldBe(0, await referrerPage.Locator("main").InnerTextAsync());
        await referrerPage.WaitForURLAsync(url => url.Contains("/portal/referrals/", StringComparison.Ordinal) && !url.Contains(secret.ToString(), StringComparison.Ordinal));
        (await referrerPage.Locator(".notice").InnerTextAsync()).ShouldStartWith("Reposted:");
        (await referrerPage.Locator("main").InnerTextAsync()).ShouldContain("Posted again with a change, after the first posting found nobody.");
        (await referrerPage.Locator("ol.candidates li").CountAsync()).ShouldBeGreaterThan(0);
        (await referrerPage.Locator($"#candidate-{partner}").CountAsync()).ShouldBe(0); // who said no is not asked again
        await Browser.ScreenshotAsync(referrerPage, "referrer-reposted");
        await referrerPage.GotoAsync(Url($"/portal/referrals/{secret}"));
        (await referrerPage.Locator("#reposted-as a").GetAttributeAsync("href"))!.ShouldStartWith("/portal/referrals/");

        // The partner accepts the other: the engineer × week grid shows its held block, linked to the referral.
        await partnerPage.Locator("section.offer", new() { HasText = openSummary }).Locator("button:has-text('Accept')").ClickAsync();
        await partnerPage.WaitForURLAsync(url => url.Contains($"/portal/referrals/{open}", StringComparison.Ordinal));
        await partnerPage.GotoAsync(Url("/portal/capacity"));
        var row = partnerPage.Locator("#capacity-grid tbody tr", new() { HasText = "Ana Ruiz" });
        var held = row.Locator("li.held a").First;
        (await held.InnerTextAsync()).ShouldBe($"Held 10 h: {openSummary}");
        (await held.GetAttributeAsync("href")).ShouldBe($"/portal/referrals/{open}");
        (await row.Locator("li.held").CountAsync()).ShouldBe(3); // three weeks of 10 h
        await Browser.ScreenshotAsync(partnerPage, "partner-capacity-grid-held");

        // Away for a week from its cell (six weeks out, nothing promised), and back again.
        var lastCell = row.Locator("td").Last;
        await lastCell.Locator("button:has-text('Away this week')").ClickAsync();
        (await partnerPage.Locator(".notice").InnerTextAsync()).ShouldStartWith("Time off added");
        lastCell = partnerPage.Locator("#capacity-grid tbody tr", new() { HasText = "Ana Ruiz" }).Locator("td").Last;
        (await lastCell.InnerTextAsync()).ShouldContain("Time off");
        (await lastCell.Locator(".free").InnerTextAsync()).ShouldStartWith("Nothing free");
        await Browser.ScreenshotAsync(partnerPage, "partner-capacity-grid-time-off");
        await lastCell.Locator("button:has-text('Remove')").ClickAsync();
        (await partnerPage.Locator(".notice").InnerTextAsync()).ShouldBe("Time off removed.");

        // At phone width each week of the grid is a labelled box; the table's headers stay for screen readers.
        var phone = await partnerPage.Context.NewPageAsync();
        await phone.SetViewportSizeAsync(390, 844);
        await phone.GotoAsync(Url("/portal/capacity"));
        (await phone.Locator("#capacity-grid td .cell-week").First.IsVisibleAsync()).ShouldBeTrue();
        (await phone.Locator("#capacity-grid thead th").CountAsync()).ShouldBe(7);
        (await phone.Locator("#capacity-grid [role=columnheader]").CountAsync()).ShouldBe(7);
        (await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390 + 1);
        await Browser.ScreenshotAsync(phone, "partner-capacity-grid-phone");
        await phone.Locator("#capacity-grid").ScreenshotAsync(new() { Path = Path.Combine(TestInfrastructure.RepositoryRoot(), ".artifacts", "screenshots", "partner-capacity-grid-phone-detail.png") });
        (await phone.Locator("#capacity-chart tbody tr").Nth(1).Locator(".held-hours").InnerTextAsync()).ShouldBe("Held 10 h"); // labelled at this width

        // The referrer confirms and gives the client a link naming whom to contact.
        await system.Gateway.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{open}/confirm", referrerToken, null, HttpStatusCode.OK);
        await referrerPage.GotoAsync(Url($"/portal/referrals/{open}"));
        await referrerPage.ClickAsync("summary:has-text('What the client reads on it')");
        await referrerPage.FillAsync("#contact-name", "Dana Lee");
        await referrerPage.FillAsync("#contact-email", "dana@harbour.example");
        await referrerPage.ClickAsync("button:has-text('Create a status link')");
        var shareLink = (await referrerPage.Locator("#share-link").GetAttributeAsync("href"))!;

        // The client, on a phone in Berlin: who sent it, the job, whom to contact, and times in Berlin's zone.
        var clientContext = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, TimezoneId = "Europe/Berlin" });
        var client = await clientContext.NewPageAsync();
        await client.GotoAsync(new Uri(system.GatewayUrl, new Uri(shareLink).PathAndQuery).ToString());
        (await client.Locator("#referrer").InnerTextAsync()).ShouldBe($"Sent to you by {referrerName}.");
        (await client.Locator("#job-title").InnerTextAsync()).ShouldBe(openSummary);
        (await client.Locator("#contact p").InnerTextAsync()).ShouldBe($"Contact Dana Lee at {referrerName}: dana@harbour.example.");
        (await client.Locator("#zone-note").InnerTextAsync()).ShouldBe("Times are in your time zone (Europe/Berlin).");
        await Browser.ScreenshotAsync(client, "client-status-referrer");

        // ...and an availability link: asked in the browser's zone at once, with who sent it and whom to contact.
        await referrerPage.GotoAsync(Url("/portal/availability-links"));
        await referrerPage.FillAsync("#skill", "SD-WAN");
        await referrerPage.FillAsync("#contact-name", "Dana Lee");
        await referrerPage.ClickAsync("button:has-text('Create the link')");
        var availability = (await referrerPage.Locator("#availability-link").GetAttributeAsync("href"))!;
        await client.GotoAsync(new Uri(system.GatewayUrl, new Uri(availability).PathAndQuery).ToString());
        await client.WaitForURLAsync(url => url.Contains("tz=Europe%2FBerlin", StringComparison.Ordinal));
        (await client.Locator("#tz").InputValueAsync()).ShouldBe("Europe/Berlin");
        (await client.Locator("#referrer").InnerTextAsync()).ShouldBe($"Sent to you by {referrerName}.");
        (await client.Locator("[role=status]").InnerTextAsync()).ShouldStartWith("SD-WAN specialists can start ");
        (await client.Locator("#contact p").InnerTextAsync()).ShouldBe($"Contact Dana Lee at {referrerName}.");
        await Browser.ScreenshotAsync(client, "client-availability-referrer");
    }

    private string Url(string path) => new Uri(system.GatewayUrl, path).ToString();

    private async Task<IPage> SignedInAsync(IBrowser browser, string email)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("/portal"));
        await page.FillAsync("#Email", email);
        await page.FillAsync("#Password", Accounts.Password);
        await page.ClickAsync("button[type=submit]");
        new Uri(page.Url).AbsolutePath.ShouldBe("/portal");
        return page;
    }
}
