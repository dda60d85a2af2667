using System.Net;
using System.Web;
using Marketplace.Testing;
using NodaTime;
using Shouldly;

namespace Marketplace.EndToEnd.Tests;

/// <summary>
/// People hear by mail about what needs them, through the whole chain: the service's event, Notifications, SMTP, the
/// local mail sink — and the link in the mail works.
/// </summary>
[Collection(MarketplaceCollection.Name)]
public sealed class MailTests(MarketplaceFixture system)
{
    private HttpClient Gateway => system.Gateway;

    [Fact]
    public async Task An_offer_reaches_the_partners_owner_by_mail_with_its_deadline_and_a_link_to_the_inbox()
    {
        var (_, referrerToken) = await system.NewFirmAsync("Mailing Referrer Ltd", "America/New_York");
        var (partner, partnerToken, _) = await system.PartnerWithTimeAsync($"Mail Partner {Random.Shared.Next(1000, 9999)}", "sip-trunking", "Europe/London");
        var monday = SystemClock.Instance.GetCurrentInstant().InUtc().Date.Next(IsoDayOfWeek.Monday);
        await Gateway.CallAsync(HttpMethod.Post, "/api/matching/referrals", referrerToken, new
        {
            summary = "Move a 40-seat office to hosted telephony", skills = new[] { new { skillId = "sip-trunking", minLevel = 3 } },
            effortHours = 30, hoursPerWeek = 10, earliestStart = monday.ToDateOnly(), latestStart = monday.PlusWeeks(2).ToDateOnly(),
            clientTimeZone = "America/New_York", clientName = "Harbour Dental", engagementMode = "HandOff",
        }, HttpStatusCode.Created);
        var offer = (await Gateway.CallAsync(HttpMethod.Get, "/api/matching/offers", partnerToken, null, HttpStatusCode.OK)).EnumerateArray().First();
        var due = Instant.FromDateTimeOffset(offer.GetProperty("dueAt").GetDateTimeOffset()).InZone(DateTimeZoneProviders.Tzdb["Europe/London"]);

        // Confidential, as a posting is unless it says otherwise: the mail names neither the referrer nor the client.
        var mail = await system.MailToAsync(system.OwnerEmails[partner], "A confidential offer of");
        var subject = mail.GetProperty("subject").GetString()!;
        subject.ShouldContain($"{due:HH:mm}"); // the deadline in the partner's zone
        mail.ToString().ShouldNotContain("Mailing Referrer");
        var inbox = MarketplaceFixture.LinkIn(mail, "/portal/inbox");
        inbox.Authority.ShouldBe(system.GatewayUrl.Authority);
        (await Gateway.GetAsync(inbox.PathAndQuery, TestContext.Current.CancellationToken)).StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Redirect, HttpStatusCode.Found);
    }

    [Fact]
    public async Task A_forgotten_password_is_reset_through_the_mailed_link_once_and_the_answer_does_not_tell_who_has_an_account()
    {
        var firm = await Accounts.RegisterFirmAsync(Gateway, "Forgetful Ltd");
        var known = await Gateway.SendAsync(HttpMethod.Post, "/api/network/account/password-reset", null, new { email = firm.Email });
        var unknown = await Gateway.SendAsync(HttpMethod.Post, "/api/network/account/password-reset", null, new { email = $"nobody-{Guid.NewGuid():N}@example.test" });
        (known.Status, known.Body).ShouldBe((HttpStatusCode.Accepted, unknown.Body));
        unknown.Status.ShouldBe(HttpStatusCode.Accepted);

        var link = MarketplaceFixture.LinkIn(await system.MailToAsync(firm.Email, "Reset your password"), "/portal/account/reset");
        var token = HttpUtility.ParseQueryString(link.Query)["token"];
        const string fresh = "a brand new passphrase 2026";
        await Gateway.CallAsync(HttpMethod.Post, "/api/network/account/password-reset/complete", null, new { token, password = fresh }, HttpStatusCode.NoContent);
        await Gateway.CallAsync(HttpMethod.Post, "/api/network/account/password-reset/complete", null, new { token, password = fresh + "!" }, HttpStatusCode.Gone);

        (await Accounts.SignInAsync(Gateway, firm.Email, fresh)).ShouldNotBeNullOrEmpty();
        using var old = await Accounts.RequestTokenAsync(Gateway, firm.Email, Accounts.Password);
        old.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
