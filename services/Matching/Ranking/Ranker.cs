using System.Globalization;
using Marketplace.Calendar;
using NodaTime;

namespace Marketplace.Matching.Ranking;

public enum Urgency { Flexible, Normal, Urgent, Critical }

public sealed record RequiredSkill(string SkillId, string Name, int MinLevel, double Weight = 1);

/// <summary>What a referral asks for, as the ranking needs it.</summary>
public sealed record Need(Guid ReferrerFirmId, IReadOnlyList<RequiredSkill> Skills, int HoursPerWeek, int EffortHours,
    LocalDate EarliestStart, LocalDate LatestStart, EngagementModes Mode, Urgency Urgency, bool PartnersOnly = false)
{
    public int Weeks => (EffortHours + HoursPerWeek - 1) / HoursPerWeek;

    /// <summary>SLA flow-down: the longest first response, in the partner's business hours, this urgency can live with.</summary>
    public int? MaxResponseHours => Urgency switch { Urgency.Critical => 2, Urgency.Urgent => 4, Urgency.Normal => 8, _ => null };
}

/// <summary>One factor of a candidate's score: what was seen, and the points it gave out of its maximum.</summary>
public sealed record Factor(string Name, string Detail, double Points, double Max);

public sealed record Candidate(Guid FirmId, string Name, double Score, LocalDate EarliestStart, bool ExistingPartner, PartnerTerms? Terms,
    IReadOnlyList<Factor> Explanation);

public sealed record NearMiss(Guid FirmId, string Name, IReadOnlyList<string> Reasons);

public sealed record Ranking(IReadOnlyList<Candidate> Candidates, IReadOnlyList<NearMiss> NearMisses, int Qualified);

/// <summary>
/// Hard filters, then a score out of 100 with every factor explained: skill fit 35, earliest start 20, partnership 15,
/// reputation 10, fairness 10 (least recently offered first among near-equals) and responsiveness 10 (how the partner
/// answered its own offers lately). Partners that keep letting offers expire come after every partner that answers.
/// Without the response factor (<see cref="RoutingPolicy.ResponseFactor"/> off) the weights are the earlier 40, 25, 15, 10, 10.
/// </summary>
public static class Ranker
{
    /// <summary>Platform terms for partners in the open directory, without an agreement with the referrer.</summary>
    public static readonly PartnerTerms DirectoryTerms = new(Guid.Empty, 0, EngagementModes.HandOff | EngagementModes.WhiteLabel, 4, 3);

    private sealed record Weights(double Skill, double Start, double Partnership, double Reputation, double Fairness, double Responsiveness);

    private static readonly Weights Learning = new(35, 20, 15, 10, 10, 10);
    private static readonly Weights Before = new(40, 25, 15, 10, 10, 0);
    private const int MaxNearMisses = 20;

    /// <summary>Taken off a demoted partner's place in the order (not its score): more than any score, so it comes after all that answer.</summary>
    private const double DemotedBelow = 1_000;

    public static Ranking Rank(RankingIndex index, Need need, Instant now, int limit = 10, ISet<Guid>? exclude = null, RoutingPolicy? policy = null)
    {
        policy ??= RoutingPolicy.Learning;
        var weights = policy.ResponseFactor ? Learning : Before;
        var skills = need.Skills.Select(s => index.SkillNumber(s.SkillId)).ToArray();
        if (skills.Length == 0 || skills.Any(s => s < 0))
        {
            return new Ranking([], [], 0); // some skill nobody claims
        }
        // Only partners holding the rarest required skill can qualify.
        var rarest = skills.MinBy(s => index.PartnersWith(s).Count);
        var today = now.InUtc().Date;
        var notBefore = need.EarliestStart > today ? need.EarliestStart : today;
        var best = new PriorityQueue<(int Partner, double Score, LocalDate Start), (double, long)>();
        var nearMisses = new List<(int Failures, int Partner, LocalDate? Start)>();
        var qualified = 0;
        foreach (var p in index.PartnersWith(rarest))
        {
            var partner = index.Partners[p];
            if (partner.FirmId == need.ReferrerFirmId || exclude?.Contains(partner.FirmId) == true)
            {
                continue;
            }
            // Cheapest test first, without allocating: a partner missing a skill altogether is not even a near-miss.
            var failures = 0;
            var missing = false;
            for (var i = 0; i < skills.Length && !missing; i++)
            {
                var level = partner.LevelOf(skills[i]);
                missing = level == 0;
                failures += level < need.Skills[i].MinLevel ? 1 : 0;
            }
            if (missing)
            {
                continue;
            }
            var terms = index.TermsBetween(need.ReferrerFirmId, partner.FirmId);
            var start = EarliestStart(partner, need, notBefore, need.LatestStart);
            failures += OtherFailures(partner, need, terms, start);
            if (failures > 0)
            {
                nearMisses.Add((failures, p, start));
                continue;
            }
            qualified++;
            var lastOffered = index.LastOfferedAt(partner);
            var demoted = policy.DemoteSilentPartners && partner.Responses?.Demoted(lastOffered, now) == true;
            var score = Score(partner, need, skills, terms, start!.Value, notBefore, lastOffered, now, weights, policy, demoted, explain: null);
            // Ties go to whoever was offered work longest ago (never offered first).
            var priority = (score - (demoted ? DemotedBelow : 0), -(lastOffered?.ToUnixTimeTicks() ?? long.MinValue / 2));
            if (best.Count < limit)
            {
                best.Enqueue((p, score, start.Value), priority);
            }
            else
            {
                best.EnqueueDequeue((p, score, start.Value), priority);
            }
        }

        var candidates = new List<Candidate>(best.Count);
        while (best.TryDequeue(out var entry, out _))
        {
            var partner = index.Partners[entry.Partner];
            var terms = index.TermsBetween(need.ReferrerFirmId, partner.FirmId);
            var explanation = new List<Factor>(6);
            var lastOffered = index.LastOfferedAt(partner);
            var demoted = policy.DemoteSilentPartners && partner.Responses?.Demoted(lastOffered, now) == true;
            Score(partner, need, skills, terms, entry.Start, notBefore, lastOffered, now, weights, policy, demoted, explanation);
            candidates.Add(new Candidate(partner.FirmId, partner.Name, Math.Round(entry.Score, 1), entry.Start, terms is not null, terms ?? DirectoryTerms, explanation));
        }
        candidates.Reverse();
        // Words only for the near-misses shown: the closest ones.
        var misses = nearMisses.OrderBy(m => m.Failures).ThenBy(m => index.Partners[m.Partner].Name, StringComparer.Ordinal).Take(MaxNearMisses)
            .Select(m =>
            {
                var partner = index.Partners[m.Partner];
                return new NearMiss(partner.FirmId, partner.Name, Reasons(partner, need, skills, index.TermsBetween(need.ReferrerFirmId, partner.FirmId), m.Start, notBefore));
            }).ToList();
        return new Ranking(candidates, misses, qualified);
    }

    /// <summary>How many of the non-skill rules the partner fails (the same rules <see cref="Reasons"/> puts into words).</summary>
    private static int OtherFailures(PartnerProfile partner, Need need, PartnerTerms? terms, LocalDate? start)
    {
        var effective = terms ?? DirectoryTerms;
        return (partner.TakesReferrals ? 0 : 1)
            + (terms is null && need.PartnersOnly ? 1 : 0)
            + ((effective.Modes & need.Mode) == 0 ? 1 : 0)
            + (need.MaxResponseHours is { } max && effective.ResponseSlaHours > max ? 1 : 0)
            + (partner.OpenReferralsBy.Count > 0 && partner.OpenReferralsBy.GetValueOrDefault(need.ReferrerFirmId) >= effective.MaxConcurrent ? 1 : 0)
            + (start is null ? 1 : 0);
    }

    /// <summary>Why a near-miss (a partner with every skill) was left out, in words.</summary>
    private static List<string> Reasons(PartnerProfile partner, Need need, int[] skills, PartnerTerms? terms, LocalDate? start, LocalDate notBefore)
    {
        var reasons = new List<string>();
        void Add(string reason) => reasons.Add(reason);
        for (var i = 0; i < skills.Length; i++)
        {
            var level = partner.LevelOf(skills[i]);
            if (level < need.Skills[i].MinLevel)
            {
                Add($"level {level} < {need.Skills[i].MinLevel} in {need.Skills[i].Name}");
            }
        }
        if (!partner.TakesReferrals)
        {
            Add("not taking referrals");
        }
        if (terms is null && need.PartnersOnly)
        {
            Add("not an existing partner");
        }
        var effective = terms ?? DirectoryTerms;
        if ((effective.Modes & need.Mode) == 0)
        {
            Add(terms is null ? $"the directory's terms do not allow {need.Mode}" : $"the agreement does not allow {need.Mode}");
        }
        if (need.MaxResponseHours is { } max && effective.ResponseSlaHours > max)
        {
            Add($"responds within {effective.ResponseSlaHours} business hours; {need.Urgency.ToString().ToLowerInvariant()} work needs ≤ {max}");
        }
        if (partner.OpenReferralsBy.Count > 0 && partner.OpenReferralsBy.GetValueOrDefault(need.ReferrerFirmId) >= effective.MaxConcurrent)
        {
            Add($"already has {effective.MaxConcurrent} open referrals from this firm (the agreement's limit)");
        }
        if (start is null)
        {
            Add(EarliestStart(partner, need, notBefore, notBefore.PlusWeeks(26)) is { } later
                ? $"earliest start {Day(later)} is after latest start {Day(need.LatestStart)}"
                : $"no {need.HoursPerWeek} h a week free in the next 26 weeks");
        }
        return reasons;
    }

    private static double Score(PartnerProfile partner, Need need, int[] skills, PartnerTerms? terms, LocalDate start, LocalDate notBefore, Instant? lastOffered,
        Instant now, Weights max, RoutingPolicy policy, bool demoted, List<Factor>? explain)
    {
        // Skill fit: how far above the minimum (level 5 is full marks), with a fifth for verified evidence, weighted.
        double fit = 0, weights = 0;
        var verified = 0;
        for (var i = 0; i < skills.Length; i++)
        {
            var required = need.Skills[i];
            var level = partner.LevelOf(skills[i]);
            var above = required.MinLevel >= 5 ? 1 : (double)(level - required.MinLevel + 1) / (6 - required.MinLevel);
            var isVerified = partner.IsVerified(skills[i]);
            verified += isVerified ? 1 : 0;
            fit += required.Weight * (0.8 * above + (isVerified ? 0.2 : 0));
            weights += required.Weight;
        }
        var skillPoints = max.Skill * fit / weights;

        var window = Math.Max(1, need.LatestStart.ToDateOnly().DayNumber - notBefore.ToDateOnly().DayNumber + 1);
        var wait = start.ToDateOnly().DayNumber - notBefore.ToDateOnly().DayNumber;
        var startPoints = max.Start * Math.Clamp(1 - (double)wait / window, 0, 1);
        var partnershipPoints = terms is null ? 0 : max.Partnership;
        var reputationPoints = max.Reputation * (partner.ReputationMean is { } mean ? (mean - 1) / 4 : 0.5);
        var sinceOffer = lastOffered is { } last ? (now - last).TotalDays : double.MaxValue;
        var fairnessPoints = max.Fairness * Math.Clamp(sinceOffer / 30, 0, 1);
        var responses = partner.Responses ?? ResponseHistory.None;
        var responsivenessPoints = max.Responsiveness * responses.Responsiveness(now);

        if (explain is not null)
        {
            var levels = string.Join(", ", need.Skills.Select((s, i) => $"{s.Name} {partner.LevelOf(skills[i])}/{s.MinLevel}+"));
            explain.Add(new Factor("skill fit", $"{levels}; {verified} of {skills.Length} verified by a current certification", Round(skillPoints), max.Skill));
            explain.Add(new Factor("earliest start", wait == 0 ? $"can start {Day(start)}, the first possible day" : $"can start {Day(start)}, {wait} days after the first possible day", Round(startPoints), max.Start));
            explain.Add(new Factor("partnership", terms is null ? "open directory, no agreement yet" : $"existing partner (agreement v{terms.Version})", partnershipPoints, max.Partnership));
            explain.Add(new Factor("reputation", partner.ReputationMean is { } m ? $"{m:0.0} of 5 from {partner.RatingCount} ratings" : "no ratings yet (neutral)", Round(reputationPoints), max.Reputation));
            explain.Add(new Factor("fairness", lastOffered is null ? "never offered work here yet" : $"last offered work {sinceOffer:0} days ago", Round(fairnessPoints), max.Fairness));
            var silence = policy.DemoteSilentPartners && responses.Unanswered >= ResponseHistory.DemoteAfter
                ? demoted
                    ? $"; let its last {responses.Unanswered} offers expire: offered after partners who answer until it answers again"
                    : $"; let its last {responses.Unanswered} offers expire: offered again after {Days(responses.ProbeAfter)} without one, so it can answer"
                : "";
            if (max.Responsiveness > 0 || silence.Length > 0)
            {
                explain.Add(new Factor("responsiveness", responses.Describe(now) + silence, Round(responsivenessPoints), max.Responsiveness));
            }
        }
        return skillPoints + startPoints + partnershipPoints + reputationPoints + fairnessPoints + responsivenessPoints;
    }

    private static string Days(Duration duration) => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalDays:0.#} days");

    /// <summary>The first day from <paramref name="notBefore"/> to <paramref name="latest"/> from which the hours are free every week until done.</summary>
    public static LocalDate? EarliestStart(PartnerProfile partner, Need need, LocalDate notBefore, LocalDate latest)
    {
        if (partner.CapacityFrom is not { } from || partner.FreeHours.Length == 0)
        {
            return null;
        }
        // Week offsets into the published free hours, by day number: this runs for every partner holding the skills.
        // Past the published weeks, the last one's figure holds; before them nothing is free.
        var free = partner.FreeHours;
        var first = WorkingWeek.WeekStart(notBefore);
        var offset = (first.ToDateOnly().DayNumber - from.ToDateOnly().DayNumber) / 7;
        var lastOffset = offset + (latest.ToDateOnly().DayNumber - first.ToDateOnly().DayNumber) / 7;
        var weeks = need.Weeks;
        for (var week = offset; week <= lastOffset; week++)
        {
            var fits = week >= 0;
            for (var w = 0; w < weeks && fits; w++)
            {
                fits = free[Math.Min(week + w, free.Length - 1)] >= need.HoursPerWeek;
            }
            if (fits)
            {
                var monday = first.PlusWeeks(week - offset);
                var start = monday < notBefore ? notBefore : monday;
                return start <= latest ? start : null;
            }
        }
        return null;
    }

    private static double Round(double points) => Math.Round(points, 1);

    public static string Day(LocalDate date) => date.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture);
}
