using Marketplace.Matching.Offers;
using Marketplace.Matching.Referrals;
using NodaTime;
using Shouldly;

namespace Marketplace.Matching.Tests;

/// <summary>An accept whose hold Scheduling refuses closes that offer and brings the next candidate at once (no host, no database).</summary>
public sealed class FailedHoldTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 25, 10, 0);

    private static Referral Posted(int candidates, int waveSize)
    {
        var referral = new Referral
        {
            Id = Guid.NewGuid(), ReferrerFirmId = Guid.NewGuid(), Summary = "Harden 30 laptops to CIS level 1", EffortHours = 40, HoursPerWeek = 10,
            EarliestStart = new LocalDate(2026, 11, 30), LatestStart = new LocalDate(2026, 12, 14), WaveSize = waveSize, PostedAt = T0,
        };
        referral.Shortlist(Enumerable.Range(1, candidates).Select(i => new Candidacy { ReferralId = referral.Id, FirmId = Guid.NewGuid(), Name = $"P{i}", Rank = i }));
        return referral;
    }

    private static OfferTerms Terms(Candidacy _) => new(T0 + Duration.FromHours(30), null, 0);

    [Fact]
    public void The_offer_whose_hold_failed_is_closed_and_the_next_candidate_joins_the_wave_at_once_while_the_others_stay_open()
    {
        var referral = Posted(candidates: 4, waveSize: 2);
        var wave = referral.OfferNextWave(Terms, T0, "system", "wave 1");
        var failedAt = T0 + Duration.FromMinutes(20);

        referral.CloseFailedAccept(referral.BeginAccept(wave[0].Id, failedAt, "p1"), "Your engineers have no 10 h a week free in Scheduling to start by Mon 14 Dec 2026.", failedAt);
        var replacement = referral.OfferReplacement(Terms, failedAt, "system", "an accept in wave 1 could not be held; the next candidate is offered at once");

        (wave[0].Status, wave[0].RespondedAt, wave[0].DeclineReason).ShouldBe((OfferStatus.Declined, failedAt,
            "no time left: Your engineers have no 10 h a week free in Scheduling to start by Mon 14 Dec 2026."));
        referral.Pending.ShouldBeNull();
        wave[1].Status.ShouldBe(OfferStatus.Open);
        replacement.Single().Rank.ShouldBe(3);
        (replacement[0].Wave, referral.Wave, replacement[0].MadeAt).ShouldBe((1, 1, failedAt));
        referral.Status.ShouldBe(ReferralStatus.Offering);
        referral.Timeline.TakeLast(2).Select(t => t.Why).ShouldBe([
            "accept did not go through: Your engineers have no 10 h a week free in Scheduling to start by Mon 14 Dec 2026. The offer is closed and the referral goes on to the next partner.",
            "an accept in wave 1 could not be held; the next candidate is offered at once",
        ]);
        referral.Timeline[^2].AboutFirmId.ShouldBe(wave[0].PartnerFirmId); // the partner reads its own step; the others do not
    }

    [Fact]
    public void With_nobody_left_the_wave_waits_for_its_open_offers_and_is_unmatched_only_when_none_is_open()
    {
        var referral = Posted(candidates: 2, waveSize: 2);
        var wave = referral.OfferNextWave(Terms, T0, "system", "wave 1");

        referral.CloseFailedAccept(referral.BeginAccept(wave[0].Id, T0, "p1"), "no hours.", T0);
        referral.OfferReplacement(Terms, T0, "system", "next").ShouldBeEmpty();
        referral.Status.ShouldBe(ReferralStatus.Offering); // P2 may still accept

        referral.CloseFailedAccept(referral.BeginAccept(wave[1].Id, T0, "p2"), "no hours.", T0);
        referral.OfferReplacement(Terms, T0, "system", "next").ShouldBeEmpty();
        referral.Status.ShouldBe(ReferralStatus.Unmatched);
        referral.Timeline[^1].Why.ShouldBe("all 1 waves declined or expired");
    }

    [Fact]
    public void Only_the_attempt_that_owns_the_accept_may_close_it_and_a_replacement_needs_a_referral_still_offering()
    {
        var referral = Posted(candidates: 3, waveSize: 1);
        var offer = referral.OfferNextWave(Terms, T0, "system", "wave 1").Single();
        referral.BeginAccept(offer.Id, T0, "p1");

        Should.Throw<ReferralRuleException>(() => referral.CloseFailedAccept(Guid.NewGuid(), "no hours.", T0));
        offer.Status.ShouldBe(OfferStatus.Accepting);

        referral.Cancel("client went elsewhere", T0, "referrer");
        Should.Throw<ReferralRuleException>(() => referral.OfferReplacement(Terms, T0, "system", "next"));
    }

    [Fact]
    public void After_the_latest_start_a_failed_hold_brings_no_one_new_and_ends_the_referral_when_nothing_is_open()
    {
        var referral = Posted(candidates: 3, waveSize: 1);
        var offer = referral.OfferNextWave(Terms, T0, "system", "wave 1").Single();
        var late = Instant.FromUtc(2026, 12, 15, 9, 0);
        referral.Expire(offer, offer.DueAt).ShouldBeTrue();
        var second = referral.OfferNextWave(_ => new OfferTerms(late + Duration.FromHours(4), null, 0), T0 + Duration.FromDays(2), "system", "wave 2").Single();

        referral.CloseFailedAccept(referral.BeginAccept(second.Id, late, "p2"), "no hours.", late);
        referral.OfferReplacement(Terms, late, "system", "next").ShouldBeEmpty();

        referral.Status.ShouldBe(ReferralStatus.Unmatched);
        referral.Timeline[^1].Why.ShouldBe("the latest start, Mon 14 Dec 2026, passed before a partner accepted (2 waves offered)");
        referral.Candidates.Single(c => c.Rank == 3).Offered.ShouldBeFalse();
    }
}
