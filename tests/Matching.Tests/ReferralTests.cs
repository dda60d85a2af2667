using Marketplace.Matching.Offers;
using Marketplace.Matching.Ranking;
using Marketplace.Matching.Referrals;
using NodaTime;
using Shouldly;

namespace Marketplace.Matching.Tests;

/// <summary>The referral's state machine on its own: waves, first accept wins, fallbacks, and the audit trail.</summary>
public sealed class ReferralTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 25, 10, 0);
    private static readonly PartnerTerms Terms = new(Guid.NewGuid(), 1, EngagementModes.HandOff, 4, 3);

    private static Referral Posted(int candidates, int waveSize = 3)
    {
        var referral = new Referral
        {
            Id = Guid.NewGuid(), ReferrerFirmId = Guid.NewGuid(), Summary = "Migrate 40 mailboxes to Microsoft 365", EffortHours = 40, HoursPerWeek = 10,
            EarliestStart = new LocalDate(2026, 11, 30), LatestStart = new LocalDate(2026, 12, 14), WaveSize = waveSize, PostedAt = T0,
        };
        referral.Shortlist(Enumerable.Range(1, candidates).Select(i => new Candidacy { ReferralId = referral.Id, FirmId = Guid.NewGuid(), Name = $"P{i}", Rank = i }));
        return referral;
    }

    private static IReadOnlyList<Offer> Wave(Referral referral, Instant at) => referral.OfferNextWave(_ => at + Duration.FromHours(4), at, "system", "next wave");

    [Fact]
    public void Waves_go_out_in_rank_order_and_the_next_follows_when_the_last_open_offer_is_declined()
    {
        var referral = Posted(5);
        var first = Wave(referral, T0);
        first.Select(o => o.Rank).ShouldBe([1, 2, 3]);
        referral.Status.ShouldBe(ReferralStatus.Offering);

        referral.Decline(first[0].Id, "no SQL people free", T0, "p1").ShouldBeFalse();
        referral.Decline(first[1].Id, "not our kind of work", T0, "p2").ShouldBeFalse();
        referral.Decline(first[2].Id, "too small", T0, "p3").ShouldBeTrue(); // the wave is over
        var second = Wave(referral, T0);
        second.Select(o => o.Rank).ShouldBe([4, 5]);
        referral.Wave.ShouldBe(2);
    }

    [Fact]
    public void The_first_accept_wins_the_others_are_withdrawn_and_a_second_accept_is_refused()
    {
        var referral = Posted(3);
        var offers = Wave(referral, T0);

        referral.Accept(offers[1].Id, T0 + Duration.FromMinutes(5), "p2", Terms);

        referral.Status.ShouldBe(ReferralStatus.Accepted);
        referral.PartnerFirmId.ShouldBe(offers[1].PartnerFirmId);
        offers.Select(o => o.Status).ShouldBe([OfferStatus.Withdrawn, OfferStatus.Accepted, OfferStatus.Withdrawn]);
        Should.Throw<ReferralRuleException>(() => referral.Accept(offers[0].Id, T0 + Duration.FromMinutes(6), "p1", Terms));
        Should.Throw<ReferralRuleException>(() => referral.Decline(offers[2].Id, "late", T0 + Duration.FromMinutes(6), "p3"));
    }

    [Fact]
    public void An_offer_past_its_deadline_cannot_be_accepted_and_expiring_the_wave_brings_the_next_then_unmatched()
    {
        var referral = Posted(2, waveSize: 1);
        var first = Wave(referral, T0).Single();
        var late = T0 + Duration.FromHours(5);
        Should.Throw<ReferralRuleException>(() => referral.Accept(first.Id, late, "p1", Terms)).Message.ShouldContain("deadline");

        referral.Expire(first, T0 + Duration.FromHours(1)).ShouldBeFalse(); // not due yet
        referral.Expire(first, late).ShouldBeTrue();
        var second = Wave(referral, late).Single();
        referral.Expire(second, late + Duration.FromHours(5)).ShouldBeTrue();
        Wave(referral, late + Duration.FromHours(5)).ShouldBeEmpty();

        referral.Status.ShouldBe(ReferralStatus.Unmatched);
        referral.Timeline[^1].Why.ShouldBe("all 2 waves declined or expired");
    }

    [Fact]
    public void Nobody_qualifying_is_unmatched_at_once_and_the_rest_of_the_process_runs_in_order()
    {
        var nobody = Posted(0);
        Wave(nobody, T0).ShouldBeEmpty();
        nobody.Status.ShouldBe(ReferralStatus.Unmatched);
        nobody.Timeline[^1].Why.ShouldBe("nobody qualifies");

        var referral = Posted(1);
        var offer = Wave(referral, T0).Single();
        Should.Throw<ReferralRuleException>(() => referral.Confirm(T0, "referrer")); // nothing accepted yet
        referral.Accept(offer.Id, T0, "partner", Terms);
        Should.Throw<ReferralRuleException>(() => referral.Complete(1000, T0, "referrer")); // not confirmed yet
        referral.Confirm(T0, "referrer");
        referral.Start(T0, "partner");
        referral.Complete(12_000, T0, "referrer");
        Should.Throw<ReferralRuleException>(() => referral.Cancel("changed our mind", T0, "referrer"));

        referral.Timeline.Where(t => t.From != t.To).Select(t => t.To).ShouldBe(
            [ReferralStatus.Offering, ReferralStatus.Accepted, ReferralStatus.Confirmed, ReferralStatus.InProgress, ReferralStatus.Completed]);
        referral.Timeline.ShouldAllBe(t => !string.IsNullOrEmpty(t.By) && !string.IsNullOrEmpty(t.Why));
    }
}
