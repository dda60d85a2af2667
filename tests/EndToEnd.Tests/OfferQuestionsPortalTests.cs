using System.Net;
using Marketplace.Testing;
using Microsoft.Playwright;
using NodaTime;
using Shouldly;

namespace Marketplace.EndToEnd.Tests;

/// <summary>
/// Questions before accepting, as people do it in the portal (Debian's Chromium, no script needed): the partner asks beside
/// the offer in its inbox, the referrer answers and extends the deadline once on the referral page; refused input comes
/// back beside its field with the text kept; each side is mailed, the partner never the confidential client's name nor the referrer's.
/// </summary>
[Collection(MarketplaceCollection.Name)]
public sealed class OfferQuestionsPortalTests(MarketplaceFixture system)
{
    [Fact]
    public async Task The_partner_asks_in_its_inbox_the_referrer_answers_and_extends_once_on_the_referral_page()
    {
        var suffix = Random.Shared.Next(1000, 9999);
        var (referrer, referrerToken) = await system.NewFirmAsync($"Questioning IT {suffix}", "America/New_York");
        var (partner, partnerToken, _) = await system.PartnerWithTimeAsync($"Answering Networks {suffix}", "sd-wan");
        await system.PartnershipAsync(referrerToken, partner, partnerToken);
        var monday = SystemClock.Instance.GetCurrentInstant().InUtc().Date.Next(IsoDayOfWeek.Monday);
        var summary = $"Move a dental group's branches to SD-WAN ({suffix})";
        var referral = (await system.Gateway.CallAsync(HttpMethod.Post, "/api/matching/referrals", referrerToken, new
        {
            summary, skills = new[] { new { skillId = "sd-wan", minLevel = 3 } }, effortHours = 30, hoursPerWeek = 10,
            earliestStart = monday.ToDateOnly(), latestStart = monday.PlusWeeks(2).ToDateOnly(), clientTimeZone = "America/New_York",
            clientName = "Bright Smiles Dental", engagementMode = "HandOff", partnersOnly = true,
        }, HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;

        // The partner asks beside the offer; too long a question comes back with the reason beside the field, kept.
        var partnerPage = await SignedInAsync(browser, system.OwnerEmails[partner]);
        await partnerPage.GotoAsync(Url("/portal/inbox"));
        var offer = partnerPage.Locator("section.offer", new() { HasText = summary });
        // (A browser keeps to the field's maxlength; a client that does not is answered by the server.)
        var tooLong = new string('?', 2001);
        await offer.Locator("textarea[name=text]").EvaluateAsync("field => field.removeAttribute('maxlength')");
        await offer.Locator("textarea[name=text]").FillAsync(tooLong);
        await offer.Locator("button:has-text('Ask')").ClickAsync();
        offer = partnerPage.Locator("section.offer", new() { HasText = summary });
        (await offer.Locator(".field-error").InnerTextAsync()).ShouldContain("at most 2000 characters");
        (await offer.Locator("textarea[name=text]").InputValueAsync()).ShouldBe(tooLong);
        await offer.Locator("textarea[name=text]").FillAsync("Do both branches have a spare rack unit for the SD-WAN edge?");
        await offer.Locator("button:has-text('Ask')").ClickAsync();
        (await partnerPage.Locator(".notice").InnerTextAsync()).ShouldContain("your deadline is unchanged");
        offer = partnerPage.Locator("section.offer", new() { HasText = summary });
        (await offer.Locator("ol.thread").InnerTextAsync()).ShouldContain("Not answered yet.");
        await Browser.ScreenshotAsync(partnerPage, "partner-inbox-question");
        (await system.MailToAsync(system.OwnerEmails[referrer], "asks about")).GetProperty("text").GetString()!.ShouldContain("spare rack unit");

        // The referrer answers on the referral page; naming the confidential client is refused, the answer kept.
        var referrerPage = await SignedInAsync(browser, system.OwnerEmails[referrer]);
        await referrerPage.GotoAsync(Url($"/portal/referrals/{referral}"));
        var thread = referrerPage.Locator("section[id^=thread-]", new() { HasText = $"Answering Networks {suffix}" });
        await thread.Locator("textarea[name=text]").FillAsync("Yes: Bright Smiles Dental keeps one free in each rack.");
        await thread.Locator("button:has-text('Answer')").ClickAsync();
        thread = referrerPage.Locator("section[id^=thread-]", new() { HasText = $"Answering Networks {suffix}" });
        (await thread.Locator(".field-error").InnerTextAsync()).ShouldContain("names the client");
        (await thread.Locator("textarea[name=text]").InputValueAsync()).ShouldBe("Yes: Bright Smiles Dental keeps one free in each rack.");
        await thread.Locator("textarea[name=text]").FillAsync("Yes: the client keeps one free in each rack.");
        await thread.Locator("button:has-text('Answer')").ClickAsync();
        (await referrerPage.Locator(".notice").InnerTextAsync()).ShouldStartWith("Answered");

        // ...and gives the partner 8 more business hours, once: the form is gone afterwards.
        thread = referrerPage.Locator("section[id^=thread-]", new() { HasText = $"Answering Networks {suffix}" });
        await thread.Locator("input[name=businessHours]").FillAsync("8");
        await thread.Locator("button:has-text('Extend once')").ClickAsync();
        (await referrerPage.Locator(".notice").InnerTextAsync()).ShouldStartWith("Deadline extended");
        thread = referrerPage.Locator("section[id^=thread-]", new() { HasText = $"Answering Networks {suffix}" });
        (await thread.InnerTextAsync()).ShouldContain("extended once by 8 business hours");
        (await thread.Locator("input[name=businessHours]").CountAsync()).ShouldBe(0);
        await Browser.ScreenshotAsync(referrerPage, "referrer-offer-questions");

        // The partner reads the answer beside the offer, with the new deadline; its mails never name the client.
        await partnerPage.GotoAsync(Url("/portal/inbox"));
        offer = partnerPage.Locator("section.offer", new() { HasText = summary });
        (await offer.InnerTextAsync()).ShouldContain("Answer: Yes: the client keeps one free in each rack.");
        (await offer.InnerTextAsync()).ShouldContain("the referrer extended it once");
        var answered = await system.MailToAsync(system.OwnerEmails[partner], "The referrer answered your question");
        var extended = await system.MailToAsync(system.OwnerEmails[partner], "to answer a confidential offer");
        foreach (var mail in new[] { answered, extended })
        {
            mail.GetProperty("text").GetString()!.ShouldNotContain("Bright Smiles");
            mail.ToString().ShouldNotContain("Questioning IT"); // nor the referrer, until the partner accepts
        }
        (await offer.InnerTextAsync()).ShouldNotContain("Bright Smiles");
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
