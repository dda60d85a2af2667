using Marketplace.Matching.Fees;
using Marketplace.Matching.Offers;
using Marketplace.Matching.Referrals;
using NodaTime;

namespace Marketplace.Matching.Insights;

// What the dashboard reads of the stored business, and nothing more: no summaries, no client names, no candidates.
// Plain records, so the calculation is tested on a history written by hand.

/// <param name="MatchedAt">When its first accept won (the accepted offer's answer); null if no partner ever accepted.</param>
/// <param name="UnmatchedHelp">What would have helped, as the referrer was told when the referral ran out of partners.</param>
public sealed record ReferralFacts(Guid Id, Guid ReferrerFirmId, Instant PostedAt, LocalDate LatestStart, string ClientTimeZone, ReferralStatus Status,
    Instant? MatchedAt, IReadOnlyList<string> UnmatchedHelp);

/// <param name="ReferrerFirmId">The firm whose referral the offer belongs to (the one that made it).</param>
public sealed record OfferFacts(Guid Id, Guid ReferralId, Guid ReferrerFirmId, Guid PartnerFirmId, OfferStatus Status, Instant MadeAt, Instant DueAt,
    Instant? RespondedAt, string? DeclineReason);

/// <param name="PayerFirmId">The partner that did the work and owes the fee.</param>
/// <param name="PayeeFirmId">The referrer the fee is owed to.</param>
public sealed record FeeFacts(Guid ReferralId, Guid PayerFirmId, Guid PayeeFirmId, FeeStatus Status, decimal Amount, string Currency, Instant RecordedAt, Instant? SettledAt)
{
    /// <summary>The day a fee belongs to: settled fees the day they settled (as the bookkeeping export), the others the day the value was stated.</summary>
    public Instant BookedAt => Status == FeeStatus.Settled ? SettledAt ?? RecordedAt : RecordedAt;
}
