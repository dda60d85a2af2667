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
    private static readonly Guid Partnership = Guid.NewGuid();

    private static Referral Posted(int candidates, int waveSize = 3, string clientZone = "UTC")
    {
        var referral = new Referral
        {
            Id = Guid.NewGuid(), ReferrerFirmId = Guid.NewGuid(), Summary = "Migrate 40 mailboxes to Microsoft 365", EffortHours = 40, HoursPerWeek = 10,
            EarliestStart = new LocalDate(2026, 11, 30), LatestStart = new LocalDate(2026, 12, 14), WaveSize = waveSize, PostedAt = T0,
            ClientTimeZone = clientZone,
        };
        referral.Shortlist(Enumerable.Range(1, candidates).Select(i => new Candidacy { ReferralId = referral.Id, FirmId = Guid.NewGuid(), Name = $"P{i}", Rank = i }));
        return referral;
    }

    private static IReadOnlyList<Offer> Wave(Referral referral, Instant at, int version = 1) =>
        referral.OfferNextWave(_ => new OfferTerms(at + Duration.FromHours(4), Partnership, version), at, "system", "next wave");

    [Fact]
    public void Work_is_completed_only_once_it_started_the_partner_said_so_or_the_planned_start_day_began_where_the_client_is()
    {
        // Auckland is a day ahead of UTC: its Monday begins on Sunday 11:00 UTC.
        var referral = Posted(1, clientZone: "Pacific/Auckland");
        var offer = Wave(referral, T0).Single();
        referral.Accept(offer.Id, T0, "partner");
        var monday = new LocalDate(2026, 11, 30);
        referral.KeepHolds(new HeldTime([Guid.NewGuid()], monday, monday.PlusDays(11))).ShouldBeTrue();
        referral.Confirm(T0, "referrer");

        var mondayInAuckland = monday.AtStartOfDayInZone(DateTimeZoneProviders.Tzdb["Pacific/Auckland"]).ToInstant();
        mondayInAuckland.ShouldBe(Instant.FromUtc(2026, 11, 29, 11, 0));
        referral.WorkStarted(mondayInAuckland - Duration.FromMinutes(1)).ShouldBeFalse();
        Should.Throw<ReferralRuleException>(() => referral.Complete(1000, mondayInAuckland - Duration.FromMinutes(1), "referrer"))
            .Message.ShouldBe("Cannot complete a referral before the work started: it is planned to start Mon 30 Nov 2026. Complete it once the partner says work has started, or from that day.");
        referral.Status.ShouldBe(ReferralStatus.Confirmed);
        referral.JobValue.ShouldBeNull();

        referral.WorkStarted(mondayInAuckland).ShouldBeTrue();
        referral.Complete(1000, mondayInAuckland, "referrer");
        referral.Status.ShouldBe(ReferralStatus.Completed);
        referral.WorkStarted(mondayInAuckland).ShouldBeFalse(); // nothing left to complete
    }

    [Fact]
    public void Without_a_planned_start_only_the_partner_saying_work_started_lets_the_referrer_complete()
    {
        var referral = Posted(1);
        referral.Accept(Wave(referral, T0).Single().Id, T0, "partner");
        referral.Confirm(T0, "referrer");
        referral.PlannedStart.ShouldBeNull(); // Scheduling could not be asked: no dates
        var later = T0 + Duration.FromDays(60);
        Should.Throw<ReferralRuleException>(() => referral.Complete(1000, later, "referrer"))
            .Message.ShouldBe("Cannot complete a referral before the work started: complete it once the partner says work has started.");
        referral.Start(later, "partner");
        referral.WorkStarted(later).ShouldBeTrue();
        referral.Complete(1000, later, "referrer");
        referral.Status.ShouldBe(ReferralStatus.Completed);
    }

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

        referral.Accept(offers[1].Id, T0 + Duration.FromMinutes(5), "p2");

        referral.Status.ShouldBe(ReferralStatus.Accepted);
        referral.PartnerFirmId.ShouldBe(offers[1].PartnerFirmId);
        offers.Select(o => o.Status).ShouldBe([OfferStatus.Withdrawn, OfferStatus.Accepted, OfferStatus.Withdrawn]);
        Should.Throw<ReferralRuleException>(() => referral.Accept(offers[0].Id, T0 + Duration.FromMinutes(6), "p1"));
        Should.Throw<ReferralRuleException>(() => referral.Decline(offers[2].Id, "late", T0 + Duration.FromMinutes(6), "p3"));
    }

    [Fact]
    public void An_offer_past_its_deadline_cannot_be_accepted_and_expiring_the_wave_brings_the_next_then_unmatched()
    {
        var referral = Posted(2, waveSize: 1);
        var first = Wave(referral, T0).Single();
        var late = T0 + Duration.FromHours(5);
        Should.Throw<ReferralRuleException>(() => referral.Accept(first.Id, late, "p1")).Message.ShouldContain("deadline");

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
        referral.Accept(offer.Id, T0, "partner");
        Should.Throw<ReferralRuleException>(() => referral.Complete(1000, T0, "referrer")); // not confirmed yet
        referral.Confirm(T0, "referrer");
        referral.Start(T0, "partner");
        referral.Complete(12_000, T0, "referrer");
        Should.Throw<ReferralRuleException>(() => referral.Cancel("changed our mind", T0, "referrer"));

        referral.Timeline.Where(t => t.From != t.To).Select(t => t.To).ShouldBe(
            [ReferralStatus.Offering, ReferralStatus.Accepted, ReferralStatus.Confirmed, ReferralStatus.InProgress, ReferralStatus.Completed]);
        referral.Timeline.ShouldAllBe(t => !string.IsNullOrEmpty(t.By) && !string.IsNullOrEmpty(t.Why));
    }

    [Fact]
    public void Accepting_binds_to_the_agreement_version_shown_on_the_offer_not_to_terms_agreed_later()
    {
        var referral = Posted(2, waveSize: 1);
        var offer = Wave(referral, T0, version: 2).Single();
        (offer.PartnershipId, offer.AgreementVersion).ShouldBe((Partnership, 2));

        referral.Accept(offer.Id, T0 + Duration.FromMinutes(1), "p1"); // version 3 may be in force by now: the offer said 2

        (referral.PartnershipId, referral.AgreementVersion).ShouldBe((Partnership, 2));
    }

    [Fact]
    public void A_partner_sees_its_own_steps_and_the_referrals_but_never_another_partners_answer_or_people()
    {
        var referral = Posted(3);
        var offers = Wave(referral, T0);
        referral.Decline(offers[0].Id, "no SQL people free", T0, "member-of-p1");
        referral.Expire(offers[1], T0 + Duration.FromHours(5)).ShouldBeFalse();
        referral.Accept(offers[2].Id, T0 + Duration.FromHours(1), "member-of-p3");
        referral.Confirm(T0 + Duration.FromHours(2), "member-of-referrer");
        var winner = offers[2].PartnerFirmId;

        var seen = referral.Timeline.Where(t => t.VisibleTo(winner, referral.ReferrerFirmId)).ToList();
        seen.ShouldNotContain(t => t.Why.Contains("no SQL people free"));
        seen.ShouldNotContain(t => t.AboutFirmId == offers[0].PartnerFirmId || t.AboutFirmId == offers[1].PartnerFirmId);
        seen.Select(t => t.ByAsSeenBy(winner, referral.ReferrerFirmId)).ShouldBe(["system", "member-of-p3", "referrer"]);
        seen.Select(t => t.WhyAsSeenBy(winner, referral.ReferrerFirmId)).ShouldBe(["offers made", "offer accepted in wave 1",
            "referrer confirmed the partner; the hold is now a booking"]); // not "wave 1 of 3 ranked candidates"
        referral.Timeline.Count(t => t.VisibleTo(referral.ReferrerFirmId, referral.ReferrerFirmId)).ShouldBe(referral.Timeline.Count);
        referral.Timeline.Where(t => t.VisibleTo(offers[0].PartnerFirmId, referral.ReferrerFirmId)).ShouldContain(t => t.Why.Contains("no SQL people free"));
    }

    [Fact]
    public void While_an_accept_is_pending_other_accepts_are_refused_and_declines_and_expiries_go_on_without_ending_the_wave()
    {
        var referral = Posted(5);
        var offers = Wave(referral, T0);
        var attempt = referral.BeginAccept(offers[0].Id, T0, "p1");

        (offers[0].Status, referral.Status, referral.Pending, referral.PendingSince).ShouldBe((OfferStatus.Accepting, ReferralStatus.Offering, PendingStep.Accept, T0));
        Should.Throw<ReferralRuleException>(() => referral.BeginAccept(offers[1].Id, T0, "p2")).Message.ShouldStartWith("Another partner is accepting this referral");
        Should.Throw<ReferralRuleException>(() => referral.BeginAccept(offers[0].Id, T0, "p1")).Message.ShouldStartWith("Your accept of this offer is already being processed");
        Should.Throw<ReferralRuleException>(() => referral.Decline(offers[0].Id, "changed our mind", T0, "p1")).Message.ShouldContain("being processed");
        referral.Decline(offers[1].Id, "no SQL people free", T0, "p2").ShouldBeFalse();
        referral.Expire(offers[2], T0 + Duration.FromHours(5)).ShouldBeFalse(); // the pending accept may still win this wave

        referral.FinishAccept(offers[0].Id, attempt, T0 + Duration.FromSeconds(2), "p1").ShouldBeTrue();
        (referral.Status, referral.PartnerFirmId, referral.Pending).ShouldBe((ReferralStatus.Accepted, offers[0].PartnerFirmId, (PendingStep?)null));
        offers.Select(o => o.Status).ShouldBe([OfferStatus.Accepted, OfferStatus.Declined, OfferStatus.Expired]);
    }

    [Fact]
    public void A_pending_accept_given_up_reopens_its_offer_before_the_deadline_and_expires_it_after_which_may_end_the_wave()
    {
        var referral = Posted(3, waveSize: 1);
        var offer = Wave(referral, T0).Single();
        referral.AbandonAccept(referral.BeginAccept(offer.Id, T0, "p1"), "Your engineers have no time.", T0 + Duration.FromMinutes(1)).ShouldBeFalse();
        (offer.Status, referral.Pending).ShouldBe((OfferStatus.Open, (PendingStep?)null));
        referral.Timeline[^1].Why.ShouldBe("accept did not go through: Your engineers have no time. The offer is open again.");

        var attempt = referral.BeginAccept(offer.Id, offer.DueAt - Duration.FromMinutes(1), "p1");
        referral.AbandonAccept(attempt, "Your engineers have no time.", offer.DueAt + Duration.FromMinutes(1)).ShouldBeTrue(); // the next wave is due
        offer.Status.ShouldBe(OfferStatus.Expired);
        Wave(referral, offer.DueAt).Single().Rank.ShouldBe(2);
    }

    [Fact]
    public void A_cancel_does_not_wait_for_a_pending_accept_whose_finisher_then_finds_it_gone()
    {
        var referral = Posted(2);
        var offers = Wave(referral, T0);
        var attempt = referral.BeginAccept(offers[0].Id, T0, "p1");

        referral.Cancel("client went elsewhere", T0, "referrer");

        offers.Select(o => o.Status).ShouldBe([OfferStatus.Withdrawn, OfferStatus.Withdrawn]);
        Should.Throw<ReferralRuleException>(() => referral.FinishAccept(offers[0].Id, attempt, T0, "p1")).Message
            .ShouldBe("The referrer cancelled this referral while your accept was being processed.");
        Should.Throw<ReferralRuleException>(() => referral.AbandonAccept(attempt, "no time", T0));
        referral.KeepHolds(new HeldTime([Guid.NewGuid()], new LocalDate(2026, 11, 30), new LocalDate(2026, 12, 18))).ShouldBeFalse(); // released by the caller
    }

    [Fact]
    public void A_stalled_accept_finished_by_the_job_is_not_finished_twice_and_its_late_request_keeps_its_holds()
    {
        var referral = Posted(2);
        var offer = Wave(referral, T0)[0];
        var attempt = referral.BeginAccept(offer.Id, T0, "member-of-p1");
        referral.PendingStalled(T0 + Duration.FromSeconds(59)).ShouldBeFalse();
        referral.PendingStalled(T0 + Referral.PendingTimeout).ShouldBeTrue();

        // The job finishes it as the partner's member who began it.
        referral.FinishAccept(offer.Id, referral.PendingAttempt!.Value, T0 + Duration.FromMinutes(2), referral.PendingBy!).ShouldBeTrue();
        referral.Timeline[^1].By.ShouldBe("member-of-p1");

        referral.FinishAccept(offer.Id, attempt, T0 + Duration.FromMinutes(3), "member-of-p1").ShouldBeFalse();
        var held = new HeldTime([Guid.NewGuid()], new LocalDate(2026, 11, 30), new LocalDate(2026, 12, 18));
        referral.KeepHolds(held).ShouldBeTrue();
        referral.HoldIds.ShouldBe(held.Holds);
        referral.PlannedStart.ShouldBe(held.Start);
        referral.KeepHolds(held with { Holds = [Guid.NewGuid()] }).ShouldBeFalse(); // held already: the second set goes back
    }

    [Fact]
    public void Confirming_is_begun_then_finished_and_one_given_up_leaves_the_referral_accepted_to_confirm_again()
    {
        var referral = Posted(1);
        referral.Accept(Wave(referral, T0).Single().Id, T0, "partner");
        var first = referral.BeginConfirm(T0, "referrer");
        Should.Throw<ReferralRuleException>(() => referral.BeginConfirm(T0, "referrer")).Message.ShouldStartWith("This referral's confirmation is already being processed");

        referral.AbandonConfirm(first, "Scheduling cannot be reached.", T0, "referrer");
        (referral.Status, referral.Pending).ShouldBe((ReferralStatus.Accepted, (PendingStep?)null));
        referral.Timeline[^1].Why.ShouldBe("confirmation did not go through: Scheduling cannot be reached.");

        var second = referral.BeginConfirm(T0 + Duration.FromMinutes(5), "referrer");
        Should.Throw<ReferralRuleException>(() => referral.AbandonConfirm(first, "late", T0, "referrer")); // not the owner any more
        referral.FinishConfirm(second, T0 + Duration.FromMinutes(5), "referrer", new HeldTime([Guid.NewGuid()], new LocalDate(2026, 11, 30), new LocalDate(2026, 12, 18)));
        (referral.Status, referral.HoldIds.Count, referral.PlannedStart).ShouldBe((ReferralStatus.Confirmed, 1, new LocalDate(2026, 11, 30)));
    }

    [Fact]
    public void Steps_written_at_one_instant_read_back_in_the_order_they_were_written()
    {
        var referral = Posted(1);
        for (var i = 0; i < 500; i++)
        {
            referral.Record(referral.Status, referral.Status, T0, "system", $"step {i}");
        }

        // PostgreSQL orders uuids byte by byte, most significant first: the timeline's (At, Id) order.
        var ids = referral.Timeline.Select(t => Convert.ToHexString(t.Id.ToByteArray(bigEndian: true))).ToList();
        ids.ShouldBe(ids.Order(StringComparer.Ordinal).ToList());
        ids.Distinct().Count().ShouldBe(ids.Count);
        referral.Timeline.ShouldAllBe(t => t.Id.Version == 7);
    }
}
