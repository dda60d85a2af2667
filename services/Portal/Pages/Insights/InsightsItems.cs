namespace Marketplace.Portal.Pages.Insights;

// What the portal reads of GET /api/matching/insights (through the gateway); unknown fields are ignored.
public sealed record InsightsItem(int Days, DateTimeOffset From, DateTimeOffset To, ReferrerSide? Referrer, PartnerSide? Partner);

public sealed record ReferrerSide(OutcomesItem Referrals, TimeToMatchItem TimeToMatch, RateItem MatchedByLatestStart, TallyItem Offers,
    List<PartnerOffersItem> Partners, List<ReasonItem> DeclineReasons, int MoreDeclines, UnmatchedItem Unmatched, List<FeeMonthItem> Fees,
    List<FeeTotalItem> FeeTotals);

public sealed record PartnerSide(TallyItem Offers, RateItem AnsweredInTime, RateItem Acceptance, List<FeeMonthItem> Fees, List<FeeTotalItem> FeeTotals);

public sealed record RateItem(int Count, int Of, double? Share);
public sealed record OutcomesItem(int Posted, int Matched, int Unmatched, int CancelledBeforeMatch, int StillLooking);
public sealed record TimeToMatchItem(int Matched, List<BucketItem> Buckets, long? MedianMinutes, long? P90Minutes);
public sealed record BucketItem(string Label, long FromMinutes, long? ToMinutes, int Count);
public sealed record TallyItem(int Made, int Accepted, int Declined, int Expired, int Withdrawn, int Waiting);
public sealed record PartnerOffersItem(Guid FirmId, string? Name, TallyItem Offers, RateItem AnsweredInTime, RateItem Acceptance, List<ReasonItem> DeclineReasons,
    int MoreDeclines);
public sealed record ReasonItem(string Reason, int Count);
public sealed record UnmatchedItem(int Referrals, List<HelpItem> WouldHaveHelped);
public sealed record HelpItem(string Kind, string Label, int Referrals);
public sealed record FeeMonthItem(string Month, Guid CounterpartyFirmId, string? Counterparty, string Currency, decimal Settled, decimal Pending, decimal Disputed,
    int Referrals);
public sealed record FeeTotalItem(string Currency, decimal Settled, decimal Pending, decimal Disputed);
