using Marketplace.Matching.Offers;
using Marketplace.Matching.Ranking;
using Marketplace.ServiceDefaults;
using NodaTime;

namespace Marketplace.Matching.Referrals;

public sealed record SkillRequest(string? SkillId, int? MinLevel, double? Weight);

public sealed record PostReferralRequest(string? Summary, List<SkillRequest>? Skills, int? EffortHours, int? HoursPerWeek, DateOnly? EarliestStart,
    DateOnly? LatestStart, string? ClientTimeZone, string? ClientName, decimal? BudgetMin, decimal? BudgetMax, string? Currency, string? EngagementMode,
    string? Urgency, bool? Confidential, bool? PartnersOnly, int? WaveSize)
{
    public const int MaxSkills = 10, MaxWeeks = 26;

    public Validation Validate(Instant now)
    {
        var today = now.InUtc().Date.PlusDays(-1).ToDateOnly(); // a day's grace for callers west of UTC
        var skills = Skills ?? [];
        if (skills.Any(s => s is null))
        {
            return new Validation().Require(false, "skills", "Each skill is an object such as {\"skillId\": \"sd-wan\", \"minLevel\": 3}.");
        }
        var v = new Validation()
            .Text(Summary, "summary", 2000)
            .Require(Summary is null || Summary.Trim().Length >= 10, "summary", "summary must say in at least 10 characters what the job is.")
            .Require(skills.Count is >= 1 and <= MaxSkills, "skills", $"Give 1 to {MaxSkills} required skills.")
            .Require(skills.Select(s => s.SkillId).Distinct().Count() == skills.Count, "skills", "Each skill at most once.")
            .Require(HoursPerWeek is >= 1 and <= 80, "hoursPerWeek", "hoursPerWeek must be 1 to 80.")
            .Require(EffortHours is >= 1 and <= 2000, "effortHours", "effortHours must be 1 to 2,000.")
            .Require(EffortHours is null || HoursPerWeek is null || EffortHours >= HoursPerWeek, "effortHours", "effortHours cannot be below hoursPerWeek.")
            .Require(EffortHours is null || HoursPerWeek is not > 0 || (EffortHours + HoursPerWeek - 1) / HoursPerWeek <= MaxWeeks, "effortHours",
                $"At hoursPerWeek the work would take more than {MaxWeeks} weeks; raise hoursPerWeek or split the job.")
            .Require(EarliestStart is not null, "earliestStart", "earliestStart is required (YYYY-MM-DD).")
            .Require(EarliestStart is null || EarliestStart >= today, "earliestStart", "earliestStart cannot be in the past.")
            .WithinHorizon(EarliestStart, today, "earliestStart")
            .Require(LatestStart is not null, "latestStart", "latestStart is required (YYYY-MM-DD): the day work must start by.")
            .Require(LatestStart is null || EarliestStart is null || LatestStart >= EarliestStart, "latestStart", "latestStart cannot be before earliestStart.")
            .Require(LatestStart is null || EarliestStart is null || LatestStart.Value.DayNumber - EarliestStart.Value.DayNumber <= 7 * MaxWeeks, "latestStart",
                $"latestStart must be within {MaxWeeks} weeks of earliestStart.")
            .Require(ClientTimeZone is null || DateTimeZoneProviders.Tzdb.GetZoneOrNull(ClientTimeZone) is not null, "clientTimeZone", "clientTimeZone must be an IANA zone such as Europe/London.")
            .Text(ClientName, "clientName", 200, required: false)
            .Require(BudgetMin is null or >= 0 && BudgetMax is null or >= 0, "budgetMin", "Budgets cannot be negative.")
            .Require(BudgetMin is null or <= Money.Max && BudgetMax is null or <= Money.Max, "budgetMax", $"Budgets must be at most {Money.Max:N0}.")
            .Require(BudgetMin is null || BudgetMax is null || BudgetMin <= BudgetMax, "budgetMax", "budgetMax cannot be below budgetMin.")
            .Require(Currency is null || Currencies.IsKnown(Currency), "currency", $"currency {Currencies.Rule}")
            .Require(EngagementMode is "HandOff" or "WhiteLabel", "engagementMode", "engagementMode must be HandOff (the client goes to the partner) or WhiteLabel (the partner works under your brand).")
            .Require(Urgency is null or nameof(Ranking.Urgency.Flexible) or nameof(Ranking.Urgency.Normal) or nameof(Ranking.Urgency.Urgent) or nameof(Ranking.Urgency.Critical), "urgency", "urgency must be Flexible, Normal, Urgent or Critical.")
            .Require(WaveSize is null or (>= 1 and <= 10), "waveSize", "waveSize must be 1 to 10.");
        for (var i = 0; i < skills.Count; i++)
        {
            v.Require(!string.IsNullOrWhiteSpace(skills[i].SkillId) && skills[i].SkillId!.Length <= 100, $"skills[{i}].skillId", "skillId is required.")
             .Require(skills[i].MinLevel is >= 1 and <= 5, $"skills[{i}].minLevel", "minLevel must be 1 to 5 (see /api/catalog/levels).")
             .Require(skills[i].Weight is null or (>= 0.1 and <= 10), $"skills[{i}].weight", "weight must be 0.1 to 10.");
        }
        return v;
    }

    public Referral ToReferral(Guid referrer, string? idempotencyKey, IReadOnlyDictionary<string, string> skillNames, Instant now) => new()
    {
        Id = Guid.CreateVersion7(), ReferrerFirmId = referrer, IdempotencyKey = idempotencyKey, Summary = Summary!.Trim(),
        Skills = [.. Skills!.Select(s => new ReferralSkill { SkillId = s.SkillId!, Name = skillNames[s.SkillId!], MinLevel = s.MinLevel!.Value, Weight = s.Weight ?? 1 })],
        EffortHours = EffortHours!.Value, HoursPerWeek = HoursPerWeek!.Value,
        EarliestStart = LocalDate.FromDateOnly(EarliestStart!.Value), LatestStart = LocalDate.FromDateOnly(LatestStart!.Value),
        ClientTimeZone = ClientTimeZone ?? "UTC", ClientName = ClientName?.Trim(), BudgetMin = BudgetMin, BudgetMax = BudgetMax, Currency = Currency,
        Mode = Enum.Parse<EngagementModes>(EngagementMode!), Urgency = Urgency is null ? Ranking.Urgency.Normal : Enum.Parse<Urgency>(Urgency),
        Confidential = Confidential ?? true, PartnersOnly = PartnersOnly ?? false, WaveSize = WaveSize, PostedAt = now, // no size chosen: each wave is sized from the slack
    };
}

public sealed record CompleteRequest(decimal? JobValue, string? Currency);
public sealed record CancelRequest(string? Reason);

/// <param name="BudgetMin">The referrer's own figures (budget, currency, wave size): shown to the referrer only, e.g. to post again with changes.</param>
/// <param name="CanComplete">Whether the viewer (the referrer) may complete it now: the work has started (see <see cref="Referral.WorkStarted"/>).</param>
public sealed record ReferralView(Guid Id, string Status, string Summary, IReadOnlyList<SkillView> Skills, int EffortHours, int HoursPerWeek,
    DateOnly EarliestStart, DateOnly LatestStart, string ClientTimeZone, string? ClientName, string EngagementMode, string Urgency, int Wave,
    Guid? PartnerFirmId, DateOnly? PlannedStart, DateOnly? PlannedFinish, int OpenOffers, DateTimeOffset PostedAt, IReadOnlyList<string> UnmatchedHelp,
    decimal? BudgetMin = null, decimal? BudgetMax = null, string? Currency = null, int? WaveSize = null, bool? Confidential = null, bool? PartnersOnly = null,
    bool CanComplete = false, Guid? RepostOf = null, Guid? RepostedAs = null)
{
    /// <summary>A confidential client's name is shown to the referrer, and to the partner only once it has accepted.</summary>
    public static ReferralView For(Referral r, Guid viewer, Instant now)
    {
        var referrer = viewer == r.ReferrerFirmId;
        return new(r.Id, r.Status.ToString(), r.Summary,
            [.. r.Skills.Select(s => new SkillView(s.SkillId, s.Name, s.MinLevel, s.Weight))], r.EffortHours, r.HoursPerWeek,
            r.EarliestStart.ToDateOnly(), r.LatestStart.ToDateOnly(), r.ClientTimeZone,
            referrer || !r.Confidential || viewer == r.PartnerFirmId ? r.ClientName : null,
            r.Mode.ToString(), r.Urgency.ToString(), r.Wave, r.PartnerFirmId, r.PlannedStart?.ToDateOnly(), r.PlannedFinish?.ToDateOnly(),
            r.Offers.Count(o => o.Status == OfferStatus.Open), r.PostedAt.ToDateTimeOffset(), referrer ? r.UnmatchedHelp : [],
            referrer ? r.BudgetMin : null, referrer ? r.BudgetMax : null, referrer ? r.Currency : null, referrer ? r.WaveSize : null,
            referrer ? r.Confidential : null, referrer ? r.PartnersOnly : null, referrer && r.WorkStarted(now),
            // Which referral a repost came from is the referrer's own business; a partner sees the job as it is.
            referrer ? r.RepostOf : null, referrer ? r.RepostedAs : null);
    }
}

public sealed record SkillView(string SkillId, string Name, int MinLevel, double Weight);
/// <param name="NextWave">Whether the referrer may offer the next wave now (<see cref="NextWaveView.Refusal"/> says why not).</param>
/// <param name="Suggestions">For an unmatched referral not reposted yet: the changes it could be reposted with, each ranked as the repost would be.</param>
public sealed record CandidatesView(IReadOnlyList<CandidateView> Candidates, IReadOnlyList<NearMissView> NearMisses, NextWaveView? NextWave = null,
    IReadOnlyList<RepostSuggestionView>? Suggestions = null);

/// <param name="Answer">The partner's latest answer in words (a decline's reason and note), the referrer's to read.</param>
/// <param name="DeclineCode">The reason the partner tapped (TooBusy, OutsideSkills, Budget, Dates), null when typed or not declined.</param>
public sealed record CandidateView(int Rank, Guid FirmId, string Name, double Score, DateOnly EarliestStart, bool StartConfirmed, bool ExistingPartner,
    string? Offer, DateTimeOffset? OfferDueAt, IReadOnlyList<Factor> Explanation, string? Answer = null, string? DeclineCode = null, DateTimeOffset? AnsweredAt = null,
    int? Wave = null);

/// <summary>How many candidates the next wave would ask; <paramref name="Refusal"/> is why it cannot go now (null: it can).</summary>
public sealed record NextWaveView(int Size, int CandidatesLeft, string? Refusal);

public sealed record RepostSuggestionView(string Change, string? SkillId, string What, int Partners, DateOnly? SoonestStart)
{
    public static RepostSuggestionView Of(RepostSuggestion s) => new(s.Change.ToString(), s.SkillId, s.What, s.Partners, s.SoonestStart?.ToDateOnly());
}
public sealed record NearMissView(Guid FirmId, string Name, IReadOnlyList<string> Reasons);
public sealed record TransitionView(DateTimeOffset At, string From, string To, string By, string Why);
