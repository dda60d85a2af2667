using Marketplace.Calendar;
using Marketplace.Contracts;
using Marketplace.Notifications.Offers;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Shouldly;

namespace Marketplace.Notifications.Tests;

public sealed class ReminderTests(NotificationsHost host) : IClassFixture<NotificationsHost>
{
    private static readonly DateTimeOffset FridayAfternoon = new(2027, 3, 26, 14, 0, 0, TimeSpan.Zero);
    /// <summary>Monday 29 March 2027, 11:00 in Berlin: summer time since Sunday.</summary>
    private static readonly DateTimeOffset MondayEleven = new(2027, 3, 29, 9, 0, 0, TimeSpan.Zero);

    private async Task<(TestFirm Referrer, TestFirm Partner, Guid Referral)> MarketAsync()
    {
        var referrer = await host.FirmAsync("Northwind IT", "America/New_York", "Owner", "Dispatcher");
        var partner = await host.FirmAsync("Acme Security", "Europe/Berlin", "Owner", "Dispatcher");
        return (referrer, partner, await host.ReferralAsync(referrer.Id, ["SD-WAN"], 30, 10, new DateOnly(2027, 4, 5)));
    }

    [Fact]
    public async Task The_reminder_comes_one_business_hour_before_the_deadline_in_the_partners_zone_and_once()
    {
        var (referrer, partner, referral) = await MarketAsync();
        var offer = new OfferMade(Guid.NewGuid(), FridayAfternoon, Guid.NewGuid(), referral, referrer.Id, partner.Id, 1, MondayEleven);
        await host.PublishAsync(offer);
        await host.MailsToAsync(partner.The("Dispatcher").Email); // the offer itself
        var ct = TestContext.Current.CancellationToken;

        (await host.RemindersAt(MondayEleven.AddMinutes(-61)).RunOnceAsync(ct)).ShouldBe(0);
        (await host.MessagesFromAsync(offer.OfferId)).ShouldBeEmpty();
        (await host.RemindersAt(MondayEleven.AddMinutes(-59)).RunOnceAsync(ct)).ShouldBe(1);
        (await host.RemindersAt(MondayEleven.AddMinutes(-30)).RunOnceAsync(ct)).ShouldBe(0); // once only

        var reminder = (await host.MailsToAsync(partner.The("Dispatcher").Email, 2))[1];
        reminder.Subject.ShouldBe("One business hour left to answer Northwind IT's offer");
        reminder.Text().ShouldContain("Northwind IT's offer of an SD-WAN job is still open and closes at Mon 29 Mar 11:00, one business hour from now.");
        await host.MailsToAsync(partner.The("Owner").Email, 2);
    }

    [Fact]
    public async Task An_offer_answered_or_withdrawn_before_its_reminder_is_due_gets_no_reminder()
    {
        var (referrer, partner, referral) = await MarketAsync();
        var other = await host.FirmAsync("Fabrikam Networks", "Europe/Berlin", "Owner", "Dispatcher");
        var accepted = new OfferMade(Guid.NewGuid(), FridayAfternoon, Guid.NewGuid(), referral, referrer.Id, partner.Id, 1, MondayEleven);
        var withdrawn = accepted with { EventId = Guid.NewGuid(), OfferId = Guid.NewGuid(), PartnerFirmId = other.Id };
        var declined = accepted with { EventId = Guid.NewGuid(), OfferId = Guid.NewGuid(), ReferralId = await host.ReferralAsync(referrer.Id, ["Azure"], 8, 8, new DateOnly(2027, 4, 5)) };
        await host.PublishAsync(accepted);
        await host.PublishAsync(withdrawn);
        await host.PublishAsync(declined);
        await host.MailsToAsync(other.The("Dispatcher").Email);
        // The first acceptance wins; Matching withdraws the other partner's offer without an event of its own.
        await host.PublishAsync(new OfferAccepted(Guid.NewGuid(), FridayAfternoon.AddHours(1), accepted.OfferId, referral, referrer.Id, partner.Id));
        await host.PublishAsync(new OfferDeclined(Guid.NewGuid(), FridayAfternoon.AddHours(1), declined.OfferId, declined.ReferralId, referrer.Id, partner.Id,
            "No Azure engineer free"));
        await host.UntilAsync("the offers are known as answered or withdrawn", async db => 3 == await db.OfferReminders.CountAsync(r =>
            (r.OfferId == accepted.OfferId || r.OfferId == declined.OfferId || r.OfferId == withdrawn.OfferId)
            && r.State != ReminderState.Waiting && r.DueAt == MondayEleven));

        await host.RemindersAt(MondayEleven.AddMinutes(-30)).RunOnceAsync(TestContext.Current.CancellationToken);

        (await host.MessagesFromAsync(accepted.OfferId)).ShouldBeEmpty();
        (await host.MessagesFromAsync(withdrawn.OfferId)).ShouldBeEmpty();
        (await host.MessagesFromAsync(declined.OfferId)).ShouldBeEmpty();
        (await host.QueryAsync(db => db.OfferReminders.SingleAsync(r => r.OfferId == withdrawn.OfferId))).State.ShouldBe(ReminderState.Withdrawn);
        // The referrer hears of the acceptance.
        (await host.MailsToAsync(referrer.The("Dispatcher").Email)).Single().Subject.ShouldBe("Acme Security accepted your SD-WAN job");
    }

    [Theory]
    [InlineData("2027-03-29T11:00", "2027-03-29T10:00")] // Monday in summer time
    [InlineData("2027-03-29T09:30", "2027-03-26T16:30")] // back over the weekend, from summer into winter time
    [InlineData("2027-03-29T08:00", "2027-03-26T16:00")] // a deadline before opening: the last hour of Friday
    [InlineData("2027-10-31T15:00", "2027-10-29T16:00")] // on Sunday (the clocks went back that night): Friday's last working hour
    public void The_reminder_time_counts_back_one_hour_of_the_firms_working_time(string due, string expected)
    {
        var berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        var week = WorkingWeek.Create([1, 2, 3, 4, 5], new LocalTime(9, 0), new LocalTime(17, 0), "Europe/Berlin");
        Instant Local(string text) => berlin.AtStrictly(LocalDateTime.FromDateTime(DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture))).ToInstant();

        OfferReminder.WorkingTimeBefore(week, Local(due), Duration.FromHours(1)).ShouldBe(Local(expected));
    }
}
