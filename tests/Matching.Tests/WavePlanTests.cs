using Marketplace.Matching.Offers;
using Marketplace.Matching.Referrals;
using NodaTime;
using Shouldly;

namespace Marketplace.Matching.Tests;

/// <summary>Wave size and answer deadline from the referral's slack, and the timeline line that says why (no host, no database).</summary>
public sealed class WavePlanTests
{
    private static readonly Instant FridayAfternoon = Instant.FromUtc(2026, 11, 27, 15, 0);

    [Theory]
    [InlineData(27, 0, 5, true)] // latest start today
    [InlineData(30, 1, 5, true)] // Monday: the weekend does not count
    [InlineData(32, 3, 5, true)] // Wednesday 2 December
    [InlineData(33, 4, 3, false)]
    [InlineData(47, 14, 3, false)] // Thursday 17 December
    [InlineData(48, 15, 2, false)] // Friday 18 December: three working weeks
    public void A_near_latest_start_gets_a_wide_wave_and_a_short_deadline_and_weeks_of_slack_a_narrow_one(int novemberDay, int workingDays, int size, bool shortDeadline)
    {
        var latest = new LocalDate(2026, 11, 1).PlusDays(novemberDay - 1);

        var plan = WavePlan.For(null, latest, FridayAfternoon, fromSlack: true);

        (plan.WorkingDaysLeft, plan.Size, plan.ShortDeadline).ShouldBe((workingDays, size, shortDeadline));
        plan.Deadline(4).ShouldBe(shortDeadline ? Duration.FromHours(2) : Duration.FromHours(4));
    }

    [Fact]
    public void A_short_deadline_is_half_the_agreed_time_never_under_an_hour_nor_over_what_was_agreed()
    {
        var near = WavePlan.For(null, new LocalDate(2026, 11, 30), FridayAfternoon, fromSlack: true);
        near.Deadline(8).ShouldBe(Duration.FromHours(4));
        near.Deadline(3).ShouldBe(Duration.FromMinutes(90));
        near.Deadline(2).ShouldBe(Duration.FromHours(1));
        near.Deadline(1).ShouldBe(Duration.FromHours(1));
        WavePlan.For(null, new LocalDate(2026, 12, 18), FridayAfternoon, fromSlack: true).Deadline(1).ShouldBe(Duration.FromHours(1));
    }

    [Fact]
    public void A_size_the_referrer_chose_stands_and_with_the_rule_off_waves_are_three_with_the_agreed_time()
    {
        var chosen = WavePlan.For(1, new LocalDate(2026, 11, 30), FridayAfternoon, fromSlack: true);
        (chosen.Size, chosen.ShortDeadline).ShouldBe((1, true));

        var off = WavePlan.For(null, new LocalDate(2026, 11, 30), FridayAfternoon, fromSlack: false);
        (off.Size, off.ShortDeadline, off.Deadline(4)).ShouldBe((3, false, Duration.FromHours(4)));
        WavePlan.For(7, new LocalDate(2026, 11, 30), FridayAfternoon, fromSlack: false).Size.ShouldBe(7);
    }

    [Fact]
    public void The_referrer_reads_in_the_timeline_why_a_wave_was_sized_so_and_a_partner_does_not()
    {
        var referral = Posted(latest: new LocalDate(2026, 11, 30), candidates: 8);
        var plan = WavePlan.For(referral.WaveSize, referral.LatestStart, FridayAfternoon, fromSlack: true);

        var offers = referral.OfferNextWave(_ => Terms(FridayAfternoon + Duration.FromHours(2)), FridayAfternoon, "system", "wave 1 of 8 ranked candidates", plan);

        offers.Select(o => o.Rank).ShouldBe([1, 2, 3, 4, 5]);
        var step = referral.Timeline[^1];
        step.Why.ShouldBe("wave 1 of 8 ranked candidates: 5 partners at once, each with half its agreed time to answer (at least 1 business hour): " +
            "the latest start, Mon 30 Nov 2026, is 1 working day away");
        step.WhyAsSeenBy(referral.ReferrerFirmId, referral.ReferrerFirmId).ShouldBe(step.Why);
        step.WhyAsSeenBy(offers[0].PartnerFirmId, referral.ReferrerFirmId).ShouldBe("offers made");
    }

    [Fact]
    public void A_referral_with_weeks_of_slack_asks_two_at_a_time_and_its_waves_widen_as_the_latest_start_comes_near()
    {
        var referral = Posted(latest: new LocalDate(2026, 12, 21), candidates: 10);
        var first = referral.OfferNextWave(_ => Terms(FridayAfternoon + Duration.FromDays(30)), FridayAfternoon, "system", "wave 1",
            WavePlan.For(null, referral.LatestStart, FridayAfternoon, fromSlack: true));
        first.Count.ShouldBe(2);
        referral.Timeline[^1].Why.ShouldEndWith("the latest start, Mon 21 Dec 2026, is 16 working days away, time enough to ask a few at a time");

        var lateInTheDay = Instant.FromUtc(2026, 12, 17, 9, 0);
        foreach (var offer in first)
        {
            referral.Decline(offer.Id, "no capacity", lateInTheDay, "partner");
        }
        var second = referral.OfferNextWave(_ => Terms(lateInTheDay + Duration.FromHours(2)), lateInTheDay, "system", "wave 2",
            WavePlan.For(null, referral.LatestStart, lateInTheDay, fromSlack: true));
        second.Select(o => o.Rank).ShouldBe([3, 4, 5, 6, 7]);
        referral.Timeline[^1].Why.ShouldContain("is 2 working days away");
    }

    [Fact]
    public void No_wave_goes_out_once_the_latest_start_has_passed_the_referral_is_unmatched_with_the_reason()
    {
        var referral = Posted(latest: new LocalDate(2026, 11, 30), candidates: 4);
        var offer = referral.OfferNextWave(_ => Terms(FridayAfternoon + Duration.FromHours(2)), FridayAfternoon, "system", "wave 1")[0];
        var tuesday = Instant.FromUtc(2026, 12, 1, 9, 0);
        referral.Decline(offer.Id, "not for us", FridayAfternoon + Duration.FromHours(1), "partner");
        foreach (var open in referral.Offers.Where(o => o.Status == OfferStatus.Open).ToList())
        {
            referral.Expire(open, tuesday);
        }

        referral.OfferNextWave(_ => Terms(tuesday + Duration.FromHours(4)), tuesday, "system", "wave 2").ShouldBeEmpty();

        referral.Status.ShouldBe(ReferralStatus.Unmatched);
        referral.Timeline[^1].Why.ShouldBe("the latest start, Mon 30 Nov 2026, passed before a partner accepted (1 wave offered)");
        referral.Candidates.Count(c => c.Offered).ShouldBe(3); // the fourth was never bothered
    }

    [Fact]
    public void Working_days_count_weekdays_after_today_up_to_the_latest_start()
    {
        WavePlan.WorkingDaysUntil(new LocalDate(2026, 11, 27), new LocalDate(2026, 11, 27)).ShouldBe(0);
        WavePlan.WorkingDaysUntil(new LocalDate(2026, 11, 27), new LocalDate(2026, 11, 29)).ShouldBe(0);
        WavePlan.WorkingDaysUntil(new LocalDate(2026, 11, 27), new LocalDate(2026, 11, 20)).ShouldBe(0);
        WavePlan.WorkingDaysUntil(new LocalDate(2026, 11, 23), new LocalDate(2026, 12, 7)).ShouldBe(10);
    }

    private static OfferTerms Terms(Instant due) => new(due, null, 0);

    private static Referral Posted(LocalDate latest, int candidates)
    {
        var referral = new Referral
        {
            Id = Guid.NewGuid(), ReferrerFirmId = Guid.NewGuid(), Summary = "Restore a failed SQL Server cluster", EffortHours = 20, HoursPerWeek = 20,
            EarliestStart = new LocalDate(2026, 11, 30), LatestStart = latest, PostedAt = FridayAfternoon,
        };
        referral.Shortlist(Enumerable.Range(1, candidates).Select(i => new Candidacy { ReferralId = referral.Id, FirmId = Guid.NewGuid(), Name = $"P{i}", Rank = i }));
        return referral;
    }
}
