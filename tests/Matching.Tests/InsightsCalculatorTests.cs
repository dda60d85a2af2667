using System.Text.Json;
using Marketplace.Matching.Fees;
using Marketplace.Matching.Insights;
using Marketplace.Matching.Offers;
using Marketplace.Matching.Referrals;
using NodaTime;
using Shouldly;

namespace Marketplace.Matching.Tests;

/// <summary>
/// The dashboard's figures from a history written out below, each checked against a value counted by hand from it (the
/// comments say how). No host, no database.
/// </summary>
public sealed class InsightsCalculatorTests
{
    // Wednesday 25 Nov 2026, noon UTC; 90 days back is Thursday 27 Aug 2026, noon UTC.
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 25, 12, 0);
    private static readonly InsightsWindow Window = InsightsWindow.Ending(Now, 90);

    private static readonly Guid Northwind = Guid.NewGuid(), Xenon = Guid.NewGuid(); // referrers (Northwind also works as a partner for Xenon)
    private static readonly Guid Alpha = Guid.NewGuid(), Beta = Guid.NewGuid(), Gamma = Guid.NewGuid(); // partners
    private static readonly Dictionary<Guid, string> Names = new()
    {
        [Northwind] = "Northwind IT", [Xenon] = "Xenon IT", [Alpha] = "Alpha SQL", [Beta] = "Beta SQL", [Gamma] = "Gamma SQL",
    };

    private static Instant At(int month, int day, int hour, int minute = 0) => Instant.FromUtc(2026, month, day, hour, minute);

    private static ReferralFacts Referral(Guid referrer, Instant posted, LocalDate latest, ReferralStatus status, Instant? matched = null, string zone = "UTC",
        params string[] help) => new(Guid.NewGuid(), referrer, posted, latest, zone, status, matched, help);

    private static OfferFacts Offer(ReferralFacts on, Guid partner, OfferStatus status, Instant made, Instant due, Instant? answered = null, string? reason = null) =>
        new(Guid.NewGuid(), on.Id, on.ReferrerFirmId, partner, status, made, due, answered, reason);

    private static FeeFacts Fee(Guid payer, Guid payee, FeeStatus status, decimal amount, string currency, Instant recorded, Instant? settled = null) =>
        new(Guid.NewGuid(), payer, payee, status, amount, currency, recorded, settled);

    // Northwind's referrals. Posted in the window: R1 to R10; R11 before it.
    private static readonly ReferralFacts R1 = Referral(Northwind, At(11, 2, 10), new(2026, 11, 16), ReferralStatus.Completed, At(11, 2, 10, 30)); // 30 min
    private static readonly ReferralFacts R2 = Referral(Northwind, At(10, 5, 9), new(2026, 10, 19), ReferralStatus.Confirmed, At(10, 5, 11)); // 2 h
    private static readonly ReferralFacts R3 = Referral(Northwind, At(9, 10, 8), new(2026, 9, 10), ReferralStatus.Completed, At(9, 11, 8)); // 24 h, a day late
    // 4 days 18 h; 03:00 UTC on the 25th is 22:00 on the 24th in New York, the client's latest start: in time.
    private static readonly ReferralFacts R4 = Referral(Northwind, At(11, 20, 9), new(2026, 11, 24), ReferralStatus.Accepted, At(11, 25, 3), "America/New_York");
    private static readonly ReferralFacts R5 = Referral(Northwind, At(10, 1, 9), new(2026, 10, 20), ReferralStatus.Unmatched, null, "UTC",
        "With level 3+ in SQL Server (instead of 4+): 2 partners, the soonest starting Mon 12 Oct 2026.",
        "With level 2+ in Azure (instead of 3+): 1 partner, the soonest starting Mon 12 Oct 2026.",
        "With a latest start of Tue 17 Nov 2026 (4 weeks later): 1 partner, the soonest starting Mon 2 Nov 2026.");
    private static readonly ReferralFacts R6 = Referral(Northwind, At(10, 20, 9), new(2026, 11, 9), ReferralStatus.Cancelled, null, "UTC", // ran out, then cancelled
        "With level 3+ in Azure (instead of 4+): 1 partner, the soonest starting Mon 26 Oct 2026.",
        "With allowing WhiteLabel as well: 1 partner, the soonest starting Mon 26 Oct 2026.",
        "With partners outside existing partnerships: 3 partners, the soonest starting Mon 26 Oct 2026.");
    private static readonly ReferralFacts R7 = Referral(Northwind, At(11, 10, 9), new(2026, 11, 30), ReferralStatus.Unmatched, null, "UTC",
        "No single change finds a partner: try splitting the work or a later window.");
    private static readonly ReferralFacts R8 = Referral(Northwind, At(11, 1, 9), new(2026, 11, 20), ReferralStatus.Cancelled); // cancelled before any outcome
    private static readonly ReferralFacts R9 = Referral(Northwind, At(11, 24, 9), new(2026, 12, 20), ReferralStatus.Offering); // still looking, in time yet
    private static readonly ReferralFacts R10 = Referral(Northwind, At(9, 1, 9), new(2026, 9, 15), ReferralStatus.Offering); // still looking, latest start gone
    private static readonly ReferralFacts R11 = Referral(Northwind, At(8, 1, 9), new(2026, 8, 20), ReferralStatus.Completed, At(8, 1, 10)); // before the window
    private static readonly ReferralFacts X1 = Referral(Xenon, At(11, 3, 9), new(2026, 11, 30), ReferralStatus.Offering);
    private static readonly ReferralFacts X2 = Referral(Xenon, At(11, 4, 9), new(2026, 11, 30), ReferralStatus.Accepted, At(11, 4, 10));

    private static readonly ReferralFacts[] Referrals = [R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, X1, X2];

    private static readonly OfferFacts[] Offers =
    [
        // Alpha, offered by Northwind: 5 in the window.
        Offer(R1, Alpha, OfferStatus.Accepted, At(11, 2, 10), At(11, 2, 14), At(11, 2, 10, 30)),
        Offer(R2, Alpha, OfferStatus.Declined, At(10, 5, 9), At(10, 5, 13), At(10, 5, 9, 30), "Fully booked"),
        Offer(R3, Alpha, OfferStatus.Expired, At(9, 10, 8), At(9, 10, 12), At(9, 10, 12)),
        Offer(R9, Alpha, OfferStatus.Open, At(11, 24, 9), At(11, 24, 15)), // past its deadline: expired, the job just has not run
        Offer(R5, Alpha, OfferStatus.Declined, At(10, 1, 9), At(10, 1, 13), At(10, 1, 10), "  fully   booked. "),
        // Beta, offered by Northwind: 5.
        Offer(R2, Beta, OfferStatus.Accepted, At(10, 5, 9), At(10, 5, 13), At(10, 5, 11)),
        Offer(R1, Beta, OfferStatus.Withdrawn, At(11, 2, 10), At(11, 2, 14), At(11, 2, 10, 30)),
        Offer(R5, Beta, OfferStatus.Declined, At(10, 1, 9), At(10, 1, 13), At(10, 1, 11), "Not our kind of work"),
        Offer(R9, Beta, OfferStatus.Open, At(11, 24, 9), At(11, 25, 16)), // still before its deadline
        Offer(R7, Beta, OfferStatus.Expired, At(11, 10, 9), At(11, 10, 13), At(11, 10, 13)),
        // Gamma, offered by Northwind: 3 in the window, 1 before it.
        Offer(R3, Gamma, OfferStatus.Accepted, At(9, 10, 12), At(9, 11, 12), At(9, 11, 8)),
        Offer(R4, Gamma, OfferStatus.Accepted, At(11, 20, 9), At(11, 25, 9), At(11, 25, 3)),
        Offer(R6, Gamma, OfferStatus.Declined, At(10, 20, 9), At(10, 20, 13), At(10, 20, 10), "Not our  kind of work"),
        Offer(R11, Gamma, OfferStatus.Accepted, At(8, 1, 9), At(8, 1, 13), At(8, 1, 10)),
        // Xenon's offers: to Alpha (declined) and to Northwind, working as a partner (accepted).
        Offer(X1, Alpha, OfferStatus.Declined, At(11, 3, 9), At(11, 3, 13), At(11, 3, 10), "Xenon's client is too far away"),
        Offer(X2, Northwind, OfferStatus.Accepted, At(11, 4, 9), At(11, 4, 13), At(11, 4, 10)),
    ];

    private static readonly FeeFacts[] Fees =
    [
        Fee(Alpha, Northwind, FeeStatus.Settled, 1000m, "USD", At(11, 10, 9), At(11, 12, 9)),
        Fee(Beta, Northwind, FeeStatus.Pending, 250m, "EUR", At(10, 30, 9)),
        Fee(Gamma, Northwind, FeeStatus.Disputed, 400m, "USD", At(9, 20, 9)),
        Fee(Alpha, Northwind, FeeStatus.Settled, 500m, "USD", At(10, 28, 9), At(11, 3, 9)), // stated in October, settled in November
        Fee(Alpha, Northwind, FeeStatus.Settled, 75.50m, "EUR", At(11, 5, 9), At(11, 6, 9)),
        Fee(Alpha, Northwind, FeeStatus.Settled, 999m, "USD", At(8, 15, 9), At(8, 20, 9)), // settled before the window
        Fee(Alpha, Xenon, FeeStatus.Settled, 300m, "USD", At(10, 31, 9), At(11, 1, 9)),
        Fee(Northwind, Xenon, FeeStatus.Pending, 120m, "GBP", At(11, 15, 9)), // Northwind owes, as Xenon's partner
    ];

    private static FirmInsights For(Guid firm) => InsightsCalculator.For(firm, Window, Referrals, Offers, Fees, Names);

    [Fact]
    public void The_referrers_referrals_time_to_match_and_share_matched_by_the_latest_start()
    {
        var r = For(Northwind).Referrer!;

        // R1–R10 posted in the window (R11 before it, X1/X2 are Xenon's). Matched: R1–R4 (an accept won). Unmatched: R5, R7
        // and R6 (ran out, cancelled after). Cancelled before an outcome: R8. Still looking: R9, R10.
        r.Referrals.ShouldBe(new ReferralOutcomes(Posted: 10, Matched: 4, Unmatched: 3, CancelledBeforeMatch: 1, StillLooking: 2));

        // Post → first accept: R1 30 min, R2 120 min, R3 1,440 min (exactly a day: the "1 to 3 days" bucket, lower ends
        // included), R4 6,840 min (4 d 18 h). Sorted [30, 120, 1440, 6840]: the median is rank ⌈0.5·4⌉ = 2 → 120; p90 rank ⌈0.9·4⌉ = 4 → 6840.
        r.TimeToMatch.Matched.ShouldBe(4);
        r.TimeToMatch.Buckets.Select(b => (b.Label, b.Count)).ShouldBe(
            [("under 1 hour", 1), ("1 to 4 hours", 1), ("4 to 24 hours", 0), ("1 to 3 days", 1), ("3 to 7 days", 1), ("7 days or more", 0)]);
        (r.TimeToMatch.MedianMinutes, r.TimeToMatch.P90Minutes).ShouldBe((120L, 6840L));

        // Known outcomes: the 4 matched + the 3 unmatched + R10 (still looking, its latest start 15 Sep gone) = 8; R8
        // (cancelled before an outcome) and R9 (latest start 20 Dec still ahead) left out. In time: R1 (2 Nov ≤ 16 Nov),
        // R2 (5 Oct ≤ 19 Oct), R4 (24 Nov in New York ≤ 24 Nov) = 3; R3 was matched 11 Sep, after its 10 Sep.
        r.MatchedByLatestStart.ShouldBe(new Rate(3, 8));
        r.MatchedByLatestStart.Share.ShouldBe(3.0 / 8);
    }

    [Fact]
    public void The_referrer_sees_per_partner_offers_answers_in_time_and_grouped_decline_reasons_of_its_own_offers_only()
    {
        var r = For(Northwind).Referrer!;

        // 13 offers on Northwind's referrals in the window (Gamma's on R11 was before it; Xenon's two are Xenon's).
        // Accepted: Alpha R1, Beta R2, Gamma R3, Gamma R4 = 4. Declined: Alpha R2, Alpha R5, Beta R5, Gamma R6 = 4.
        // Expired: Alpha R3, Alpha R9 (open past its deadline), Beta R7 = 3. Withdrawn: Beta R1. Waiting: Beta R9.
        r.Offers.ShouldBe(new OfferTally(Made: 13, Accepted: 4, Declined: 4, Expired: 3, Withdrawn: 1, Waiting: 1));

        // Most offers first, equal counts by name: Alpha 5, Beta 5, Gamma 3.
        r.Partners.Select(p => (p.FirmId, p.Name)).ShouldBe([(Alpha, "Alpha SQL"), (Beta, "Beta SQL"), (Gamma, "Gamma SQL")]);
        var alpha = r.Partners[0];
        // Alpha: 1 accepted, 2 declined, 2 expired: ran their course 5, answered in time 3, accepted 1. Its declines on
        // Northwind's referrals only: "Fully booked" and "  fully   booked. " are one reason (its spelling first in ordinal order).
        alpha.Offers.ShouldBe(new OfferTally(5, 1, 2, 2, 0, 0));
        (alpha.AnsweredInTime, alpha.Acceptance).ShouldBe((new Rate(3, 5), new Rate(1, 5)));
        alpha.DeclineReasons.ShouldBe([new ReasonCount("Fully booked", 2)]);
        // Beta: 1 accepted, 1 declined, 1 expired ran their course (3); the withdrawn and the waiting one are not counted.
        var beta = r.Partners[1];
        beta.Offers.ShouldBe(new OfferTally(5, 1, 1, 1, 1, 1));
        (beta.AnsweredInTime, beta.Acceptance).ShouldBe((new Rate(2, 3), new Rate(1, 3)));
        // Gamma: 2 accepted and 1 declined, all in time.
        var gamma = r.Partners[2];
        gamma.Offers.ShouldBe(new OfferTally(3, 2, 1, 0, 0, 0));
        (gamma.AnsweredInTime, gamma.Acceptance).ShouldBe((new Rate(3, 3), new Rate(2, 3)));
        gamma.DeclineReasons.ShouldBe([new ReasonCount("Not our kind of work", 1)]); // its two spaces made one

        // All partners: "Fully booked" ×2 (Alpha), "Not our kind of work" ×2 (Beta, Gamma's with two spaces); a tie, so by name.
        r.DeclineReasons.ShouldBe([new ReasonCount("Fully booked", 2), new ReasonCount("Not our kind of work", 2)]);
        r.MoreDeclines.ShouldBe(0);
        JsonSerializer.Serialize(For(Northwind)).ShouldNotContain("Xenon's client"); // Alpha's decline to another referrer
    }

    [Fact]
    public void Unmatched_referrals_are_counted_once_under_each_kind_of_change_that_would_have_helped()
    {
        var unmatched = For(Northwind).Referrer!.Unmatched;

        // R5 (two level sentences, one later start), R6 (level, other mode, outside partnerships), R7 (no single change).
        // Level: R5 and R6 = 2 (R5 once, though it has two level sentences). The others 1 each; "other" none, so not listed.
        unmatched.Referrals.ShouldBe(3);
        unmatched.WouldHaveHelped.Select(h => (h.Kind, h.Referrals)).ShouldBe([
            (HelpKinds.Level, 2), (HelpKinds.LaterStart, 1), (HelpKinds.OtherMode, 1), (HelpKinds.OutsidePartnerships, 1), (HelpKinds.NoSingleChange, 1)]);
    }

    [Fact]
    public void Fees_owed_to_the_referrer_by_month_counterparty_and_currency_with_settled_pending_and_disputed_apart()
    {
        var r = For(Northwind).Referrer!;

        // Owed to Northwind in the window: Gamma's disputed 400 USD (stated Sep), Beta's pending 250 EUR (stated Oct),
        // Alpha's settled 1,000 USD (12 Nov) and 500 USD (stated Oct, settled 3 Nov: November), Alpha's settled 75.50 EUR
        // (Nov). Alpha's 999 USD settled 20 Aug is before the window; the 300 USD is owed to Xenon.
        r.Fees.Select(f => (f.Month, f.Counterparty, f.Currency, f.Settled, f.Pending, f.Disputed, f.Referrals)).ShouldBe([
            ("2026-09", "Gamma SQL", "USD", 0m, 0m, 400m, 1),
            ("2026-10", "Beta SQL", "EUR", 0m, 250m, 0m, 1),
            ("2026-11", "Alpha SQL", "EUR", 75.50m, 0m, 0m, 1),
            ("2026-11", "Alpha SQL", "USD", 1500m, 0m, 0m, 2),
        ]);
        // Per currency, never added across: EUR 75.50 settled + 250 pending; USD 1,500 settled + 400 disputed.
        r.FeeTotals.ShouldBe([new FeeTotal("EUR", 75.50m, 250m, 0m), new FeeTotal("USD", 1500m, 0m, 400m)]);
    }

    [Fact]
    public void A_partner_sees_its_mirror_offers_received_answered_in_time_acceptance_and_fees_owed_and_nothing_of_other_partners()
    {
        var alpha = For(Alpha);
        alpha.Referrer.ShouldBeNull(); // Alpha posted nothing and is owed nothing

        // Received in the window: 5 from Northwind + 1 from Xenon = 6.
        // Accepted 1 (R1); declined 3 (R2, R5, Xenon's X1); expired 2 (R3; R9 past its deadline). All 6 ran their course:
        // answered in time 4 of 6, accepted 1 of 6.
        var mirror = alpha.Partner!;
        mirror.Offers.ShouldBe(new OfferTally(6, 1, 3, 2, 0, 0));
        (mirror.AnsweredInTime, mirror.Acceptance).ShouldBe((new Rate(4, 6), new Rate(1, 6)));
        mirror.AnsweredInTime.Share.ShouldBe(4.0 / 6);

        // Owed by Alpha, all in November: to Northwind 75.50 EUR and 1,500 USD (two fees), to Xenon 300 USD (settled 1 Nov).
        // The 999 USD settled 20 Aug is before the window.
        mirror.Fees.Select(f => (f.Month, f.Counterparty, f.Currency, f.Settled, f.Referrals)).ShouldBe([
            ("2026-11", "Northwind IT", "EUR", 75.50m, 1), ("2026-11", "Northwind IT", "USD", 1500m, 2), ("2026-11", "Xenon IT", "USD", 300m, 1)]);
        mirror.FeeTotals.ShouldBe([new FeeTotal("EUR", 75.50m, 0m, 0m), new FeeTotal("USD", 1800m, 0m, 0m)]);

        // Beta's mirror: its own 5 offers (1 accepted, 1 declined, 1 expired, 1 withdrawn, 1 waiting) and its 250 EUR
        // pending; nothing of Alpha or Gamma, not their names, ids, offers or reasons.
        var beta = For(Beta);
        beta.Partner!.Offers.ShouldBe(new OfferTally(5, 1, 1, 1, 1, 1));
        beta.Partner.Fees.Single().ShouldBe(new FeeMonth("2026-10", Northwind, "Northwind IT", "EUR", 0m, 250m, 0m, 1));
        var json = JsonSerializer.Serialize(beta);
        foreach (var other in new[] { "Alpha", "Gamma", Alpha.ToString(), Gamma.ToString(), "Fully booked", "Xenon" })
        {
            json.ShouldNotContain(other);
        }
    }

    [Fact]
    public void A_firm_that_refers_and_partners_gets_both_sides_and_a_firm_with_no_business_gets_neither()
    {
        var northwind = For(Northwind);
        // As Xenon's partner Northwind received X2 (accepted) and owes Xenon 120 GBP, pending.
        northwind.Partner!.Offers.ShouldBe(new OfferTally(1, 1, 0, 0, 0, 0));
        northwind.Partner.Fees.Single().ShouldBe(new FeeMonth("2026-11", Xenon, "Xenon IT", "GBP", 0m, 120m, 0m, 1));
        northwind.Referrer.ShouldNotBeNull();
        // ...and its referrer side never mixes in what it owes (GBP appears only on its partner side).
        northwind.Referrer.FeeTotals.Select(t => t.Currency).ShouldBe(["EUR", "USD"]);

        var stranger = For(Guid.NewGuid());
        stranger.Referrer.ShouldBeNull();
        stranger.Partner.ShouldBeNull();
        (stranger.Days, stranger.From, stranger.To).ShouldBe((90, Instant.FromUtc(2026, 8, 27, 12, 0).ToDateTimeOffset(), Now.ToDateTimeOffset()));
    }

    [Fact]
    public void The_window_includes_its_first_instant_and_nothing_before_it()
    {
        var from = Window.From;
        var onTheEdge = Referral(Guid.Empty, from, new(2026, 9, 30), ReferralStatus.Offering);
        var justBefore = Referral(Guid.Empty, from - Duration.FromSeconds(1), new(2026, 9, 30), ReferralStatus.Offering);
        var future = Referral(Guid.Empty, Now + Duration.FromSeconds(1), new(2026, 12, 30), ReferralStatus.Offering);
        InsightsCalculator.For(Guid.Empty, Window, [onTheEdge, justBefore, future], [], [], Names).Referrer!.Referrals.Posted.ShouldBe(1);
    }

    [Fact]
    public void No_matches_leave_the_median_and_shares_empty_rather_than_zero()
    {
        var only = Referral(Northwind, At(11, 20, 9), new(2026, 12, 20), ReferralStatus.Offering);
        var r = InsightsCalculator.For(Northwind, Window, [only], [], [], Names).Referrer!;
        (r.TimeToMatch.MedianMinutes, r.TimeToMatch.P90Minutes).ShouldBe((null, null));
        r.MatchedByLatestStart.ShouldBe(new Rate(0, 0));
        r.MatchedByLatestStart.Share.ShouldBeNull();
    }

    [Fact]
    public void Only_the_ten_most_frequent_decline_reasons_are_listed_and_the_rest_counted()
    {
        var referral = Referral(Northwind, At(11, 2, 9), new(2026, 12, 20), ReferralStatus.Offering);
        // Reason i given i times (1..12): the listed ten are 12 down to 3; reasons 1 and 2 are 3 declines more.
        var offers = Enumerable.Range(1, 12).SelectMany(i => Enumerable.Range(0, i).Select(_ =>
            Offer(referral, Alpha, OfferStatus.Declined, At(11, 2, 9), At(11, 2, 13), At(11, 2, 10), $"reason {i}"))).ToList();
        var r = InsightsCalculator.For(Northwind, Window, [referral], offers, [], Names).Referrer!;
        r.DeclineReasons.Select(d => d.Count).ShouldBe([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
        r.MoreDeclines.ShouldBe(3);
        (r.Partners.Single().DeclineReasons.Count, r.Partners.Single().MoreDeclines).ShouldBe((10, 3));
    }

    [Theory]
    [InlineData(null, true, 90)]
    [InlineData("7", true, 7)]
    [InlineData("365", true, 365)]
    [InlineData("6", false, 0)]
    [InlineData("366", false, 0)]
    [InlineData("0", false, 0)]
    [InlineData("-30", false, 0)]
    [InlineData("+30", false, 0)]
    [InlineData(" 30", false, 0)]
    [InlineData("30.0", false, 0)]
    [InlineData("", false, 0)]
    [InlineData("ninety", false, 0)]
    [InlineData("99999999999999999999999", false, 0)]
    [InlineData("٣٠", false, 0)] // Arabic-Indic digits: not digits here
    public void Days_are_plain_digits_from_7_to_365(string? text, bool ok, int days)
    {
        InsightsWindow.TryDays(text, out var parsed).ShouldBe(ok);
        if (ok)
        {
            parsed.ShouldBe(days);
            InsightsWindow.Ending(Now, parsed).From.ShouldBe(Now - Duration.FromDays(days));
        }
    }
}
