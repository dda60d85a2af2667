using System.Net;
using Marketplace.Contracts;
using Marketplace.Notifications.Offers;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Marketplace.Notifications.Tests;

/// <summary>
/// Questions on an offer and the one deadline extension: the other firm's Owners and Dispatchers are told, as their
/// preferences say, and the partner's reminder follows the extended deadline.
/// </summary>
public sealed class QuestionMailTests(NotificationsHost host) : IClassFixture<NotificationsHost>
{
    // Made on Friday afternoon in Berlin's winter time; due on Monday at 11:00 Berlin (summer time since Sunday 28 March).
    private static readonly DateTimeOffset FridayAfternoon = new(2027, 3, 26, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MondayEleven = new(2027, 3, 29, 9, 0, 0, TimeSpan.Zero);
    /// <summary>Four business hours later: Monday 15:00 in Berlin.</summary>
    private static readonly DateTimeOffset MondayFifteen = new(2027, 3, 29, 13, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(TestFirm Referrer, TestFirm Partner, OfferMade Offer)> OfferedAsync(bool confidential = false)
    {
        var referrer = await host.FirmAsync("Northwind IT", "America/New_York", "Owner", "Dispatcher", "Engineer");
        var partner = await host.FirmAsync("Acme Security", "Europe/Berlin", "Owner", "Dispatcher", "Engineer");
        var referral = await host.ReferralAsync(referrer.Id, ["SD-WAN"], 30, 10, new DateOnly(2027, 4, 5), confidential);
        return (referrer, partner, new OfferMade(Guid.NewGuid(), FridayAfternoon, Guid.NewGuid(), referral, referrer.Id, partner.Id, 1, MondayEleven));
    }

    private static OfferDeadlineExtended Extension(OfferMade offer, DateTimeOffset at) =>
        new(Guid.NewGuid(), at, offer.OfferId, offer.ReferralId, offer.ReferrerFirmId, offer.PartnerFirmId, MondayEleven, MondayFifteen, 4);

    [Fact]
    public async Task A_question_reaches_the_referrers_desk_with_its_words_and_the_deadline_in_the_referrers_zone()
    {
        var (referrer, partner, offer) = await OfferedAsync();
        var asked = new OfferQuestionAsked(Guid.NewGuid(), FridayAfternoon.AddMinutes(10), Guid.NewGuid(), offer.OfferId, offer.ReferralId, referrer.Id, partner.Id, 2,
            "Is the branch in Lyon part of the rollout?", MondayEleven);

        await host.PublishAsync(asked);

        var mail = (await host.MailsToAsync(referrer.The("Dispatcher").Email)).Single();
        mail.Subject.ShouldBe("Acme Security asks about your SD-WAN job");
        mail.Text().ShouldContain("Acme Security asks about your SD-WAN job before answering your offer, which closes at Mon 29 Mar 05:00.");
        mail.Text().ReplaceLineEndings("\n").ShouldContain("Question 2:\nIs the branch in Lyon part of the rollout?");
        mail.Text().ShouldContain($"{NotificationsHost.PublicUrl}/portal/referrals/{offer.ReferralId}");
        mail.Headers["List-Unsubscribe"].ShouldStartWith($"<{NotificationsHost.PublicUrl}/api/notifications/unsubscribe?token=");
        // The people who answer for the referrer, nobody at the partner, no engineer.
        (await host.MessagesFromAsync(asked.EventId)).Select(m => (m.Email, m.Kind))
            .ShouldBe([(referrer.The("Owner").Email, "offer-question"), (referrer.The("Dispatcher").Email, "offer-question")], ignoreOrder: true);
    }

    [Fact]
    public async Task An_answer_reaches_the_partners_desk_with_the_question_and_the_answer_but_only_those_who_take_answers()
    {
        var (referrer, partner, offer) = await OfferedAsync();
        // The partner's Owner turned answers off (as an unsubscribe link would): only the Dispatcher is written to.
        await host.Client.CallAsync(HttpMethod.Put, "/api/notifications/preferences", partner.The("Owner").Token(partner.Id),
            new { kinds = new[] { new { kind = "offer-answer", delivery = "Off" } } }, HttpStatusCode.OK);
        var answered = new OfferQuestionAnswered(Guid.NewGuid(), FridayAfternoon.AddHours(1), Guid.NewGuid(), offer.OfferId, offer.ReferralId, referrer.Id, partner.Id, 1,
            "Is the branch in Lyon part of the rollout?", "Yes, Lyon and Marseille; both have a local contact.", MondayEleven);

        await host.PublishAsync(answered);

        var mail = (await host.MailsToAsync(partner.The("Dispatcher").Email)).Single();
        mail.Subject.ShouldBe("Northwind IT answered your question about an SD-WAN job");
        mail.Text().ShouldContain("Northwind IT answered your question 1 about an SD-WAN job; the offer closes at Mon 29 Mar 11:00.");
        mail.Text().ReplaceLineEndings("\n").ShouldContain("You asked:\nIs the branch in Lyon part of the rollout?\nThe answer:\nYes, Lyon and Marseille; both have a local contact.");
        mail.Text().ShouldContain($"{NotificationsHost.PublicUrl}/portal/inbox");
        (await host.MessagesFromAsync(answered.EventId)).Select(m => m.Email).ShouldBe([partner.The("Dispatcher").Email]);
    }

    [Fact]
    public async Task An_extension_tells_the_partner_and_its_reminder_moves_to_an_hour_before_the_new_deadline()
    {
        var (_, partner, offer) = await OfferedAsync();
        await host.PublishAsync(offer);
        await host.MailsToAsync(partner.The("Dispatcher").Email);
        var extension = Extension(offer, FridayAfternoon.AddHours(1));

        await host.PublishAsync(extension);

        var mail = (await host.MailsToAsync(partner.The("Dispatcher").Email, 2))[1];
        mail.Subject.ShouldBe("Northwind IT gave you until Mon 29 Mar 15:00 to answer its offer");
        mail.Text().ShouldContain("Northwind IT extended the deadline of its offer of an SD-WAN job to Mon 29 Mar 15:00 (it was Mon 29 Mar 11:00).");
        (await host.MessagesFromAsync(extension.EventId)).Select(m => (m.Email, m.Kind))
            .ShouldBe([(partner.The("Owner").Email, "offer-extended"), (partner.The("Dispatcher").Email, "offer-extended")], ignoreOrder: true);
        await host.UntilAsync("the reminder follows the new deadline", db => db.OfferReminders.AnyAsync(r => r.OfferId == offer.OfferId && r.DueAt == MondayFifteen));
        (await host.QueryAsync(db => db.OfferReminders.SingleAsync(r => r.OfferId == offer.OfferId))).RemindAt.ShouldBe(MondayFifteen.AddHours(-1));

        // (Other tests' reminders share the database: what counts is this offer's messages.)
        await host.RemindersAt(MondayEleven.AddMinutes(-30)).RunOnceAsync(Ct); // the old reminder time is no longer due
        await host.RemindersAt(MondayFifteen.AddMinutes(-61)).RunOnceAsync(Ct);
        (await host.MessagesFromAsync(offer.OfferId)).ShouldBeEmpty();
        await host.RemindersAt(MondayFifteen.AddMinutes(-59)).RunOnceAsync(Ct);
        (await host.MessagesFromAsync(offer.OfferId)).Count.ShouldBe(2); // Owner and Dispatcher
        var reminder = (await host.MailsToAsync(partner.The("Dispatcher").Email, 3))[2];
        reminder.Text().ShouldContain("closes at Mon 29 Mar 15:00, one business hour from now.");
    }

    [Fact]
    public async Task A_reminder_sent_before_the_extension_is_sent_again_before_the_new_deadline_once()
    {
        var (_, partner, offer) = await OfferedAsync();
        await host.PublishAsync(offer);
        await host.MailsToAsync(partner.The("Dispatcher").Email);
        await host.RemindersAt(MondayEleven.AddMinutes(-59)).RunOnceAsync(Ct);
        (await host.MessagesFromAsync(offer.OfferId)).Count.ShouldBe(2);
        await host.MailsToAsync(partner.The("Dispatcher").Email, 2);

        await host.PublishAsync(Extension(offer, MondayEleven.AddMinutes(-30)));
        await host.UntilAsync("the reminder waits again", db => db.OfferReminders.AnyAsync(r => r.OfferId == offer.OfferId && r.State == ReminderState.Waiting
            && r.DueAt == MondayFifteen && r.RepeatId != null));

        var repeat = (await host.QueryAsync(db => db.OfferReminders.SingleAsync(r => r.OfferId == offer.OfferId))).RepeatId!.Value;

        await host.RemindersAt(MondayFifteen.AddMinutes(-59)).RunOnceAsync(Ct);
        await host.RemindersAt(MondayFifteen.AddMinutes(-30)).RunOnceAsync(Ct);
        (await host.MessagesFromAsync(repeat)).Count.ShouldBe(2);
        (await host.MessagesFromAsync(offer.OfferId)).Count.ShouldBe(2); // the first reminder, unchanged
        var mails = await host.MailsToAsync(partner.The("Dispatcher").Email, 4);
        mails.Count(m => m.Subject == "One business hour left to answer Northwind IT's offer").ShouldBe(2);
        mails[^1].Text().ShouldContain("closes at Mon 29 Mar 15:00");
    }

    [Fact]
    public async Task An_extension_heard_before_the_offer_itself_keeps_the_later_deadline()
    {
        var (_, partner, offer) = await OfferedAsync();
        var extension = Extension(offer, FridayAfternoon.AddHours(1));
        await host.PublishAsync(extension);
        await host.MailsToAsync(partner.The("Dispatcher").Email);

        await host.PublishAsync(offer); // it travelled on a slower queue
        await host.MailsToAsync(partner.The("Dispatcher").Email, 2);
        await host.UntilAsync("the offer's event was handled", db => db.OfferReminders.AnyAsync(r => r.OfferId == offer.OfferId && r.ReferralId == offer.ReferralId
            && r.PartnerFirmId == partner.Id));

        var reminder = await host.QueryAsync(db => db.OfferReminders.SingleAsync(r => r.OfferId == offer.OfferId));
        (reminder.DueAt, reminder.RemindAt, reminder.State).ShouldBe((MondayFifteen, MondayFifteen.AddHours(-1), ReminderState.Waiting));
    }

    [Fact]
    public async Task A_confidential_referrals_offer_extension_answer_and_reminder_never_name_the_referrer()
    {
        var (referrer, partner, offer) = await OfferedAsync(confidential: true);
        var dispatcher = partner.The("Dispatcher").Email;

        await host.PublishAsync(offer);
        await host.MailsToAsync(dispatcher);
        await host.PublishAsync(Extension(offer, FridayAfternoon.AddHours(1)));
        await host.MailsToAsync(dispatcher, 2);
        await host.PublishAsync(new OfferQuestionAnswered(Guid.NewGuid(), FridayAfternoon.AddHours(2), Guid.NewGuid(), offer.OfferId, offer.ReferralId, referrer.Id,
            partner.Id, 1, "Which sites?", "Both clinics.", MondayFifteen));
        await host.MailsToAsync(dispatcher, 3);
        await host.UntilAsync("the reminder follows the new deadline", db => db.OfferReminders.AnyAsync(r => r.OfferId == offer.OfferId && r.DueAt == MondayFifteen));
        await host.RemindersAt(MondayFifteen.AddMinutes(-59)).RunOnceAsync(Ct);
        var mails = await host.MailsToAsync(dispatcher, 4);

        mails.Select(m => m.Subject).ShouldBe([
            "A confidential offer of an SD-WAN job: answer by Mon 29 Mar 11:00",
            "You have until Mon 29 Mar 15:00 to answer a confidential offer",
            "The referrer answered your question about an SD-WAN job",
            "One business hour left to answer a confidential offer",
        ]);
        mails[0].Text().ShouldContain("A firm offers you an SD-WAN job, 30 h over 3 weeks from Mon 5 Apr; answer by Mon 29 Mar 11:00.");
        mails[0].Text().ShouldContain("The referral is confidential: the partner that accepts learns the client's name, and who referred it once the referrer confirms that partner.");
        mails[1].Text().ShouldContain("The referrer extended the deadline of its offer of an SD-WAN job to Mon 29 Mar 15:00");
        mails[3].Text().ShouldContain("The confidential offer of an SD-WAN job is still open and closes at Mon 29 Mar 15:00");
        mails.Select(m => $"{m.Subject}\n{m.Text()}\n{m.Html()}").ShouldAllBe(all => !all.Contains("Northwind"));
    }

    [Fact]
    public async Task An_extension_for_a_referral_not_heard_of_yet_names_no_referrer()
    {
        var (_, partner, offer) = await OfferedAsync();
        var unheardOf = Extension(offer, FridayAfternoon.AddHours(1)) with { ReferralId = Guid.NewGuid() };

        await host.PublishAsync(unheardOf);

        var mail = (await host.MailsToAsync(partner.The("Dispatcher").Email)).Single();
        mail.Subject.ShouldBe("You have until Mon 29 Mar 15:00 to answer a confidential offer");
        $"{mail.Text()}{mail.Html()}".ShouldNotContain("Northwind");
    }
}
