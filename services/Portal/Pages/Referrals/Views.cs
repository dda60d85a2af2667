namespace Marketplace.Portal.Pages.Referrals;

// What the portal reads of Matching's answers (through the gateway); unknown fields are ignored.
public sealed record ReferralItem(Guid Id, string Status, string Summary, List<SkillItem> Skills, int EffortHours, int HoursPerWeek,
    DateOnly EarliestStart, DateOnly LatestStart, string ClientTimeZone, string? ClientName, string EngagementMode, string Urgency, int Wave,
    Guid? PartnerFirmId, DateOnly? PlannedStart, DateOnly? PlannedFinish, int OpenOffers, DateTimeOffset PostedAt, List<string> UnmatchedHelp,
    decimal? BudgetMin = null, decimal? BudgetMax = null, string? Currency = null, int? WaveSize = null, bool? Confidential = null, bool? PartnersOnly = null,
    bool CanComplete = false);
public sealed record SkillItem(string SkillId, string Name, int MinLevel);
public sealed record Shortlist(List<CandidateItem> Candidates, List<NearMissItem> NearMisses);
public sealed record CandidateItem(int Rank, Guid FirmId, string Name, double Score, DateOnly EarliestStart, bool StartConfirmed, bool ExistingPartner,
    string? Offer, DateTimeOffset? OfferDueAt, List<FactorItem> Explanation);
public sealed record FactorItem(string Name, string Detail, double Points, double Max);
public sealed record NearMissItem(Guid FirmId, string Name, List<string> Reasons);
public sealed record StepItem(DateTimeOffset At, string From, string To, string By, string Why);
