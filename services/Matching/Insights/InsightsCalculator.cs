using Marketplace.Matching.Referrals;
using NodaTime;

namespace Marketplace.Matching.Insights;

/// <summary>
/// The dashboard's figures from a firm's history, computed here and nowhere else. It is handed more than the firm's own
/// rows only by mistake, and then still counts only the firm's: referrals it posted, offers on its referrals (the
/// referrer's side), offers made to it (the partner's mirror), fees owed to it or by it.
/// </summary>
public static class InsightsCalculator
{
    /// <summary>Decline reasons listed per partner and overall; the rest are counted together.</summary>
    public const int ReasonsListed = 10;

    public static FirmInsights For(Guid firm, InsightsWindow window, IEnumerable<ReferralFacts> referrals, IEnumerable<OfferFacts> offers,
        IEnumerable<FeeFacts> fees, IReadOnlyDictionary<Guid, string> names)
    {
        var offerList = offers.ToList();
        var feeList = fees.ToList();
        var posted = referrals.Where(r => r.ReferrerFirmId == firm && window.Contains(r.PostedAt)).ToList();
        var made = offerList.Where(o => o.ReferrerFirmId == firm && window.Contains(o.MadeAt)).ToList();
        var received = offerList.Where(o => o.PartnerFirmId == firm && window.Contains(o.MadeAt)).ToList();
        var owedToFirm = feeList.Where(f => f.PayeeFirmId == firm && window.Contains(f.BookedAt)).ToList();
        var owedByFirm = feeList.Where(f => f.PayerFirmId == firm && window.Contains(f.BookedAt)).ToList();

        var referrer = posted.Count + made.Count + owedToFirm.Count == 0 ? null : Referrer(window, posted, made, owedToFirm, names);
        var partner = received.Count + owedByFirm.Count == 0 ? null : new PartnerInsights(OfferFigures.Tally(received, window.To),
            OfferFigures.InTime(received, window.To), OfferFigures.Accepted(received, window.To),
            FeeFigures.Months(owedByFirm, f => f.PayeeFirmId, names), FeeFigures.Totals(owedByFirm));
        return new FirmInsights(window.Days, window.From.ToDateTimeOffset(), window.To.ToDateTimeOffset(), referrer, partner);
    }

    private static ReferrerInsights Referrer(InsightsWindow window, List<ReferralFacts> posted, List<OfferFacts> made, List<FeeFacts> owed,
        IReadOnlyDictionary<Guid, string> names)
    {
        var outcomes = posted.Select(r => (Referral: r, Outcome: OutcomeOf(r))).ToList();
        int Count(Outcome o) => outcomes.Count(x => x.Outcome == o);
        var unmatched = outcomes.Where(x => x.Outcome == Outcome.Unmatched).Select(x => x.Referral).ToList();
        var kinds = unmatched.Select(r => r.UnmatchedHelp.Select(HelpKinds.Of).ToHashSet()).ToList();
        var (reasons, more) = OfferFigures.Reasons(made);
        var partners = made.GroupBy(o => o.PartnerFirmId).Select(g =>
        {
            var (partnerReasons, partnerMore) = OfferFigures.Reasons(g);
            return new PartnerOffers(g.Key, names.GetValueOrDefault(g.Key), OfferFigures.Tally(g, window.To), OfferFigures.InTime(g, window.To),
                OfferFigures.Accepted(g, window.To), partnerReasons, partnerMore);
        }).OrderByDescending(p => p.Offers.Made).ThenBy(p => p.Name ?? "", StringComparer.Ordinal).ThenBy(p => p.FirmId).ToList();

        return new ReferrerInsights(
            new ReferralOutcomes(posted.Count, Count(Outcome.Matched), Count(Outcome.Unmatched), Count(Outcome.CancelledBeforeMatch), Count(Outcome.StillLooking)),
            TimeToMatchOf(posted),
            MatchedByLatestStart(outcomes, window.To),
            OfferFigures.Tally(made, window.To), partners, reasons, more,
            new UnmatchedSummary(unmatched.Count, [.. HelpKinds.All
                .Select(k => new HelpCount(k.Kind, k.Label, kinds.Count(set => set.Contains(k.Kind))))
                .Where(h => h.Referrals > 0)]),
            FeeFigures.Months(owed, f => f.PayerFirmId, names), FeeFigures.Totals(owed));
    }

    internal enum Outcome { Matched, Unmatched, CancelledBeforeMatch, StillLooking }

    /// <summary>
    /// Where a referral ended: matched once a partner's accept won (even if cancelled later); unmatched once it ran out of
    /// partners (even if cancelled after); cancelled before either; otherwise still looking.
    /// </summary>
    internal static Outcome OutcomeOf(ReferralFacts r) =>
        r.MatchedAt is not null ? Outcome.Matched
        : r.Status == ReferralStatus.Unmatched || r.UnmatchedHelp.Count > 0 ? Outcome.Unmatched
        : r.Status == ReferralStatus.Cancelled ? Outcome.CancelledBeforeMatch
        : Outcome.StillLooking;

    /// <summary>Clock time from posting to the first accept, bucketed; the client waits in clock time, whoever's business hours they are.</summary>
    private static TimeToMatch TimeToMatchOf(List<ReferralFacts> posted)
    {
        var minutes = posted.Where(r => r.MatchedAt is not null)
            .Select(r => Math.Max(0, (long)(r.MatchedAt!.Value - r.PostedAt).TotalMinutes)).Order().ToList();
        var buckets = Buckets.Select(b => new TimeBucket(b.Label, b.From, b.To, minutes.Count(m => m >= b.From && (b.To is null || m < b.To)))).ToList();
        return new TimeToMatch(minutes.Count, buckets, NearestRank(minutes, 50), NearestRank(minutes, 90));
    }

    private const long Hour = 60, Day = 24 * Hour;

    private static readonly (string Label, long From, long? To)[] Buckets =
    [
        ("under 1 hour", 0, Hour),
        ("1 to 4 hours", Hour, 4 * Hour),
        ("4 to 24 hours", 4 * Hour, Day),
        ("1 to 3 days", Day, 3 * Day),
        ("3 to 7 days", 3 * Day, 7 * Day),
        ("7 days or more", 7 * Day, null),
    ];

    /// <summary>The smallest value with at least <paramref name="percent"/> % of the values at or below it; null for none.</summary>
    internal static long? NearestRank(IReadOnlyList<long> sorted, int percent) =>
        sorted.Count == 0 ? null : sorted[((percent * sorted.Count) + 99) / 100 - 1];

    /// <summary>
    /// Matched by the latest start, out of the referrals whose answer is known: matched, unmatched, or still looking with
    /// the latest start gone by (in the client's zone, as the date was given). Cancelled before a match is left out: the
    /// referrer withdrew it before the marketplace was done. A match on the latest start day itself is in time.
    /// </summary>
    private static Rate MatchedByLatestStart(List<(ReferralFacts Referral, Outcome Outcome)> outcomes, Instant now)
    {
        int inTime = 0, known = 0;
        foreach (var (r, outcome) in outcomes)
        {
            var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(r.ClientTimeZone) ?? DateTimeZone.Utc;
            switch (outcome)
            {
                case Outcome.Matched:
                    known++;
                    inTime += r.MatchedAt!.Value.InZone(zone).Date <= r.LatestStart ? 1 : 0;
                    break;
                case Outcome.Unmatched:
                case Outcome.StillLooking when now.InZone(zone).Date > r.LatestStart:
                    known++;
                    break;
            }
        }
        return new Rate(inTime, known);
    }
}
