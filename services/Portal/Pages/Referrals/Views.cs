namespace Marketplace.Portal.Pages.Referrals;

// What the portal reads of Matching's answers (through the gateway); unknown fields are ignored.
public sealed record ReferralItem(Guid Id, string Status, string Summary, List<SkillItem> Skills, int EffortHours, int HoursPerWeek,
    DateOnly EarliestStart, DateOnly LatestStart, string ClientTimeZone, string? ClientName, string EngagementMode, string Urgency, int Wave,
    Guid? PartnerFirmId, DateOnly? PlannedStart, DateOnly? PlannedFinish, int OpenOffers, DateTimeOffset PostedAt, List<string> UnmatchedHelp,
    decimal? BudgetMin = null, decimal? BudgetMax = null, string? Currency = null, int? WaveSize = null, bool? Confidential = null, bool? PartnersOnly = null,
    bool CanComplete = false, Guid? RepostOf = null, Guid? RepostedAs = null);
public sealed record SkillItem(string SkillId, string Name, int MinLevel);
/// <param name="NextWave">While offers are out: the next wave's size and why it cannot go now (null: it can).</param>
/// <param name="Suggestions">For an unmatched referral: the changes it could be reposted with, ranked as the repost would be.</param>
public sealed record Shortlist(List<CandidateItem> Candidates, List<NearMissItem> NearMisses, NextWaveItem? NextWave = null, List<SuggestionItem>? Suggestions = null);
/// <param name="Answer">What the partner said when it declined (the reason and its note).</param>
public sealed record CandidateItem(int Rank, Guid FirmId, string Name, double Score, DateOnly EarliestStart, bool StartConfirmed, bool ExistingPartner,
    string? Offer, DateTimeOffset? OfferDueAt, List<FactorItem> Explanation, string? Answer = null, string? DeclineCode = null, DateTimeOffset? AnsweredAt = null,
    int? Wave = null)
{
    /// <summary>Where the card goes: open and won first, then not yet asked, then those who said no or let it run out.</summary>
    public int Standing => Offer switch
    {
        "Open" or "Accepting" or "Accepted" => 0,
        null => 1,
        _ => 2,
    };
}
public sealed record NextWaveItem(int Size, int CandidatesLeft, string? Refusal);
public sealed record SuggestionItem(string Change, string? SkillId, string What, int Partners, DateOnly? SoonestStart);
public sealed record FactorItem(string Name, string Detail, double Points, double Max);
public sealed record NearMissItem(Guid FirmId, string Name, List<string> Reasons);
public sealed record StepItem(DateTimeOffset At, string From, string To, string By, string Why);
