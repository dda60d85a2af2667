namespace Marketplace.Matching.Insights;

// The dashboard as the API answers it (camelCase JSON). Every share comes with its count and what it is out of, so a
// reader can check it and a share of nothing is null rather than 0 %.

/// <summary>
/// One firm's dashboard over a window: the referrer's side (what it sent) and the partner's mirror (what it was sent).
/// A side is null when the firm had no business on it in the window; a firm that does both gets both.
/// </summary>
public sealed record FirmInsights(int Days, DateTimeOffset From, DateTimeOffset To, ReferrerInsights? Referrer, PartnerInsights? Partner);

/// <param name="Referrals">The referrals posted in the window, by how they ended (or not yet).</param>
/// <param name="TimeToMatch">From posting to the first accept, of those posted in the window that were matched.</param>
/// <param name="MatchedByLatestStart">Matched on or before their latest start (the client's date), out of those whose outcome is known.</param>
/// <param name="Offers">Every offer the firm's referrals made in the window, all partners together.</param>
/// <param name="Partners">The same per partner, most offers first: only offers this firm made.</param>
/// <param name="DeclineReasons">Why partners declined, grouped (case, spaces and a closing full stop aside), the most frequent first.</param>
/// <param name="MoreDeclines">Declines whose reasons are beyond the ones listed.</param>
/// <param name="Unmatched">Referrals posted in the window that ran out of partners, and what would have helped.</param>
/// <param name="Fees">Fees owed to the firm, per month, counterparty and currency.</param>
public sealed record ReferrerInsights(ReferralOutcomes Referrals, TimeToMatch TimeToMatch, Rate MatchedByLatestStart, OfferTally Offers,
    IReadOnlyList<PartnerOffers> Partners, IReadOnlyList<ReasonCount> DeclineReasons, int MoreDeclines, UnmatchedSummary Unmatched,
    IReadOnlyList<FeeMonth> Fees, IReadOnlyList<FeeTotal> FeeTotals);

/// <param name="Offers">Offers the firm received in the window.</param>
/// <param name="AnsweredInTime">Accepted or declined before the deadline, out of the offers that ran their course.</param>
/// <param name="Acceptance">Accepted, out of the offers that ran their course.</param>
/// <param name="Fees">Fees the firm owes, per month, referrer and currency.</param>
public sealed record PartnerInsights(OfferTally Offers, Rate AnsweredInTime, Rate Acceptance, IReadOnlyList<FeeMonth> Fees, IReadOnlyList<FeeTotal> FeeTotals);

/// <summary><see cref="Count"/> out of <see cref="Of"/>; <see cref="Share"/> is null when there is nothing to count.</summary>
public sealed record Rate(int Count, int Of)
{
    public double? Share => Of == 0 ? null : (double)Count / Of;
}

/// <param name="CancelledBeforeMatch">Withdrawn by the referrer before any partner accepted (and before running out).</param>
/// <param name="StillLooking">Offers still out, or waiting to go out.</param>
public sealed record ReferralOutcomes(int Posted, int Matched, int Unmatched, int CancelledBeforeMatch, int StillLooking);

/// <param name="MedianMinutes">Half of the matched referrals were matched within this (nearest rank: an observed time).</param>
/// <param name="P90Minutes">Nine in ten were matched within this (nearest rank).</param>
public sealed record TimeToMatch(int Matched, IReadOnlyList<TimeBucket> Buckets, long? MedianMinutes, long? P90Minutes);

/// <summary>Matched at least <see cref="FromMinutes"/> and less than <see cref="ToMinutes"/> (none: no upper end) after posting, in clock time.</summary>
public sealed record TimeBucket(string Label, long FromMinutes, long? ToMinutes, int Count);

/// <param name="Made">Offers made (or received) in the window.</param>
/// <param name="Expired">Left unanswered past the deadline (including the few the deadline job has not reached yet).</param>
/// <param name="Withdrawn">Taken back before an answer: another partner accepted first, or the referrer cancelled.</param>
/// <param name="Waiting">Still open before their deadline, or an accept being finished.</param>
public sealed record OfferTally(int Made, int Accepted, int Declined, int Expired, int Withdrawn, int Waiting);

public sealed record PartnerOffers(Guid FirmId, string? Name, OfferTally Offers, Rate AnsweredInTime, Rate Acceptance, IReadOnlyList<ReasonCount> DeclineReasons,
    int MoreDeclines);

public sealed record ReasonCount(string Reason, int Count);

/// <param name="Referrals">Referrals that ran out of partners.</param>
/// <param name="WouldHaveHelped">Per kind of change, how many of them it would have helped (one referral may count under several).</param>
public sealed record UnmatchedSummary(int Referrals, IReadOnlyList<HelpCount> WouldHaveHelped);

public sealed record HelpCount(string Kind, string Label, int Referrals);

/// <summary>Fees of one month (UTC; settled fees by the day they settled, the others by the day the value was stated), one counterparty, one currency.</summary>
public sealed record FeeMonth(string Month, Guid CounterpartyFirmId, string? Counterparty, string Currency, decimal Settled, decimal Pending, decimal Disputed,
    int Referrals);

/// <summary>All the window's fees in one currency: settled, and apart from them what still waits for the partner or the operator.</summary>
public sealed record FeeTotal(string Currency, decimal Settled, decimal Pending, decimal Disputed);
