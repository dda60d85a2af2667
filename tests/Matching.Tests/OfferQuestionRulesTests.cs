using Marketplace.Calendar;
using Marketplace.Matching.Offers;
using Marketplace.Matching.Questions;
using Marketplace.Matching.Referrals;
using NodaTime;
using Shouldly;

namespace Marketplace.Matching.Tests;

/// <summary>The referral's rules for questions on an offer and the one deadline extension, without a web host.</summary>
public sealed class OfferQuestionRulesTests
{
    // Thursday 25 Nov 2027, 10:00 UTC; offers due 4 hours later.
    private static readonly Instant T0 = Instant.FromUtc(2027, 11, 25, 10, 0);
    private static readonly WorkingWeek London = WorkingWeek.Create([1, 2, 3, 4, 5], new LocalTime(9, 0), new LocalTime(17, 0), "Europe/London");

    private static (Referral Referral, IReadOnlyList<Offer> Offers) Offering(int partners = 2)
    {
        var referral = new Referral
        {
            Id = Guid.NewGuid(), ReferrerFirmId = Guid.NewGuid(), Summary = "Tune a slow SQL Server", EffortHours = 30, HoursPerWeek = 10,
            EarliestStart = new LocalDate(2027, 12, 6), LatestStart = new LocalDate(2027, 12, 20), WaveSize = partners, PostedAt = T0,
        };
        referral.Shortlist(Enumerable.Range(1, partners).Select(i => new Candidacy { ReferralId = referral.Id, FirmId = Guid.NewGuid(), Name = $"P{i}", Rank = i }));
        var offers = referral.OfferNextWave(_ => new OfferTerms(T0 + Duration.FromHours(4), null, 0), T0, "system", "wave 1");
        return (referral, offers);
    }

    private static Instant Add(Instant from, Duration amount) => London.AddWorkingTime(from, amount);

    [Fact]
    public void The_partner_asks_numbered_questions_without_moving_the_deadline_and_the_referrer_answers_each_once()
    {
        var (referral, offers) = Offering();
        var offer = offers[0];
        var first = referral.Ask(offer.Id, offer.PartnerFirmId, 0, "Is there a maintenance window?", T0 + Duration.FromMinutes(5), "p1");
        var second = referral.Ask(offer.Id, offer.PartnerFirmId, 1, "Which SQL Server version?", T0 + Duration.FromMinutes(6), "p1");

        (first.Number, second.Number).ShouldBe((1, 2));
        offer.DueAt.ShouldBe(T0 + Duration.FromHours(4));
        referral.Answer(first, referral.ReferrerFirmId, "Sundays 02:00-06:00.", T0 + Duration.FromMinutes(10), "r1");
        first.Answer.ShouldBe("Sundays 02:00-06:00.");
        Should.Throw<ReferralRuleException>(() => referral.Answer(first, referral.ReferrerFirmId, "Saturdays after all.", T0 + Duration.FromMinutes(11), "r1"))
            .Message.ShouldContain("answered already");
        first.Answer.ShouldBe("Sundays 02:00-06:00.");

        // The steps are about the asking partner: other partners never see them.
        referral.Timeline.Where(t => t.Why.Contains("question", StringComparison.Ordinal)).ShouldAllBe(t => t.AboutFirmId == offer.PartnerFirmId);
        referral.Timeline.Count(t => t.Why.Contains("question", StringComparison.Ordinal)).ShouldBe(3);
    }

    [Fact]
    public void Only_the_offers_partner_asks_and_only_the_referrer_answers_and_extends()
    {
        var (referral, offers) = Offering();
        var (mine, theirs) = (offers[0], offers[1]);
        Should.Throw<ReferralRuleException>(() => referral.Ask(mine.Id, theirs.PartnerFirmId, 0, "Mine now?", T0, "p2"));
        Should.Throw<ReferralRuleException>(() => referral.Ask(mine.Id, referral.ReferrerFirmId, 0, "Asking myself?", T0, "r1"));
        var question = referral.Ask(mine.Id, mine.PartnerFirmId, 0, "Remote work allowed?", T0, "p1");
        Should.Throw<ReferralRuleException>(() => referral.Answer(question, mine.PartnerFirmId, "Yes, says I", T0, "p1"));
        Should.Throw<ReferralRuleException>(() => referral.ExtendDeadline(mine.Id, mine.PartnerFirmId, 8, Add, T0, "p1"));
        mine.ExtendedAt.ShouldBeNull();
    }

    [Fact]
    public void At_most_twenty_questions_per_offer()
    {
        var (referral, offers) = Offering(1);
        var offer = offers[0];
        for (var asked = 0; asked < OfferQuestion.MaxPerOffer; asked++)
        {
            referral.Ask(offer.Id, offer.PartnerFirmId, asked, $"Question {asked + 1}?", T0, "p1");
        }
        Should.Throw<ReferralRuleException>(() => referral.Ask(offer.Id, offer.PartnerFirmId, OfferQuestion.MaxPerOffer, "One more?", T0, "p1"))
            .Message.ShouldContain("at most 20 questions");
    }

    [Fact]
    public void Nothing_is_asked_answered_or_extended_once_the_offer_is_past_its_deadline_accepted_or_being_accepted()
    {
        var (referral, offers) = Offering();
        var question = referral.Ask(offers[0].Id, offers[0].PartnerFirmId, 0, "Budget flexible?", T0, "p1");
        var late = T0 + Duration.FromHours(4);
        Should.Throw<ReferralRuleException>(() => referral.Ask(offers[0].Id, offers[0].PartnerFirmId, 1, "Still there?", late, "p1")).Message.ShouldContain("deadline");
        Should.Throw<ReferralRuleException>(() => referral.Answer(question, referral.ReferrerFirmId, "Yes", late, "r1"));
        Should.Throw<ReferralRuleException>(() => referral.ExtendDeadline(offers[0].Id, referral.ReferrerFirmId, 4, Add, late, "r1"));

        var attempt = referral.BeginAccept(offers[1].Id, T0, "p2");
        Should.Throw<ReferralRuleException>(() => referral.ExtendDeadline(offers[1].Id, referral.ReferrerFirmId, 4, Add, T0, "r1"))
            .Message.ShouldContain("accepting this offer right now");
        Should.Throw<ReferralRuleException>(() => referral.Ask(offers[1].Id, offers[1].PartnerFirmId, 0, "Quick one?", T0, "p2"));
        referral.FinishAccept(offers[1].Id, attempt, T0, "p2");
        Should.Throw<ReferralRuleException>(() => referral.Ask(offers[1].Id, offers[1].PartnerFirmId, 0, "After accepting?", T0, "p2"));
        Should.Throw<ReferralRuleException>(() => referral.Answer(question, referral.ReferrerFirmId, "Yes", T0, "r1")).Message.ShouldContain("withdrawn");
        question.Answer.ShouldBeNull();
    }

    [Fact]
    public void The_deadline_is_extended_once_by_the_partners_business_hours_from_the_current_deadline()
    {
        var (referral, offers) = Offering();
        var offer = offers[0];
        var due = offer.DueAt; // Thu 25 Nov 2027 14:00 London (GMT)

        referral.ExtendDeadline(offer.Id, referral.ReferrerFirmId, 8, Add, T0 + Duration.FromMinutes(30), "r1");

        // Three hours left on Thursday (to 17:00), five on Friday from 09:00.
        offer.DueAt.ShouldBe(Instant.FromUtc(2027, 11, 26, 14, 0));
        (offer.OriginalDueAt, offer.ExtensionHours, offer.ExtendedAt).ShouldBe((due, 8, T0 + Duration.FromMinutes(30)));
        referral.Timeline[^1].Why.ShouldBe("deadline of the wave-1 offer extended by 8 business hours to Fri 26 Nov 2027 14:00 UTC");
        referral.Timeline[^1].AboutFirmId.ShouldBe(offer.PartnerFirmId);
        Should.Throw<ReferralRuleException>(() => referral.ExtendDeadline(offer.Id, referral.ReferrerFirmId, 1, Add, T0 + Duration.FromHours(1), "r1"))
            .Message.ShouldContain("only once");
        offer.DueAt.ShouldBe(Instant.FromUtc(2027, 11, 26, 14, 0));

        // Expiry follows the new deadline: not at the old one, at the new one.
        referral.Expire(offer, due + Duration.FromMinutes(1)).ShouldBeFalse();
        offer.Status.ShouldBe(OfferStatus.Open);
        referral.Expire(offer, offer.DueAt);
        offer.Status.ShouldBe(OfferStatus.Expired);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(41)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void An_extension_outside_1_to_40_business_hours_is_refused(int hours)
    {
        var (referral, offers) = Offering();
        Should.Throw<ReferralRuleException>(() => referral.ExtendDeadline(offers[0].Id, referral.ReferrerFirmId, hours, Add, T0, "r1"));
        offers[0].ExtendedAt.ShouldBeNull();
    }
}
