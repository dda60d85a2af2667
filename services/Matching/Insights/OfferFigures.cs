using Marketplace.Matching.Offers;
using NodaTime;

namespace Marketplace.Matching.Insights;

/// <summary>
/// What became of offers, for the referrer (per partner) and the partner (its own). An offer "ran its course" when it was
/// accepted, declined or expired: withdrawn ones (another partner was first, or the referrer cancelled) and ones still
/// open are counted apart and left out of the shares.
/// </summary>
internal static class OfferFigures
{
    private enum Fate { Accepted, Declined, Expired, Withdrawn, Waiting }

    /// <summary>
    /// The marketplace refuses an answer after the deadline, so an accept or decline is in time; an accept whose check
    /// with Scheduling finished a moment after the deadline was still given before it. An open offer past its deadline
    /// is expired even if the deadline job has not reached it yet.
    /// </summary>
    private static Fate FateOf(OfferFacts o, Instant now) => o.Status switch
    {
        OfferStatus.Accepted => Fate.Accepted,
        OfferStatus.Declined => Fate.Declined,
        OfferStatus.Expired => Fate.Expired,
        OfferStatus.Open when o.DueAt <= now => Fate.Expired,
        OfferStatus.Withdrawn => Fate.Withdrawn,
        _ => Fate.Waiting,
    };

    public static OfferTally Tally(IEnumerable<OfferFacts> offers, Instant now)
    {
        var fates = offers.Select(o => FateOf(o, now)).ToList();
        int Count(Fate f) => fates.Count(x => x == f);
        return new OfferTally(fates.Count, Count(Fate.Accepted), Count(Fate.Declined), Count(Fate.Expired), Count(Fate.Withdrawn), Count(Fate.Waiting));
    }

    /// <summary>Answered (accepted or declined) before the deadline, out of the offers that ran their course.</summary>
    public static Rate InTime(IEnumerable<OfferFacts> offers, Instant now)
    {
        var t = Tally(offers, now);
        return new Rate(t.Accepted + t.Declined, t.Accepted + t.Declined + t.Expired);
    }

    /// <summary>Accepted, out of the offers that ran their course (an expired offer is one not taken).</summary>
    public static Rate Accepted(IEnumerable<OfferFacts> offers, Instant now)
    {
        var t = Tally(offers, now);
        return new Rate(t.Accepted, t.Accepted + t.Declined + t.Expired);
    }

    /// <summary>
    /// Decline reasons grouped as people write them: case, runs of spaces and a closing full stop or exclamation mark do
    /// not make a new reason. Each group reads as its first spelling in ordinal order; the most frequent first, the first
    /// <see cref="InsightsCalculator.ReasonsListed"/> listed and the rest counted.
    /// </summary>
    public static (List<ReasonCount> Listed, int More) Reasons(IEnumerable<OfferFacts> offers)
    {
        var groups = offers.Where(o => o.Status == OfferStatus.Declined && o.DeclineReason is not null)
            .Select(o => Tidy(o.DeclineReason!)).Where(r => r.Length > 0)
            .GroupBy(r => r.ToUpperInvariant())
            .Select(g => new ReasonCount(g.Min(StringComparer.Ordinal)!, g.Count()))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Reason, StringComparer.Ordinal).ToList();
        return ([.. groups.Take(InsightsCalculator.ReasonsListed)], groups.Skip(InsightsCalculator.ReasonsListed).Sum(r => r.Count));
    }

    private static string Tidy(string reason) =>
        string.Join(' ', reason.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.', '!', ' ');
}
