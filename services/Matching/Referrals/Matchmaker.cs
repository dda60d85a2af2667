using System.Net;
using System.Text.Json;
using Marketplace.Contracts;
using Marketplace.Http;
using Marketplace.Matching.Data;
using Marketplace.Matching.Offers;
using Marketplace.Matching.Ranking;
using Marketplace.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Marketplace.Matching.Referrals;

/// <summary>
/// Puts ranking, Scheduling and the referral's state machine together: shortlists, waves with deadlines in each
/// partner's business hours, holds, and what would help when nobody can take the work.
/// </summary>
public sealed class Matchmaker(RankingIndexSource indexes, ISchedulingApi scheduling, IOptions<MatchingOptions> options, ILogger<Matchmaker> log)
{
    public const int ShortlistSize = 30;

    private RoutingPolicy Policy => options.Value.Routing;

    /// <summary>Whether an accept Scheduling cannot hold closes its offer and brings the next candidate at once (else the offer opens again).</summary>
    public bool MovesOnAfterFailedHold => Policy.MoveOnAfterFailedHold;

    /// <summary>How the referral's next wave would be sized and timed now (its own wave size, or from its slack).</summary>
    public WavePlan PlanFor(Referral referral, Instant now) => WavePlan.For(referral.WaveSize, referral.LatestStart, now, Policy.WavesFromSlack);

    /// <summary>
    /// Ranks every partner, then asks Scheduling to confirm the shortlist's earliest starts. Without Scheduling the
    /// projection's starts stand, marked unconfirmed; with it, a partner Scheduling says cannot start in time drops out.
    /// </summary>
    /// <param name="exclude">Partners not to rank at all (a repost leaves out those who declined the first posting).</param>
    public async Task<(List<Candidacy> Candidates, List<NearMiss> NearMisses)> ShortlistAsync(Referral referral, Instant now, CancellationToken ct,
        ISet<Guid>? exclude = null)
    {
        var index = await indexes.GetAsync(ct);
        var ranking = Ranker.Rank(index, referral.Need, now, ShortlistSize, exclude, policy: Policy);
        var nearMisses = ranking.NearMisses.ToList();
        var confirmed = await ConfirmStartsAsync(referral, ranking.Candidates.Select(c => c.FirmId).ToArray(), ct);
        var candidates = new List<Candidacy>();
        foreach (var c in ranking.Candidates)
        {
            var start = c.EarliestStart;
            if (confirmed is not null)
            {
                if (!confirmed.TryGetValue(c.FirmId, out var fresh) || LocalDate.FromDateOnly(fresh) > referral.LatestStart)
                {
                    nearMisses.Add(new NearMiss(c.FirmId, c.Name, [$"Scheduling has no {referral.HoursPerWeek} h a week free from {Ranker.Day(referral.EarliestStart)} to {Ranker.Day(referral.LatestStart)}"]));
                    continue;
                }
                start = LocalDate.FromDateOnly(fresh) > start ? LocalDate.FromDateOnly(fresh) : start;
            }
            candidates.Add(new Candidacy
            {
                ReferralId = referral.Id, FirmId = c.FirmId, Name = c.Name, Rank = candidates.Count + 1, Score = c.Score, EarliestStart = start.ToDateOnly(),
                StartConfirmed = confirmed is not null, ExistingPartner = c.ExistingPartner, Explanation = [.. c.Explanation],
            });
        }
        return (candidates, nearMisses);
    }

    /// <summary>Firm → confirmed earliest start, or null when Scheduling could not be asked.</summary>
    private async Task<Dictionary<Guid, DateOnly>?> ConfirmStartsAsync(Referral referral, Guid[] firms, CancellationToken ct)
    {
        if (firms.Length == 0)
        {
            return [];
        }
        try
        {
            var response = await scheduling.GetAvailability(firms, referral.HoursPerWeek, referral.EffortHours, $"{referral.EarliestStart:yyyy-MM-dd}", firms.Length, ct);
            if (response is { IsSuccessStatusCode: true, Content: { } content })
            {
                return content.Firms.ToDictionary(f => f.FirmId, f => f.EarliestStart);
            }
            log.LogWarning("Scheduling answered {Status} for earliest starts; using the projection", response.StatusCode);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            log.LogWarning(ex, "Scheduling could not be asked for earliest starts; using the projection");
        }
        return null;
    }

    /// <summary>
    /// A new referral (a posting or a repost) with its shortlist: added, announced, and its first wave offered; returns
    /// how many offers went out.
    /// </summary>
    public Task<int> PostAsync(MatchingDbContext db, Referral referral, List<Candidacy> candidates, IEnumerable<NearMiss> nearMisses, Instant now,
        CancellationToken ct)
    {
        referral.Shortlist(candidates, nearMisses);
        db.Referrals.Add(referral);
        db.AddIntegrationEvent(new ReferralPosted(Guid.NewGuid(), now.ToDateTimeOffset(), referral.Id, referral.ReferrerFirmId,
            [.. referral.Skills.Select(s => s.SkillId)], referral.EffortHours, referral.HoursPerWeek, referral.EarliestStart.ToDateOnly(),
            referral.LatestStart.ToDateOnly(), [.. referral.Skills.Select(s => s.Name)], referral.Confidential), referral.Id.ToString());
        return OfferNextWaveAsync(db, referral, now, "system", $"wave 1 of {candidates.Count} ranked candidates", ct);
    }

    /// <summary>
    /// Offers the next wave (or records the referral unmatched) and writes the events to the outbox; returns how many
    /// offers. The wave is sized, and its deadlines set, from the referral's slack (see <see cref="WavePlan"/>).
    /// </summary>
    public async Task<int> OfferNextWaveAsync(MatchingDbContext db, Referral referral, Instant now, string by, string why, CancellationToken ct)
    {
        var index = await indexes.GetAsync(ct);
        var inForce = await TermsInForceAsync(db, index, referral, ct);
        var plan = PlanFor(referral, now);
        var offers = referral.OfferNextWave(c => TermsFor(index, inForce, referral.ReferrerFirmId, c.FirmId, now, plan), now, by, why, plan);
        return Sent(db, index, referral, offers, now);
    }

    /// <summary>
    /// After an accept Scheduling could not hold: the next candidate is offered at once, in the same wave (or the
    /// referral is recorded unmatched when nobody is left); returns how many offers (0 or 1).
    /// </summary>
    public async Task<int> OfferReplacementAsync(MatchingDbContext db, Referral referral, Instant now, CancellationToken ct)
    {
        var index = await indexes.GetAsync(ct);
        var inForce = await TermsInForceAsync(db, index, referral, ct);
        var plan = PlanFor(referral, now);
        var offers = referral.OfferReplacement(c => TermsFor(index, inForce, referral.ReferrerFirmId, c.FirmId, now, plan), now, "system",
            $"an accept in wave {referral.Wave} could not be held; the next candidate is offered at once", plan);
        return Sent(db, index, referral, offers, now);
    }

    private int Sent(MatchingDbContext db, RankingIndex index, Referral referral, IReadOnlyList<Offer> offers, Instant now)
    {
        indexes.Offered(offers.Select(o => o.PartnerFirmId), now);
        foreach (var offer in offers)
        {
            db.Offers.Add(offer);
            db.AddIntegrationEvent(new OfferMade(Guid.NewGuid(), now.ToDateTimeOffset(), offer.Id, referral.Id, referral.ReferrerFirmId, offer.PartnerFirmId,
                offer.Wave, offer.DueAt.ToDateTimeOffset()), referral.Id.ToString());
        }
        if (referral.Status == ReferralStatus.Unmatched)
        {
            var help = Help(index, referral, now, Policy);
            referral.UnmatchedHelp = help;
            db.AddIntegrationEvent(new ReferralUnmatched(Guid.NewGuid(), now.ToDateTimeOffset(), referral.Id, referral.ReferrerFirmId,
                referral.Timeline[^1].Why, help), referral.Id.ToString());
        }
        return offers.Count;
    }

    /// <summary>
    /// The newest agreement version of each partnership the wave may reach, read from the projection's table rather than
    /// the in-memory index (which may be a second behind): the version an offer shows is the one in force when it is made.
    /// </summary>
    private static async Task<Dictionary<Guid, Partnerships.AgreementVersion>> TermsInForceAsync(MatchingDbContext db, RankingIndex index, Referral referral, CancellationToken ct)
    {
        var partnerships = referral.Candidates.Where(c => !c.Offered)
            .Select(c => index.TermsBetween(referral.ReferrerFirmId, c.FirmId)?.PartnershipId).OfType<Guid>().Distinct().ToList();
        if (partnerships.Count == 0)
        {
            return []; // the directory's terms for everyone: no query (it was ~4 % of Matching's CPU under load)
        }
        var versions = await db.AgreementVersions.AsNoTracking().Where(a => partnerships.Contains(a.PartnershipId)).ToListAsync(ct);
        return versions.GroupBy(a => a.PartnershipId).ToDictionary(g => g.Key, g => g.MaxBy(a => a.Version)!);
    }

    /// <summary>
    /// The terms in force between the firms now (only countersigned versions reach the projection; the directory's
    /// platform terms without a partnership), and the deadline: their response hours of the partner's own business time,
    /// or half of them when the plan says the latest start is near.
    /// </summary>
    private static OfferTerms TermsFor(RankingIndex index, Dictionary<Guid, Partnerships.AgreementVersion> inForce, Guid referrer, Guid partner, Instant now,
        WavePlan plan)
    {
        var terms = index.TermsBetween(referrer, partner) ?? Ranker.DirectoryTerms;
        var (partnership, version, hours) = terms.PartnershipId != Guid.Empty && inForce.TryGetValue(terms.PartnershipId, out var latest)
            ? ((Guid?)latest.PartnershipId, latest.Version, latest.ResponseSlaBusinessHours)
            : (terms.PartnershipId == Guid.Empty ? null : terms.PartnershipId, terms.Version, terms.ResponseSlaHours);
        var calendar = index.Profile(partner)?.Calendar ?? UnknownWeek;
        return new OfferTerms(calendar.AddWorkingTime(now, plan.Deadline(hours)), partnership, version);
    }

    /// <summary>The week a partner the projection does not know (yet) is taken to work: Monday to Friday, 9 to 5 UTC.</summary>
    private static readonly Calendar.WorkingWeek UnknownWeek = Calendar.WorkingWeek.Create([1, 2, 3, 4, 5], new(9, 0), new(17, 0), "UTC");

    /// <summary>The partner's business week, the one its offers' deadlines are counted in.</summary>
    public async Task<Calendar.WorkingWeek> BusinessWeekOfAsync(Guid partner, CancellationToken ct) =>
        (await indexes.GetAsync(ct)).Profile(partner)?.Calendar ?? UnknownWeek;

    /// <summary>What would change the answer, each with how many partners (not yet offered) and how soon.</summary>
    public static List<string> Help(RankingIndex index, Referral referral, Instant now, RoutingPolicy? policy = null)
    {
        var options = HelpOptions(index, referral, now, policy);
        return options.Count > 0 ? [.. options.Select(o => o.Sentence)] : ["No single change finds a partner: try splitting the work or a later window."];
    }

    /// <summary>
    /// Each single change to the referral that would bring partners not yet offered: a level lower in one skill, a later
    /// latest start, the other engagement mode, the open directory, a less pressing urgency (the SLA flow-down leaves
    /// critical work to partners who promise 2 business hours). With demotion on, partners that let their last offers
    /// expire are not counted: help that points at partners who do not answer helps nobody.
    /// </summary>
    public static List<HelpOption> HelpOptions(RankingIndex index, Referral referral, Instant now, RoutingPolicy? policy = null)
    {
        policy ??= RoutingPolicy.Learning;
        var need = referral.Need;
        var left = referral.Offers.Select(o => o.PartnerFirmId).ToHashSet();
        if (policy.DemoteSilentPartners)
        {
            left.UnionWith(index.Partners.Where(p => p.Responses?.Unanswered >= ResponseHistory.DemoteAfter).Select(p => p.FirmId));
        }
        var tries = new List<(string What, Need Relaxed)>();
        foreach (var skill in need.Skills.Where(s => s.MinLevel > 1))
        {
            tries.Add(($"level {skill.MinLevel - 1}+ in {skill.Name} (instead of {skill.MinLevel}+)",
                need with { Skills = [.. need.Skills.Select(s => s == skill ? s with { MinLevel = s.MinLevel - 1 } : s)] }));
        }
        tries.Add(($"a latest start of {Ranker.Day(need.LatestStart.PlusWeeks(4))} (4 weeks later)", need with { LatestStart = need.LatestStart.PlusWeeks(4) }));
        if (need.Mode != (EngagementModes.HandOff | EngagementModes.WhiteLabel)) // a repost may allow both already
        {
            var other = need.Mode == EngagementModes.HandOff ? EngagementModes.WhiteLabel : EngagementModes.HandOff;
            tries.Add(($"allowing {other} as well", need with { Mode = need.Mode | other }));
        }
        if (need.PartnersOnly)
        {
            tries.Add(("partners outside existing partnerships", need with { PartnersOnly = false }));
        }
        if (need.Urgency is Urgency.Critical or Urgency.Urgent)
        {
            var calmer = need.Urgency == Urgency.Critical ? Urgency.Urgent : Urgency.Normal;
            var hours = (need with { Urgency = calmer }).MaxResponseHours;
            tries.Add(($"{calmer.ToString().ToLowerInvariant()} rather than {need.Urgency.ToString().ToLowerInvariant()} urgency (partners with up to {hours} business hours to answer)",
                need with { Urgency = calmer }));
        }
        var help = new List<HelpOption>();
        foreach (var (what, relaxed) in tries)
        {
            var ranking = Ranker.Rank(index, relaxed, now, limit: 50, exclude: left, policy: policy);
            if (ranking.Qualified > 0)
            {
                help.Add(new HelpOption(what, relaxed, ranking.Qualified, ranking.Candidates.Min(c => c.EarliestStart)));
            }
        }
        return help;
    }

    /// <summary>
    /// The changes an unmatched referral could be reposted with, each ranked as the repost would be (its dates from the
    /// client's today, without the partners who declined): how many partners it finds and the soonest start. Changes that
    /// do not apply (no level below 1, both modes allowed already, …) are left out.
    /// </summary>
    public static List<RepostSuggestion> Suggestions(RankingIndex index, Referral referral, Instant now)
    {
        var today = now.InZone(referral.ClientZone).Date;
        var decliners = referral.Decliners;
        var changes = referral.Skills.Where(s => s.MinLevel > 1).Select(s => (RepostChange.LowerLevel, (string?)s.SkillId))
            .Concat([(RepostChange.WidenWindow, null), (RepostChange.AllowOtherMode, null), (RepostChange.IncludeDirectory, null)]);
        var suggestions = new List<RepostSuggestion>();
        foreach (var (change, skill) in changes)
        {
            Referral copy;
            try
            {
                copy = referral.RepostCopy(change, skill, today, now);
            }
            catch (ReferralRuleException)
            {
                continue; // the change does not apply to this referral
            }
            var ranking = Ranker.Rank(index, copy.Need, now, limit: 50, exclude: decliners);
            suggestions.Add(new RepostSuggestion(change, skill, referral.Describe(change, skill, today), ranking.Qualified,
                ranking.Qualified > 0 ? ranking.Candidates.Min(c => c.EarliestStart) : null));
        }
        return suggestions;
    }

    /// <summary>How many times the partner's time is planned and held before a partner is told it is taken.</summary>
    public const int HoldAttempts = 3;

    /// <summary>
    /// Holds the partner's hours for the referral: asks Scheduling for the partner's plan and holds each engineer's share.
    /// Call with no database transaction open (a slow Scheduling must not pin Matching's connections and row locks).
    /// The refusal's words advise the partner only when its offer stays open (move-on off). When a hold is refused
    /// because another accept took that engineer's hours in between (409), the holds already
    /// placed are released and the plan is asked again, up to <see cref="HoldAttempts"/> times: the platform retries,
    /// not the partner. When Scheduling fails part-way, what was placed is released and the time is held on confirmation.
    /// </summary>
    public async Task<HoldOutcome> HoldAsync(Referral referral, Guid partner, bool partnerAsks, CancellationToken ct)
    {
        var who = partnerAsks ? "Your engineers have" : "The partner's engineers have";
        var placed = new List<Guid>();
        try
        {
            string? taken = null;
            for (var attempt = 1; attempt <= HoldAttempts; attempt++)
            {
                var plan = await scheduling.GetAvailability([partner], referral.HoursPerWeek, referral.EffortHours, $"{referral.EarliestStart:yyyy-MM-dd}", 1, ct);
                if (!plan.IsSuccessStatusCode || plan.Content is null)
                {
                    return new HoldOutcome.Unreachable($"Scheduling answered {plan.StatusCode} to the plan");
                }
                if (plan.Content.Firms.Count == 0 || plan.Content.Firms[0] is not { } firm || LocalDate.FromDateOnly(firm.EarliestStart) > referral.LatestStart)
                {
                    return new HoldOutcome.Refused(taken is null
                        ? $"{who} no {referral.HoursPerWeek} h a week free in Scheduling to start by {Ranker.Day(referral.LatestStart)}{(MovesOnAfterFailedHold ? "." : "; free some time or decline.")}"
                        : $"{who} no {referral.HoursPerWeek} h a week left to start by {Ranker.Day(referral.LatestStart)}: other accepts took the time while this one was held ({taken}).");
                }
                taken = null;
                foreach (var share in firm.Engineers)
                {
                    var hold = await scheduling.PlaceHold(new SchedulingHoldRequest(share.EngineerId, referral.Id, share.HoursPerWeek, firm.EarliestStart, referral.Need.Weeks), ct);
                    if (hold.StatusCode == HttpStatusCode.Conflict)
                    {
                        taken = Sentence((hold.Error as Refit.ApiException)?.Content) ?? "an engineer's hours were taken";
                        break;
                    }
                    if (!hold.IsSuccessStatusCode || hold.Content is null)
                    {
                        await ReleaseAsync(placed);
                        return new HoldOutcome.Unreachable($"Scheduling answered {hold.StatusCode} to a hold");
                    }
                    placed.Add(hold.Content.Id);
                }
                if (taken is null)
                {
                    return new HoldOutcome.Held(new HeldTime([.. placed], LocalDate.FromDateOnly(firm.EarliestStart), LocalDate.FromDateOnly(firm.ProjectedFinish)));
                }
                // Another accept took these hours between the plan and the hold: give back what this plan held and plan again.
                log.LogInformation("A hold for referral {Referral} was refused ({Why}); planning again ({Attempt} of {Attempts})", referral.Id, taken, attempt, HoldAttempts);
                await ReleaseAsync(placed);
                placed.Clear();
            }
            return new HoldOutcome.Refused(
                $"{who} no {referral.HoursPerWeek} h a week that stayed free: other accepts took the time each of the {HoldAttempts} times it was planned (last: {taken}).{(MovesOnAfterFailedHold ? "" : " Try again later or decline.")}");
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            log.LogWarning(ex, "Scheduling could not hold time for referral {Referral}", referral.Id);
            await ReleaseAsync(placed);
            return new HoldOutcome.Unreachable("Scheduling could not be reached");
        }
        catch
        {
            await ReleaseAsync(placed); // the caller went away: nothing it held may stay held
            throw;
        }
    }

    /// <summary>
    /// Gives holds (or bookings) back, best effort and whatever the caller's token says: each also expires in Scheduling
    /// by itself, so one that cannot be released now is only held a while longer.
    /// </summary>
    public async Task ReleaseAsync(IEnumerable<Guid> holds)
    {
        foreach (var hold in holds)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                var released = await scheduling.ReleaseHold(hold, timeout.Token);
                if (!released.IsSuccessStatusCode && released.StatusCode != HttpStatusCode.NotFound)
                {
                    log.LogWarning("Scheduling answered {Status} releasing hold {Hold}; it expires by itself", released.StatusCode, hold);
                }
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "Hold {Hold} could not be released; it expires by itself", hold);
            }
        }
    }

    /// <summary>The sentence of a problem-details answer (Scheduling names what is free): its detail, else its title, else null.</summary>
    private static string? Sentence(string? problem)
    {
        try
        {
            using var json = JsonDocument.Parse(problem ?? "");
            foreach (var name in new[] { "detail", "title" })
            {
                if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(name, out var text) && text.ValueKind == JsonValueKind.String)
                {
                    return text.GetString()?.TrimEnd('.');
                }
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One change that would help an unmatched referral: what, the referral so changed, how many partners, the soonest start.</summary>
public sealed record HelpOption(string What, Need Relaxed, int Partners, LocalDate Soonest)
{
    public string Sentence => $"With {What}: {Partners} partner{(Partners == 1 ? "" : "s")}, the soonest starting {Ranker.Day(Soonest)}.";
}

/// <summary>A change an unmatched referral could be reposted with, what it says, and what the repost would find.</summary>
public sealed record RepostSuggestion(RepostChange Change, string? SkillId, string What, int Partners, LocalDate? SoonestStart);

/// <summary>What asking Scheduling for a partner's time came to.</summary>
public abstract record HoldOutcome
{
    /// <summary>Every engineer's share is held.</summary>
    public sealed record Held(HeldTime Time) : HoldOutcome;

    /// <summary>Scheduling could not be asked or failed part-way (anything placed is released): the time is held on confirmation.</summary>
    public sealed record Unreachable(string Why) : HoldOutcome;

    /// <summary>The partner has no such time, or others kept taking it: the reason in words, for the person asking.</summary>
    public sealed record Refused(string Why) : HoldOutcome;
}
