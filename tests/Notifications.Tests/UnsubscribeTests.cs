using System.Net;
using Marketplace.Contracts;
using Marketplace.Notifications.Preferences;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Marketplace.Notifications.Tests;

public sealed class UnsubscribeTests(NotificationsHost host) : IClassFixture<NotificationsHost>
{
    private static string PathOf(string url) => new Uri(url.Trim('<', '>')).PathAndQuery;

    [Fact]
    public async Task The_unsubscribe_link_in_a_mail_works_without_signing_in()
    {
        var proposer = await host.FirmAsync("Northwind IT", "America/New_York", "Owner");
        var counterparty = await host.FirmAsync("Acme Security", "Europe/Berlin", "Owner", "Owner");
        var (leaving, staying) = (counterparty.Members[0], counterparty.Members[1]);
        await host.PublishAsync(new AgreementProposed(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), proposer.Id, counterparty.Id, 2));
        var mail = (await host.MailsToAsync(leaving.Email)).Single();
        mail.Subject.ShouldBe("Northwind IT proposes new partnership terms");
        var link = mail.Headers["List-Unsubscribe"] ?? "";
        // The body sends the reader to the portal page that asks first (for the same token); mail programs POST to the header's address.
        mail.Text().ShouldContain("Stop these e-mails: " + link.Trim('<', '>').Replace("/api/notifications/unsubscribe?token=", "/portal/account/unsubscribed?token=", StringComparison.Ordinal));

        var answer = await host.Client.CallAsync(HttpMethod.Get, PathOf(link), token: null, body: null, HttpStatusCode.OK);

        answer.GetProperty("kind").GetString().ShouldBe("agreement-proposed");
        answer.GetProperty("delivery").GetString().ShouldBe("Off");
        var next = new AgreementProposed(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), proposer.Id, counterparty.Id, 3);
        await host.PublishAsync(next);
        await host.MailsToAsync(staying.Email, 2);
        (await host.MessagesFromAsync(next.EventId)).Select(m => m.Email).ShouldBe([staying.Email]);
        host.Mail.To(leaving.Email).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_forged_unsubscribe_link_is_refused()
    {
        var firm = await host.FirmAsync("Acme Security", "Europe/Berlin", "Owner", "Dispatcher");
        var links = host.Services.GetService(typeof(UnsubscribeLinks)).ShouldBeOfType<UnsubscribeLinks>();
        var genuine = links.TokenFor(firm.The("Owner").Id, "fee-disputed");
        var signature = genuine.Split('.')[2];
        string[] forged =
        [
            $"{firm.The("Dispatcher").Id:N}.fee-disputed.{signature}",   // someone else's address
            $"{firm.The("Owner").Id:N}.agreement-proposed.{signature}",  // another kind
            genuine[..^2] + (genuine[^2] == 'A' ? "BB" : "AA"),          // a tampered signature
            "not-a-token",
            "",
        ];
        foreach (var token in forged)
        {
            (await host.Client.CallAsync(HttpMethod.Get, $"/api/notifications/unsubscribe?token={Uri.EscapeDataString(token)}", null, null,
                HttpStatusCode.BadRequest)).ShouldBeProblem("invalid-request");
        }
        (await host.QueryAsync(db => db.Preferences.AnyAsync(p => p.FirmId == firm.Id))).ShouldBeFalse();
    }

    [Fact]
    public async Task The_last_person_getting_offers_cannot_unsubscribe_from_them()
    {
        var firm = await host.FirmAsync("Acme Security", "Europe/Berlin", "Owner", "Dispatcher", "Engineer");
        var links = host.Services.GetService(typeof(UnsubscribeLinks)).ShouldBeOfType<UnsubscribeLinks>();
        string Link(TestMember m) => $"/api/notifications/unsubscribe?token={links.TokenFor(m.Id, "offer-made")}";

        await host.Client.CallAsync(HttpMethod.Get, Link(firm.The("Owner")), null, null, HttpStatusCode.OK);
        (await host.Client.CallAsync(HttpMethod.Get, Link(firm.The("Dispatcher")), null, null, HttpStatusCode.Conflict)).ShouldBeProblem("state-conflict");
        await host.Client.CallAsync(HttpMethod.Post, Link(firm.The("Engineer")), null, null, HttpStatusCode.OK); // one-click POST; engineers get no offers anyway
    }
}
