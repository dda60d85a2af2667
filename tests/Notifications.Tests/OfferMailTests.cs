using Marketplace.Contracts;
using Marketplace.Notifications.Messages;
using Marketplace.Notifications.Offers;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Marketplace.Notifications.Tests;

public sealed class OfferMailTests(NotificationsHost host) : IClassFixture<NotificationsHost>
{
    // Made on Friday afternoon in Berlin's winter time; due on Monday at 11:00, after the clocks went forward on Sunday 28 March.
    private static readonly DateTimeOffset FridayAfternoon = new(2027, 3, 26, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MondayEleven = new(2027, 3, 29, 9, 0, 0, TimeSpan.Zero);

    private async Task<(TestFirm Referrer, TestFirm Partner, Guid Referral)> MarketAsync(params string[] partnerRoles)
    {
        var referrer = await host.FirmAsync("Northwind IT", "America/New_York", "Owner", "Dispatcher");
        var partner = await host.FirmAsync("Acme Security", "Europe/Berlin", partnerRoles.Length > 0 ? partnerRoles : ["Owner", "Dispatcher", "Engineer"]);
        var referral = await host.ReferralAsync(referrer.Id, ["SD-WAN"], 30, 10, new DateOnly(2027, 4, 5));
        return (referrer, partner, referral);
    }

    private static OfferMade Offer(TestFirm referrer, TestFirm partner, Guid referral) =>
        new(Guid.NewGuid(), FridayAfternoon, Guid.NewGuid(), referral, referrer.Id, partner.Id, 1, MondayEleven);

    [Fact]
    public async Task An_offer_reaches_the_partners_dispatcher_with_the_deadline_in_their_zone_across_a_DST_change()
    {
        var (referrer, partner, referral) = await MarketAsync();
        var offer = Offer(referrer, partner, referral);

        await host.PublishAsync(offer);

        var mail = (await host.MailsToAsync(partner.The("Dispatcher").Email)).Single();
        mail.Subject.ShouldBe("Northwind IT offers you an SD-WAN job: answer by Mon 29 Mar 11:00");
        mail.Text().ShouldContain("Northwind IT offers you an SD-WAN job, 30 h over 3 weeks from Mon 5 Apr; answer by Mon 29 Mar 11:00.");
        mail.Text().ShouldContain($"{NotificationsHost.PublicUrl}/portal/inbox");
        mail.Html().ShouldContain($"<a href=\"{NotificationsHost.PublicUrl}/portal/inbox\">Accept or decline in your inbox</a>");
        mail.Headers["List-Unsubscribe"].ShouldStartWith($"<{NotificationsHost.PublicUrl}/api/notifications/unsubscribe?token=");
        await host.MailsToAsync(partner.The("Owner").Email);
        // Offers are for the people who answer them: not the engineer, and not the referrer's own people.
        (await host.MessagesFromAsync(offer.EventId)).Select(m => m.Email)
            .ShouldBe([partner.The("Owner").Email, partner.The("Dispatcher").Email], ignoreOrder: true);
        // Its reminder is due one business hour before, at 10:00 Berlin summer time.
        var reminder = await host.QueryAsync(db => db.OfferReminders.SingleAsync(r => r.OfferId == offer.OfferId));
        reminder.RemindAt.ShouldBe(MondayEleven.AddHours(-1));
        reminder.State.ShouldBe(ReminderState.Waiting);
    }

    [Fact]
    public async Task A_redelivered_offer_is_mailed_once()
    {
        var (referrer, partner, referral) = await MarketAsync();
        var offer = Offer(referrer, partner, referral);
        using var duplicates = new InboxDuplicates(host.Services, nameof(OfferMadeConsumer));

        await host.PublishAsync(offer);
        await host.MailsToAsync(partner.The("Dispatcher").Email);
        await host.PublishAsync(offer); // the broker delivers the same event again

        (await Eventually.TrueAsync(() => Task.FromResult(duplicates.Count >= 1), TimeSpan.FromSeconds(30))).ShouldBeTrue("the copy was handled");
        (await host.MessagesFromAsync(offer.EventId)).Count.ShouldBe(2); // Owner and Dispatcher, once each
        await host.UntilAsync("nothing left to send", db => db.Messages.AllAsync(m => m.SourceId != offer.EventId || m.Status == MessageStatus.Sent));
        host.Mail.To(partner.The("Dispatcher").Email).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_mailbox_refused_with_550_is_marked_dead_and_never_tried_again()
    {
        var (referrer, partner, referral) = await MarketAsync("Owner", "Dispatcher");
        var gone = partner.The("Dispatcher").Email;
        host.Mail.Refused[gone] = true;

        var first = Offer(referrer, partner, referral);
        await host.PublishAsync(first);
        await host.MailsToAsync(partner.The("Owner").Email); // the rest of the firm is told all the same
        await host.UntilAsync("the address is dead", async db => await db.DeadAddresses.AnyAsync(d => d.Email == gone)
            && await db.Messages.AnyAsync(m => m.SourceId == first.EventId && m.Email == gone && m.Status == MessageStatus.Failed));

        var second = Offer(referrer, partner, referral);
        await host.PublishAsync(second);
        await host.MailsToAsync(partner.The("Owner").Email, 2);
        await host.UntilAsync("mail to the dead address fails without a try", db =>
            db.Messages.AnyAsync(m => m.SourceId == second.EventId && m.Email == gone && m.Status == MessageStatus.Failed));
        host.Mail.Offered[gone].ShouldBe(1);
        var failed = (await host.MessagesFromAsync(second.EventId)).Single(m => m.Email == gone);
        failed.Attempts.ShouldBe(0);
        failed.LastError.ShouldNotBeNull().ShouldStartWith("The address refused mail before: 550");

        // Mail the person asks for (a password reset) is still tried; once it gets through, the address lives again.
        host.Mail.Refused.TryRemove(gone, out _);
        await host.PublishAsync(new AccountMailRequested(Guid.NewGuid(), DateTimeOffset.UtcNow, "reset-password", gone, "Dispatcher", null,
            "http://marketplace.test/portal/reset?token=r2", DateTimeOffset.UtcNow.AddMinutes(30)));
        (await host.MailsToAsync(gone)).Single().Subject.ShouldBe("Reset your password");
        await host.UntilAsync("the address is no longer dead", async db => !await db.DeadAddresses.AnyAsync(d => d.Email == gone));
    }

    [Fact]
    public async Task Mail_to_something_that_is_no_address_fails_for_good_instead_of_being_retried_forever()
    {
        var request = new AccountMailRequested(Guid.NewGuid(), DateTimeOffset.UtcNow, "invitation", "sp ace@firm.test", "", "Acme Security",
            "http://marketplace.test/portal/join?token=j1", DateTimeOffset.UtcNow.AddDays(7));
        await host.PublishAsync(request);
        await host.UntilAsync("the message failed for good", db =>
            db.Messages.AnyAsync(m => m.SourceId == request.EventId && m.Status == MessageStatus.Failed && m.LastError!.StartsWith("not an address")));
        (await host.MessagesFromAsync(request.EventId)).Single().Attempts.ShouldBeLessThanOrEqualTo(1);
    }
}
