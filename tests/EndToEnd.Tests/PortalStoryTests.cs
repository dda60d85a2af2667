using System.Net;
using Marketplace.Testing;
using Microsoft.Playwright;
using NodaTime;
using Shouldly;

namespace Marketplace.EndToEnd.Tests;

/// <summary>
/// The whole story as people do it, in Debian's Chromium through the gateway: a partner signs in, claims a skill and a
/// certification and sets capacity; a referrer partners with it and proposes terms, which the partner's Owner accepts; the
/// referrer posts a referral; the partner accepts from its inbox, where the offer shows those terms; the referrer confirms and
/// shares a link; the client opens it at phone width; an availability link is revoked and says so; the work is completed and
/// rated, the partner confirms the job value and the fee shows as settled; the operator approves the certification.
/// A screenshot of every page.
/// </summary>
[Collection(MarketplaceCollection.Name)]
public sealed class PortalStoryTests(MarketplaceFixture system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Partner_sets_capacity_referrer_posts_partner_accepts_referrer_confirms_client_sees_the_start()
    {
        // Names of their own: other stories in this system register firms too.
        var partnerName = $"Relay Networks {Random.Shared.Next(1000, 9999)}";
        var referrerName = $"Northwind IT {Random.Shared.Next(1000, 9999)}";
        var partner = await Accounts.RegisterFirmAsync(system.Gateway, partnerName, "Europe/London");
        var referrer = await Accounts.RegisterFirmAsync(system.Gateway, referrerName, "America/New_York");
        // Each owner follows the link mailed to them: an unverified firm is not offered work, nor listed in the directory.
        await system.VerifyAsync(referrer.Email);
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var partnerPage = await SignedInAsync(browser, partner.Email, "partner-home");
        var referrerPage = await SignedInAsync(browser, referrer.Email, "referrer-home");

        // The partner's owner is told, on every page, that its firm takes no referrals until the address is verified;
        // the link in the mail confirms it (a button, so a mail scanner following the link spends nothing).
        (await partnerPage.Locator("#verify-address").InnerTextAsync()).ShouldContain("Your firm takes no referrals until an Owner has verified their address");
        await partnerPage.GotoAsync(MarketplaceFixture.LinkIn(await system.MailToAsync(partner.Email, "Confirm your e-mail address"), "/portal/account/verify").ToString());
        await partnerPage.ClickAsync("#confirm-address");
        (await partnerPage.Locator("#verify-result").InnerTextAsync()).ShouldContain("Your address is verified; your firm can now take referrals.");
        await Browser.ScreenshotAsync(partnerPage, "account-verified");
        await partnerPage.GotoAsync(Url("/portal"));
        (await partnerPage.Locator("#verify-address").CountAsync()).ShouldBe(0);

        // Its only Owner cannot turn offers off (someone must hear of them); a digest for proposals is saved.
        await Expect(async () =>
        {
            await partnerPage.GotoAsync(Url("/portal/account/notifications"));
            return await partnerPage.Locator("input[name='Choices[offer-made]'][value=Off]").CountAsync();
        }, n => n == 1, "the notification settings never showed the offers choice");
        await partnerPage.CheckAsync("input[name='Choices[offer-made]'][value=Off]");
        await partnerPage.ClickAsync("button:has-text('Save my settings')");
        (await partnerPage.Locator("[role=alert]").InnerTextAsync()).ShouldContain("Someone at your firm must get offers as they come");
        await partnerPage.GotoAsync(Url("/portal/account/notifications"));
        await partnerPage.CheckAsync("input[name='Choices[agreement-proposed]'][value=Digest]");
        await partnerPage.ClickAsync("button:has-text('Save my settings')");
        (await partnerPage.Locator(".notice").InnerTextAsync()).ShouldContain("Your notification settings are saved.");
        await Browser.ScreenshotAsync(partnerPage, "account-notifications");

        // The partner claims SD-WAN (the typeahead suggests it) and gives an engineer 20 h a week.
        await partnerPage.GotoAsync(Url("/portal/profile"));
        await partnerPage.FillAsync("#skill-new", "SD-W");
        await Expect(() => partnerPage.Locator("#skill-options option[value='SD-WAN']").CountAsync(), n => n == 1, "the typeahead never suggested SD-WAN");
        await partnerPage.FillAsync("#skill-new", "SD-WAN");
        await partnerPage.SelectOptionAsync("#skill-level", "4");
        await partnerPage.ClickAsync("form[action*=AddSkill] button[type=submit]");
        (await partnerPage.Locator("#skills li").InnerTextAsync()).ShouldStartWith("SD-WAN: level 4");
        // A certification with its evidence: it waits for the operator's review before it counts.
        var credential = $"CSCO{Random.Shared.Next(10_000_000, 99_999_999)}";
        await partnerPage.SelectOptionAsync("#certification", "ccnp-enterprise");
        await partnerPage.FillAsync("#holder", "Ana Ruiz");
        await partnerPage.FillAsync("#expires", DateTime.UtcNow.AddMonths(6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await partnerPage.FillAsync("#credential", credential);
        await partnerPage.FillAsync("#verification", $"https://www.credly.com/badges/{credential}");
        await partnerPage.ClickAsync("form[action*=AddCertification] button[type=submit]");
        var held = partnerPage.Locator("#certifications li", new() { HasText = "Ana Ruiz" });
        (await held.InnerTextAsync()).ShouldContain("waiting for the operator's review");
        (await held.InnerTextAsync()).ShouldContain(credential);
        await Browser.ScreenshotAsync(partnerPage, "partner-profile");

        await partnerPage.GotoAsync(Url("/portal/capacity"));
        // Scheduling hears of the firm's skills by event: until then it refuses an engineer with that skill, and says why.
        var saved = await Eventually.TrueAsync(async () =>
        {
            await partnerPage.GotoAsync(Url("/portal/capacity"));
            await partnerPage.FillAsync("#engineer-name", "Ana Ruiz");
            await partnerPage.FillAsync("#hours", "20");
            await partnerPage.CheckAsync("input[name=Skills][value='sd-wan']");
            await partnerPage.ClickAsync("form button[type=submit]:has-text('Save capacity')");
            return await partnerPage.Locator(".notice").CountAsync() == 1;
        }, Patience, TimeSpan.FromSeconds(1));
        saved.ShouldBeTrue("the capacity editor never saved the engineer");
        (await partnerPage.Locator("#capacity-chart tbody tr").CountAsync()).ShouldBe(12);
        (await partnerPage.Locator("#capacity-chart tbody tr").Nth(1).Locator(".free-hours").InnerTextAsync()).ShouldBe("20 h");
        // A week away in six weeks' time (nothing is promised then): that week has nothing free.
        var away = partnerPage.Locator("ul.engineers > li", new() { HasText = "Ana Ruiz" });
        await away.Locator("summary:has-text('Time off')").ClickAsync();
        var sixWeeks = DateOnly.Parse((await partnerPage.Locator("#capacity-chart tbody tr").Nth(6).GetAttributeAsync("data-week"))!, System.Globalization.CultureInfo.InvariantCulture);
        await away.Locator("input[name=first]").FillAsync(sixWeeks.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await away.Locator("input[name=last]").FillAsync(sixWeeks.AddDays(4).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await away.Locator("button:has-text('Add time off')").ClickAsync();
        (await partnerPage.Locator("#capacity-chart tbody tr").Nth(6).Locator(".free-hours").InnerTextAsync()).ShouldBe("0 h");
        (await partnerPage.Locator("#capacity-chart tbody tr").Nth(5).Locator(".free-hours").InnerTextAsync()).ShouldBe("20 h");
        await Browser.ScreenshotAsync(partnerPage, "partner-capacity");

        // The referrer finds the partner in the directory, invites it; the partner accepts; the referrer proposes 10 %, the partner's Owner accepts.
        await Expect(async () =>
        {
            await referrerPage.GotoAsync(Url("/portal/partnerships?skill=SD-WAN"));
            return await referrerPage.Locator("#directory li", new() { HasText = partnerName }).CountAsync();
        }, n => n == 1, "the directory never listed the partner for SD-WAN");
        await referrerPage.ClickAsync($"button[aria-label='Invite {partnerName}']");
        await partnerPage.GotoAsync(Url("/portal/partnerships"));
        await partnerPage.ClickAsync($"section:has-text('{referrerName}') button:has-text('Accept')");
        await referrerPage.GotoAsync(Url("/portal/partnerships"));
        var terms = referrerPage.Locator($"section:has-text('{partnerName}')");
        await terms.Locator("summary:has-text('Change the agreement')").ClickAsync();
        await terms.Locator("select[name=feeKind]").SelectOptionAsync("Percent");
        await terms.Locator("input[name=feePercent]").FillAsync("10");
        await terms.Locator("input[name=sla]").FillAsync("4");
        await terms.Locator("button:has-text('Send the proposal')").ClickAsync();
        var proposed = await referrerPage.Locator($"section:has-text('{partnerName}')").InnerTextAsync();
        proposed.ShouldContain("Proposed: agreement v2");
        proposed.ShouldContain($"Waiting for {partnerName} to accept.");
        proposed.ShouldContain("In force: Agreement v1"); // nothing binds the partner yet
        await Browser.ScreenshotAsync(referrerPage, "firm-partnerships");

        await partnerPage.GotoAsync(Url("/portal/partnerships"));
        var proposal = partnerPage.Locator($"section:has-text('{referrerName}')");
        (await proposal.InnerTextAsync()).ShouldContain($"Proposed by {referrerName}");
        (await proposal.Locator(".proposal").InnerTextAsync()).ShouldContain("fee 10 % of the job");
        await Browser.ScreenshotAsync(partnerPage, "firm-proposal-pending");
        await proposal.Locator($"button[aria-label='Accept agreement v2 from {referrerName}']").ClickAsync();
        (await partnerPage.Locator(".notice").InnerTextAsync()).ShouldStartWith("Agreement v2 is in force");
        var accepted = partnerPage.Locator($"section:has-text('{referrerName}')");
        var inForce = await accepted.Locator(".in-force").InnerTextAsync();
        inForce.ShouldContain("Agreement v2:");
        inForce.ShouldContain("fee 10 % of the job · answers within 4 business hours");
        (await accepted.Locator(".proposal").CountAsync()).ShouldBe(0);
        await accepted.Locator("summary:has-text('Agreement history')").ClickAsync();
        (await accepted.Locator("details.history tbody tr").First.InnerTextAsync()).ShouldContain("Accepted");
        await Browser.ScreenshotAsync(partnerPage, "firm-proposal-accepted");
        await referrerPage.GotoAsync(Url("/portal/members"));
        // The firm's only Owner is offered neither a new role nor leaving: a firm always keeps an Owner (Network refuses it too).
        (await referrerPage.Locator("#members .only-owner").InnerTextAsync()).ShouldStartWith("You are the only Owner");
        (await referrerPage.Locator("#members button:has-text('Leave the firm')").CountAsync()).ShouldBe(0);
        (await referrerPage.Locator("#members select").CountAsync()).ShouldBe(0);
        var dispatcher = $"dispatch-{Guid.NewGuid():N}@northwind.example";
        await referrerPage.FillAsync("#invite-email", dispatcher);
        await referrerPage.ClickAsync("button:has-text('Invite')");
        (await referrerPage.Locator("#join-link").CountAsync()).ShouldBe(0); // the link went to the invitee only
        var joinLink = MarketplaceFixture.LinkIn(await system.MailToAsync(dispatcher, "Join "), "/portal/join");
        joinLink.Query.ShouldStartWith("?token=");
        await Browser.ScreenshotAsync(referrerPage, "firm-members");
        // The invitee forgets the address: told beside the field before the invitation is used, then joins with it.
        var invitee = await browser.NewPageAsync();
        await invitee.GotoAsync(new Uri(system.GatewayUrl, joinLink.PathAndQuery).ToString());
        await invitee.FillAsync("#name", "Dana Dispatch");
        await invitee.FillAsync("#password", Accounts.Password);
        await invitee.ClickAsync("button:has-text('Join and sign in')");
        (await invitee.Locator("#email").GetAttributeAsync("aria-invalid")).ShouldBe("true");
        (await invitee.ContentAsync()).ShouldContain("Enter the e-mail address the invitation was sent to");
        await Browser.ScreenshotAsync(invitee, "join-refused");
        await invitee.FillAsync("#email", dispatcher);
        await invitee.FillAsync("#password", Accounts.Password);
        await invitee.ClickAsync("button:has-text('Join and sign in')");
        await invitee.WaitForURLAsync(url => !url.Contains("/portal/join", StringComparison.Ordinal));
        await invitee.CloseAsync();
        (await Eventually.TrueAsync(async () => await system.Databases["matching"].ScalarAsync<long>(
                $"""
                SELECT count(*) FROM "AgreementVersions" v JOIN "PartnerLinks" l ON l."PartnershipId" = v."PartnershipId" AND l."Active"
                  JOIN "PartnerCapacities" c ON c."FirmId" = l."InviteeFirmId" AND 20 = ANY(c."FreeHours")
                WHERE l."InviteeFirmId" = '{partner.FirmId}' AND v."FeePercent" = 10
                """) > 0,
            Patience)).ShouldBeTrue("Matching never heard of the terms and the partner's free hours");

        // The referrer posts: ranked candidates with reasons, an offer counting down.
        var monday = SystemClock.Instance.GetCurrentInstant().InUtc().Date.Next(IsoDayOfWeek.Monday);
        await referrerPage.GotoAsync(Url("/portal/referrals/new"));
        await referrerPage.FillAsync("#summary", "Replace two branch VPNs with SD-WAN for a dental group");
        await referrerPage.FillAsync("#skill-0", "SD-WAN");
        await referrerPage.FillAsync("#effort", "30");
        await referrerPage.FillAsync("#perWeek", "10");
        await referrerPage.FillAsync("#earliest", monday.ToString("yyyy-MM-dd", null));
        await referrerPage.FillAsync("#latest", monday.PlusWeeks(2).ToString("yyyy-MM-dd", null));
        await referrerPage.FillAsync("#client", "Bright Smiles Dental");
        await referrerPage.SelectOptionAsync("#clientZone", "America/New_York");
        await Browser.ScreenshotAsync(referrerPage, "referrer-new-referral");
        await referrerPage.ClickAsync("button:has-text('Post and send offers')");
        var candidate = referrerPage.Locator("ol.candidates li").First;
        (await candidate.InnerTextAsync()).ShouldContain(partnerName);
        (await candidate.Locator("time.countdown").InnerTextAsync()).ShouldMatch(@"^\d+ (h \d+ )?min left$");
        await candidate.Locator("summary:has-text('Why this rank')").ClickAsync();
        (await candidate.Locator("details li").AllInnerTextsAsync()).ShouldContain(t => t.StartsWith("partnership: existing partner", StringComparison.Ordinal));
        await Browser.ScreenshotAsync(referrerPage, "referrer-candidates");
        var referralUrl = referrerPage.Url;

        // The partner's home says what needs it now: the offer, with its deadline, one click from the inbox; the menu counts it.
        await partnerPage.GotoAsync(Url("/portal"));
        var offerToAnswer = partnerPage.Locator("#actions li[data-kind=Offer]", new() { HasText = "dental group" });
        (await offerToAnswer.Locator("time.countdown").InnerTextAsync()).ShouldMatch(@"min left$");
        (await offerToAnswer.Locator("a.act").GetAttributeAsync("href"))!.ShouldStartWith("/portal/inbox#offer-");
        (await partnerPage.Locator("nav[aria-label=Main] a[href='/portal/inbox'] .count-badge").TextContentAsync()).ShouldBe("1 offer waits for your answer");
        await Browser.ScreenshotAsync(partnerPage, "partner-home-needs-action");

        // The partner hears of the offer by mail: it reads it in the local mail viewer and follows its link to the inbox,
        // where it accepts; its engineer's hours show as held.
        // The referral is confidential (the form's default): the mail does not name the referrer.
        (await system.MailToAsync(partner.Email, "A confidential offer of")).ToString().ShouldNotContain(referrerName);
        await partnerPage.GotoAsync(new Uri(system.MailUrl, $"/?to={Uri.EscapeDataString(partner.Email)}").ToString());
        await partnerPage.ClickAsync("a:has-text('A confidential offer of')");
        await Browser.ScreenshotAsync(partnerPage, "partner-offer-mail");
        // The link as the viewer shows it (the viewer's own page does not navigate away on a click in headless Chromium here).
        var inboxLink = (await partnerPage.Locator("a[href*='/portal/inbox']").First.GetAttributeAsync("href"))!;
        new Uri(inboxLink).Authority.ShouldBe(system.GatewayUrl.Authority);
        await partnerPage.GotoAsync(inboxLink);
        var offer = partnerPage.Locator("section.offer", new() { HasText = "dental group" });
        (await offer.Locator("time.countdown").InnerTextAsync()).ShouldMatch(@"min left$");
        var offered = await offer.InnerTextAsync(); // the terms the fee will be computed from, beside the deadline
        offered.ShouldContain("Agreement v2");
        offered.ShouldContain("10 %");
        offered.ShouldContain("10 % of the job value; the referrer stated no budget"); // the expected fee: no budget was stated
        await Browser.ScreenshotAsync(partnerPage, "partner-inbox");
        await offer.Locator("button:has-text('Accept')").FocusAsync(); // by keyboard, as some partners work
        await partnerPage.Keyboard.PressAsync("Enter");
        await partnerPage.WaitForURLAsync(url => url.Contains("/portal/referrals/", StringComparison.Ordinal));
        (await partnerPage.Locator("#status").InnerTextAsync()).ShouldBe("You accepted; the referrer confirms next.");
        await partnerPage.GotoAsync(Url($"/portal/capacity"));
        (await partnerPage.Locator("#capacity-chart tbody tr").Nth(1).Locator(".held-hours").InnerTextAsync()).ShouldBe("10 h");
        await Browser.ScreenshotAsync(partnerPage, "partner-capacity-held");

        // The referrer's home says the partner accepted and waits; one click leads to the confirmation.
        await referrerPage.GotoAsync(Url("/portal"));
        var toConfirmPartner = referrerPage.Locator("#actions li[data-kind=ConfirmPartner]", new() { HasText = "dental group" });
        (await toConfirmPartner.InnerTextAsync()).ShouldContain($"{partnerName} accepted");
        (await referrerPage.Locator("nav[aria-label=Main] a[href='/portal/referrals'] .count-badge").TextContentAsync()).ShouldBe("1 needs your decision");
        await Browser.ScreenshotAsync(referrerPage, "referrer-home-needs-action");
        await toConfirmPartner.Locator("a.act").ClickAsync();
        new Uri(referrerPage.Url).AbsolutePath.ShouldBe(new Uri(referralUrl).AbsolutePath);

        // The referrer confirms and gives the client a link.
        await referrerPage.ClickAsync("#confirm");
        var start = monday.ToString("ddd d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        (await referrerPage.Locator("#status").InnerTextAsync()).ShouldBe($"{partnerName} starts {start}, about 10 h a week.");
        await referrerPage.ClickAsync("button:has-text('Create a status link')");
        var shareLink = (await referrerPage.Locator("#share-link").GetAttributeAsync("href"))!;
        await Browser.ScreenshotAsync(referrerPage, "referrer-confirmed");

        // The client, no account, on a phone.
        var client = await Browser.PhonePageAsync(browser);
        await client.GotoAsync(new Uri(system.GatewayUrl, new Uri(shareLink).PathAndQuery).ToString());
        (await client.Locator("[role=status]").InnerTextAsync()).ShouldStartWith($"{partnerName} starts {monday.ToString("ddd d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}");
        (await client.Locator("#referrer").InnerTextAsync()).ShouldBe($"Sent to you by {referrerName}.");
        await Browser.ScreenshotAsync(client, "client-share-link");

        // The referrer also gives its clients an availability link; the client's answer names no partner.
        await referrerPage.GotoAsync(Url("/portal/availability-links"));
        await referrerPage.FillAsync("#skill", "SD-WAN");
        await referrerPage.ClickAsync("button:has-text('Create the link')");
        var availabilityLink = (await referrerPage.Locator("#availability-link").GetAttributeAsync("href"))!;
        await Browser.ScreenshotAsync(referrerPage, "referrer-availability-link");
        await client.GotoAsync(new Uri(system.GatewayUrl, new Uri(availabilityLink).PathAndQuery).ToString());
        var answer = await client.Locator("[role=status]").InnerTextAsync();
        answer.ShouldStartWith("SD-WAN specialists can start ");
        answer.ShouldNotContain(partnerName);

        // The referrer withdraws the link from its list; the client who opens it again is told plainly.
        await referrerPage.GotoAsync(Url("/portal/availability-links"));
        var newest = referrerPage.Locator("#links tbody tr").First;
        (await newest.InnerTextAsync()).ShouldContain("live");
        await newest.Locator("button:has-text('Revoke')").ClickAsync();
        (await referrerPage.Locator("#links tbody tr").First.InnerTextAsync()).ShouldContain("revoked");
        await Browser.ScreenshotAsync(referrerPage, "referrer-availability-links");
        await client.GotoAsync(new Uri(system.GatewayUrl, new Uri(availabilityLink).PathAndQuery).ToString());
        (await client.Locator("#link-gone").InnerTextAsync()).ShouldBe("This link was withdrawn by the firm that sent it, or it has expired.");
        await Browser.ScreenshotAsync(client, "client-availability-withdrawn");

        // Nothing is completed before the work started: until the partner says so (or the start day comes) the page offers no completion.
        await referrerPage.GotoAsync(referralUrl);
        (await referrerPage.Locator("#jobValue").CountAsync()).ShouldBe(0);
        (await referrerPage.Locator("#complete-later").InnerTextAsync()).ShouldBe($"You can mark the work done once it has started: when {partnerName} says so, or from {start}.");
        await Browser.ScreenshotAsync(referrerPage, "referrer-complete-later");
        await partnerPage.GotoAsync(referralUrl);
        await partnerPage.ClickAsync("button:has-text('We have started the work')");
        (await partnerPage.Locator(".notice").InnerTextAsync()).ShouldBe("Marked as started.");

        // Done: the referrer completes and rates once Network has heard; the fee waits for the partner to confirm the job value.
        await referrerPage.GotoAsync(referralUrl);
        await referrerPage.FillAsync("#jobValue", "5000");
        await referrerPage.ClickAsync("button:has-text('Complete')");
        var rated = await Eventually.TrueAsync(async () =>
        {
            await referrerPage.GotoAsync(referralUrl);
            await referrerPage.CheckAsync("input[name=score][value='5']");
            await referrerPage.ClickAsync("button:has-text('Rate')");
            return (await referrerPage.Locator(".notice").AllInnerTextsAsync()).Any(t => t.StartsWith("Thank you", StringComparison.Ordinal));
        }, Patience, TimeSpan.FromSeconds(1));
        rated.ShouldBeTrue("Network never let the referrer rate the partner");
        await referrerPage.GotoAsync(Url("/portal/fees"));
        (await referrerPage.Locator("#pending tbody tr", new() { HasText = partnerName }).InnerTextAsync()).ShouldContain("they would owe you 500.00 USD");
        (await referrerPage.Locator("#balances").CountAsync()).ShouldBe(0); // a stated job value binds nobody yet

        // The partner's Owner confirms the job value on its fees page; only then does the fee count.
        await partnerPage.GotoAsync(Url("/portal/fees"));
        var toConfirm = partnerPage.Locator("section.to-confirm", new() { HasText = referrerName });
        (await toConfirm.InnerTextAsync()).ShouldContain($"{referrerName} says the job was worth 5,000.00 USD");
        (await toConfirm.InnerTextAsync()).ShouldContain("500.00 USD");
        await Browser.ScreenshotAsync(partnerPage, "partner-fees-confirm");
        await toConfirm.Locator("button:has-text('Confirm 5,000.00 USD')").ClickAsync();
        (await partnerPage.Locator(".notice").InnerTextAsync()).ShouldStartWith("Job value confirmed");
        (await partnerPage.Locator("#balances tbody tr", new() { HasText = referrerName }).InnerTextAsync()).ShouldContain("you owe them 500.00 USD");

        await referrerPage.GotoAsync(Url("/portal/fees"));
        (await referrerPage.Locator("#balances tbody tr", new() { HasText = partnerName }).InnerTextAsync()).ShouldContain("they owe you 500.00 USD");
        (await referrerPage.Locator("#pending").CountAsync()).ShouldBe(0);
        var ledgerRow = await referrerPage.Locator("#ledger tbody tr", new() { HasText = partnerName }).InnerTextAsync();
        ledgerRow.ShouldContain("Settled");
        ledgerRow.ShouldContain("Replace two branch VPNs with SD-WAN for a dental group"); // named by its job
        ledgerRow.ShouldContain("agreement v2");
        await Browser.ScreenshotAsync(referrerPage, "referrer-fees");
        var download = await referrerPage.RunAndWaitForDownloadAsync(() => referrerPage.ClickAsync("#fees-export"));
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!, TestContext.Current.CancellationToken);
        csv.ShouldStartWith("month,counterparty_firm_id,counterparty,currency,referrals,amount");
        csv.ShouldContain($",{partner.FirmId},{partnerName},USD,1,500.00");

        // The referrer's dashboard counts the story: its referral matched, the partner's accept, the settled fee; the
        // partner's mirror shows the offer answered in time and the fee it owes. Each firm sees only its own side.
        await referrerPage.GotoAsync(Url("/portal/insights"));
        (await referrerPage.Locator("#referral-outcomes tbody tr", new() { HasText = "Matched: a partner accepted" }).Locator(".count").InnerTextAsync()).ShouldBe("1");
        (await referrerPage.Locator("#partner-offers tbody tr", new() { HasText = partnerName }).Locator(".accepted").InnerTextAsync()).ShouldBe("1");
        (await referrerPage.Locator("#fees-owed-to-you tbody tr", new() { HasText = partnerName }).Locator(".settled").InnerTextAsync()).ShouldBe("500.00 USD");
        (await referrerPage.Locator("#as-partner").CountAsync()).ShouldBe(0);
        await Browser.ScreenshotAsync(referrerPage, "referrer-dashboard");
        await partnerPage.GotoAsync(Url("/portal/insights?days=30"));
        (await partnerPage.Locator("#mirror-summary").InnerTextAsync()).ShouldContain("Answered in time: 1 of 1 (100 %)");
        (await partnerPage.Locator("#fees-you-owe tbody tr", new() { HasText = referrerName }).Locator(".settled").InnerTextAsync()).ShouldBe("500.00 USD");
        (await partnerPage.Locator("#as-referrer").CountAsync()).ShouldBe(0);
        await Browser.ScreenshotAsync(partnerPage, "partner-dashboard");

        // The platform's operator, a person, signs in to its review queues and approves the partner's certification.
        var operatorPage = await SignedInAsync(browser, MarketplaceFixture.OperatorEmail, "operator-home", MarketplaceFixture.OperatorPassword);
        (await operatorPage.Locator("nav[aria-label=Main]").InnerTextAsync()).ShouldNotContain("Offer inbox");
        await operatorPage.ClickAsync("a:has-text('Review certifications')");
        var review = operatorPage.Locator("section.review", new() { HasText = partnerName });
        (await review.InnerTextAsync()).ShouldContain(credential);
        (await review.Locator("a[href^='https://www.credly.com/']").CountAsync()).ShouldBe(1);
        await Browser.ScreenshotAsync(operatorPage, "operator-review-queue");
        await review.Locator("button:has-text('Approve')").ClickAsync();
        (await operatorPage.Locator(".notice").InnerTextAsync()).ShouldStartWith("Approved");
        (await operatorPage.Locator("section.review", new() { HasText = partnerName }).CountAsync()).ShouldBe(0);
        await partnerPage.GotoAsync(Url("/portal/profile"));
        (await partnerPage.Locator("#certifications li", new() { HasText = "Ana Ruiz" }).InnerTextAsync()).ShouldContain("verified by the operator");
    }

    [Fact]
    public async Task A_careless_referral_comes_back_with_every_problem_at_once_beside_its_field_in_plain_words_and_everything_typed_kept()
    {
        var referrer = await Accounts.RegisterFirmAsync(system.Gateway, $"Careless IT {Random.Shared.Next(1000, 9999)}", "Europe/London");
        await system.VerifyAsync(referrer.Email);
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await SignedInAsync(browser, referrer.Email, "referrer-home-careless");
        var monday = SystemClock.Instance.GetCurrentInstant().InUtc().Date.Next(IsoDayOfWeek.Monday);

        // The form starts from the firm: its time zone, and its country's currency (London: pounds).
        await page.GotoAsync(Url("/portal/referrals/new"));
        (await page.InputValueAsync("#clientZone")).ShouldBe("Europe/London");
        (await page.InputValueAsync("#currency")).ShouldBe("GBP");
        (await page.InputValueAsync("#waveSize")).ShouldBe("3");

        await page.FillAsync("#summary", "Audit the firewall rules of a law firm");
        await page.FillAsync("#skill-0", "Firewal Configuraton"); // two typos
        await page.FillAsync("#effort", "");
        await page.FillAsync("#earliest", monday.PlusWeeks(2).ToString("yyyy-MM-dd", null));
        await page.FillAsync("#latest", monday.ToString("yyyy-MM-dd", null)); // before the earliest start
        await page.ClickAsync("#budget-panel summary");
        await page.FillAsync("#budgetMin", "5000");
        await page.FillAsync("#budgetMax", "1000");
        await page.ClickAsync("#offers-panel summary");
        await page.CheckAsync("#partnersOnly");
        await page.ClickAsync("button:has-text('Post and send offers')");

        // All at once, in words a person uses, each beside its field and linked from the summary; nothing in the API's field names.
        var summary = page.Locator("#error-summary");
        (await summary.Locator("li").AllInnerTextsAsync()).ShouldBe([
            "No skill is called “Firewal Configuraton”. Did you mean Firewall Configuration?",
            "Give the effort in whole hours, from 1 to 2,000.",
            "The latest start is before the earliest start.",
            "The top of the budget is below its bottom.",
        ]);
        (await summary.InnerTextAsync()).ShouldNotContain("latestStart");
        (await page.Locator("#latest-error").InnerTextAsync()).ShouldBe("The latest start is before the earliest start.");
        (await page.GetAttributeAsync("#latest", "aria-describedby"))!.ShouldContain("latest-error");
        (await page.GetAttributeAsync("#effort", "aria-invalid")).ShouldBe("true");
        (await page.Locator("#skill-0-error").InnerTextAsync()).ShouldContain("Did you mean Firewall Configuration?");
        (await summary.Locator("a[href='#budgetMax']").CountAsync()).ShouldBe(1);
        // What was typed is kept, and the panels with a problem (or with values) are open.
        (await page.InputValueAsync("#summary")).ShouldBe("Audit the firewall rules of a law firm");
        (await page.InputValueAsync("#skill-0")).ShouldBe("Firewal Configuraton");
        (await page.InputValueAsync("#budgetMin")).ShouldBe("5000");
        (await page.Locator("#budget-panel[open]").CountAsync()).ShouldBe(1);
        (await page.IsCheckedAsync("#partnersOnly")).ShouldBeTrue();
        await Browser.ScreenshotAsync(page, "referrer-new-referral-refused");
        (await system.Databases["matching"].ScalarAsync<long>($"""SELECT count(*) FROM "Referrals" WHERE "Summary" LIKE 'Audit the firewall%'""")).ShouldBe(0);

        // One click takes the suggested skill; the rest is fixed and posted. Only partners were asked, and it has none: unmatched.
        await page.ClickAsync("button:has-text('Use Firewall Configuration')");
        (await page.InputValueAsync("#skill-0")).ShouldBe("Firewall Configuration");
        (await page.Locator("#error-summary").CountAsync()).ShouldBe(0);
        (await page.InputValueAsync("#summary")).ShouldBe("Audit the firewall rules of a law firm");
        await page.FillAsync("#effort", "20");
        await page.FillAsync("#latest", monday.PlusWeeks(3).ToString("yyyy-MM-dd", null));
        await page.FillAsync("#budgetMax", "8000");
        await page.ClickAsync("button:has-text('Post and send offers')");
        await page.WaitForURLAsync(url => url.Contains("/portal/referrals/", StringComparison.Ordinal) && !url.EndsWith("/new", StringComparison.Ordinal));
        (await page.Locator("#status").InnerTextAsync()).ShouldBe("No partner could take it as asked.");

        // Its home lists the unmatched referral with what would help, and offers to post it again with changes.
        await page.GotoAsync(Url("/portal"));
        var unmatched = page.Locator("#actions li[data-kind=Unmatched]", new() { HasText = "Audit the firewall rules" });
        (await unmatched.InnerTextAsync()).ShouldContain("No partner found");
        await Browser.ScreenshotAsync(page, "referrer-home-unmatched");
        await unmatched.Locator("a:has-text('Post it again with changes')").ClickAsync();
        (await page.InputValueAsync("#summary")).ShouldBe("Audit the firewall rules of a law firm");
        (await page.InputValueAsync("#skill-0")).ShouldBe("Firewall Configuration");
        (await page.InputValueAsync("#budgetMax")).ShouldBe("8000");
        (await page.Locator("[role=status]", new() { HasText = "Copied from" }).CountAsync()).ShouldBe(1);
        await Browser.ScreenshotAsync(page, "referrer-new-referral-copy");
    }

    [Fact]
    public async Task A_firm_that_only_refers_and_one_that_only_takes_referrals_see_their_own_pages_and_each_step_waits_on_the_home_page()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;

        // A firm registers to refer only, carelessly first: every problem at once beside its field, what was typed kept.
        var referrerName = $"Sends Only {Random.Shared.Next(1000, 9999)}";
        var email = $"refers-{Guid.NewGuid():N}@sends-only.example";
        var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } })).NewPageAsync();
        await page.GotoAsync(Url("/portal/register"));
        await page.FillAsync("#ownerName", "Rosa Sender");
        await page.FillAsync("#email", "rosa-at-sends-only");
        await page.FillAsync("#password", "short");
        await page.UncheckAsync("#takesReferrals");
        await page.ClickAsync("button:has-text('Register and sign in')");
        (await page.Locator("#error-summary li").AllInnerTextsAsync()).ShouldBe([
            "Give your firm's name.", "Give your e-mail address in full, like name@yourfirm.com.", "The password must be 12 to 128 characters."]);
        (await page.Locator("#name-error").InnerTextAsync()).ShouldBe("Give your firm's name.");
        (await page.InputValueAsync("#ownerName")).ShouldBe("Rosa Sender");
        (await page.InputValueAsync("#email")).ShouldBe("rosa-at-sends-only");
        (await page.IsCheckedAsync("#takesReferrals")).ShouldBeFalse();
        await Browser.ScreenshotAsync(page, "register-refused");
        await page.FillAsync("#name", referrerName);
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", "plum-harbour-lantern-42");
        await page.ClickAsync("button:has-text('Register and sign in')");
        new Uri(page.Url).AbsolutePath.ShouldBe("/portal");
        await system.VerifyAsync(email);

        // It sees the pages of a firm that sends work; none of a specialist's.
        await page.GotoAsync(Url("/portal"));
        var referrerMenu = await MenuAsync(page);
        referrerMenu.ShouldBe(["Dashboard", "Referrals", "Availability links", "Firm profile", "Fees", "Partnerships", "Members"]);
        (await page.Locator("#as-partner-home").CountAsync()).ShouldBe(0);
        (await page.Locator("#take-too").CountAsync()).ShouldBe(1);
        (await page.Locator("#nothing-waiting").CountAsync()).ShouldBe(1);
        await Browser.ScreenshotAsync(page, "referrer-only-home");

        // One stylesheet and an icon for every page, served by the portal through the gateway; no page carries styles of its own.
        (await page.Locator("style").CountAsync()).ShouldBe(0);
        var stylesheet = (await page.Locator("link[rel=stylesheet]").GetAttributeAsync("href"))!;
        stylesheet.ShouldStartWith("/portal/css/site.css?v=");
        using (var css = await system.Gateway.GetAsync(stylesheet, TestContext.Current.CancellationToken))
        {
            css.StatusCode.ShouldBe(HttpStatusCode.OK);
            css.Content.Headers.ContentType!.MediaType.ShouldBe("text/css");
            css.Headers.CacheControl!.ToString().ShouldContain("immutable");
            (await css.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("--space-4:");
        }
        (await page.Locator("link[rel=icon]").GetAttributeAsync("href")).ShouldBe("/portal/favicon.svg");
        using (var icon = await system.Gateway.GetAsync("/portal/favicon.svg", TestContext.Current.CancellationToken))
        {
            icon.StatusCode.ShouldBe(HttpStatusCode.OK);
            icon.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
            icon.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        }

        // A specialist that only takes referrals sees its inbox, capacity and skills, and no referrer's pages.
        var partnerName = $"Takes Only {Random.Shared.Next(1000, 9999)}";
        var partner = (await system.NewFirmAsync(partnerName, "Europe/Berlin")).FirmId;
        var partnerPage = await SignedInAsync(browser, system.OwnerEmails[partner], "partner-only-home-signed-in");
        (await MenuAsync(partnerPage)).ShouldBe(["Dashboard", "Offer inbox", "Capacity", "Calendar feeds", "Profile & skills", "Fees", "Partnerships", "Members"]);
        (await partnerPage.Locator("#refer-too").CountAsync()).ShouldBe(1);
        (await partnerPage.Locator("#as-referrer-home").CountAsync()).ShouldBe(0);
        await Browser.ScreenshotAsync(partnerPage, "partner-only-home");

        // A step: the referrer invites the specialist. The specialist's home says so, counted in the menu, one click from answering.
        var referrerToken = await Accounts.SignInAsync(system.Gateway, email, "plum-harbour-lantern-42");
        var partnership = (await system.Gateway.CallAsync(HttpMethod.Post, "/api/network/partnerships", referrerToken, new { partnerFirmId = partner }, HttpStatusCode.Created))
            .GetProperty("id").GetGuid();
        await partnerPage.GotoAsync(Url("/portal"));
        var invitation = partnerPage.Locator("#actions li[data-kind=AnswerInvitation]");
        (await invitation.InnerTextAsync()).ShouldContain($"{referrerName} invites you to partner");
        (await partnerPage.Locator("nav[aria-label=Main] a[href='/portal/partnerships'] .count-badge").TextContentAsync()).ShouldBe("1 to answer");
        await Browser.ScreenshotAsync(partnerPage, "partner-home-invitation");
        await invitation.Locator("a.act").ClickAsync();
        new Uri(partnerPage.Url).Fragment.ShouldBe($"#p-{partnership}");
        await partnerPage.ClickAsync($"section:has-text('{referrerName}') button:has-text('Accept')");
        (await partnerPage.Locator(".notice").InnerTextAsync()).ShouldStartWith("Partnership accepted");

        // The referrer proposes terms carelessly: every problem at once beside its field, the form open, what was typed kept.
        await page.GotoAsync(Url("/portal/partnerships"));
        var terms = page.Locator($"section:has-text('{partnerName}')");
        await terms.Locator("summary:has-text('Change the agreement')").ClickAsync();
        await terms.Locator("input[name=modes][value=HandOff]").UncheckAsync();
        await terms.Locator("select[name=feeKind]").SelectOptionAsync("Percent");
        await terms.Locator("input[name=feePercent]").FillAsync("80");
        await terms.Locator("input[name=sla]").FillAsync("0");
        await terms.Locator("button:has-text('Send the proposal')").ClickAsync();
        (await page.Locator("#error-summary li").AllInnerTextsAsync()).ShouldBe([
            "Choose hand-off, white-label or both.",
            "With a percent fee, give the percent: more than 0 and at most 50, e.g. 10 or 12.5.",
            "Give the time to answer an offer in business hours, from 1 to 80.",
        ]);
        var refused = page.Locator($"details#agreement-{partnership}");
        (await refused.GetAttributeAsync("open")).ShouldNotBeNull();
        (await refused.Locator("input[name=feePercent]").InputValueAsync()).ShouldBe("80");
        (await refused.Locator($"#pct-{partnership}-error").InnerTextAsync()).ShouldStartWith("With a percent fee");
        (await refused.Locator($"#modes-{partnership}-error").InnerTextAsync()).ShouldBe("Choose hand-off, white-label or both.");
        await Browser.ScreenshotAsync(page, "firm-agreement-refused");
        await refused.Locator("input[name=modes][value=HandOff]").CheckAsync();
        await refused.Locator("input[name=feePercent]").FillAsync("10");
        await refused.Locator("input[name=sla]").FillAsync("4");
        await refused.Locator("button:has-text('Send the proposal')").ClickAsync();
        (await page.Locator(".notice").InnerTextAsync()).ShouldStartWith("Proposal v2 sent");

        // The specialist's home now lists the proposal to countersign; one click, and it accepts.
        await partnerPage.GotoAsync(Url("/portal"));
        var proposal = partnerPage.Locator("#actions li[data-kind=Countersign]");
        (await proposal.InnerTextAsync()).ShouldContain($"{referrerName} proposes new terms (agreement v2)");
        (await proposal.InnerTextAsync()).ShouldContain("fee 10 % of the job");
        await Browser.ScreenshotAsync(partnerPage, "partner-home-countersign");
        await proposal.Locator("a.act").ClickAsync();
        await partnerPage.ClickAsync($"button[aria-label='Accept agreement v2 from {referrerName}']");
        (await partnerPage.Locator(".notice").InnerTextAsync()).ShouldStartWith("Agreement v2 is in force");
        await partnerPage.GotoAsync(Url("/portal"));
        (await partnerPage.Locator("#nothing-waiting").CountAsync()).ShouldBe(1);
        (await partnerPage.Locator("nav[aria-label=Main] .count-badge").CountAsync()).ShouldBe(0);
        // Still a firm that only refers, and one that only takes referrals.
        await page.GotoAsync(Url("/portal"));
        (await MenuAsync(page)).ShouldBe(referrerMenu);
    }

    /// <summary>The main menu's entries as a person reads them, without the counts beside them.</summary>
    private static async Task<string[]> MenuAsync(IPage page) =>
        [.. (await page.Locator("nav[aria-label=Main] > a").EvaluateAllAsync<string[]>(
            "links => links.map(a => [...a.childNodes].filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent).join('').trim())"))];

    [Fact]
    public async Task Signed_out_pages_send_people_to_sign_in_and_a_wrong_password_says_so()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Url("/portal/inbox"));
        new Uri(page.Url).AbsolutePath.ShouldBe("/portal/sign-in"); // the gateway's address, not the portal's own
        new Uri(page.Url).Authority.ShouldBe(system.GatewayUrl.Authority);
        await page.FillAsync("#Email", "nobody@firm.example");
        await page.FillAsync("#Password", "not-the-password");
        await page.ClickAsync("button[type=submit]");
        (await page.Locator("[role=alert]").InnerTextAsync()).ShouldContain("The e-mail address or password is wrong.");
        await Browser.ScreenshotAsync(page, "sign-in-refused");
    }

    private Uri BaseUrl => system.GatewayUrl;

    private string Url(string path) => new Uri(BaseUrl, path).ToString();

    private async Task<IPage> SignedInAsync(IBrowser browser, string email, string screenshot, string password = Accounts.Password)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("/portal"));
        await page.FillAsync("#Email", email);
        await page.FillAsync("#Password", password);
        await page.ClickAsync("button[type=submit]");
        new Uri(page.Url).AbsolutePath.ShouldBe("/portal");
        await Browser.ScreenshotAsync(page, screenshot);
        return page;
    }

    private static async Task Expect(Func<Task<int>> count, Func<int, bool> ok, string why) =>
        (await Eventually.TrueAsync(async () => ok(await count()), Patience, TimeSpan.FromMilliseconds(250))).ShouldBeTrue(why);
}
