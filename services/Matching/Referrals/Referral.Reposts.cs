using Marketplace.Matching.Offers;
using Marketplace.Matching.Ranking;
using NodaTime;

namespace Marketplace.Matching.Referrals;

/// <summary>The one change an unmatched referral is reposted with (the suggestions the referrer is shown, as actions).</summary>
public enum RepostChange { LowerLevel, WidenWindow, AllowOtherMode, IncludeDirectory }

// The referrer's two ways of not waiting: asking the next wave before the current one runs out, and reposting an unmatched
// referral with one change. Both are the referrer's own decisions about its own referral; neither binds a partner.
public sealed partial class Referral
{
    /// <summary>At most this many waves have offers out at once: asking early adds one wave, never a flood of offers.</summary>
    public const int MaxWavesOut = 2;

    /// <summary>How much later "widen the window" moves the latest start (the help suggests the same).</summary>
    public const int WidenWeeks = 4;

    /// <summary>The unmatched referral this one reposts with a change (null for a referral posted afresh).</summary>
    public Guid? RepostOf { get; init; }

    /// <summary>The referral this unmatched one was reposted as: once, so two tabs cannot post the same job twice.</summary>
    public Guid? RepostedAs { get; private set; }

    /// <summary>
    /// Refuses (a 409, in words) asking for the next wave now: only while offers are out and nobody is accepting, with
    /// candidates left, and while the earlier wave is over (at most <see cref="MaxWavesOut"/> waves out at once). The
    /// current wave's offers stay open: the first accept still wins, and the others are withdrawn as ever.
    /// </summary>
    public void RequireEarlyWave()
    {
        if (Status != ReferralStatus.Offering)
        {
            throw new ReferralRuleException($"The next wave goes out only while offers are out; this referral is {Status.ToString().ToLowerInvariant()}.");
        }
        if (Pending == PendingStep.Accept)
        {
            throw new ReferralRuleException("A partner is accepting this referral right now; if that accept does not go through you can ask the next wave.");
        }
        if (!Candidates.Any(c => !c.Offered))
        {
            throw new ReferralRuleException("Every ranked candidate has been offered this referral already; there is no next wave to send.");
        }
        if (Offers.Any(o => o.Status == OfferStatus.Open && o.Wave < Wave))
        {
            throw new ReferralRuleException($"Wave {Wave - 1} still has open offers: at most {MaxWavesOut} waves are out at once. Wait for its answers or its deadlines.");
        }
    }

    /// <summary>The audit trail's words for an early wave.</summary>
    public string EarlyWaveWhy => $"referrer asked for wave {Wave + 1} before wave {Wave} ran out";

    /// <summary>
    /// A new referral copying this unmatched one with <paramref name="change"/> (for <see cref="RepostChange.LowerLevel"/>,
    /// of <paramref name="skillId"/>), dated from <paramref name="today"/> (the client's) when this one's window has begun:
    /// the earliest start no earlier than today, the latest no earlier than the earliest. Not yet linked to this one
    /// (<see cref="Reposted"/> does that, under the row's lock). Throws, with the reason, when the change does not apply.
    /// </summary>
    public Referral RepostCopy(RepostChange change, string? skillId, LocalDate today, Instant now, Guid? id = null)
    {
        RequireRepostable();
        var (earliest, latest) = WindowFrom(today);
        var skills = Skills.Select(s => new ReferralSkill { SkillId = s.SkillId, Name = s.Name, MinLevel = s.MinLevel, Weight = s.Weight }).ToList();
        var (mode, partnersOnly) = (Mode, PartnersOnly);
        switch (change)
        {
            case RepostChange.LowerLevel:
                var skill = skills.FirstOrDefault(s => s.SkillId == skillId)
                    ?? throw new ReferralRuleException($"This referral asks for no skill '{skillId}'; lower the level of one it asks for.");
                if (skill.MinLevel <= 1)
                {
                    throw new ReferralRuleException($"{skill.Name} is asked at level 1 already; there is no lower level.");
                }
                skill.MinLevel--;
                break;
            case RepostChange.WidenWindow:
                latest = Widened(earliest, latest)
                    ?? throw new ReferralRuleException($"The window is {PostReferralRequest.MaxWeeks} weeks already, the most a referral takes.");
                break;
            case RepostChange.AllowOtherMode:
                if (Mode == (EngagementModes.HandOff | EngagementModes.WhiteLabel))
                {
                    throw new ReferralRuleException("Both engagement modes are allowed already.");
                }
                mode = EngagementModes.HandOff | EngagementModes.WhiteLabel;
                break;
            case RepostChange.IncludeDirectory:
                if (!PartnersOnly)
                {
                    throw new ReferralRuleException("This referral was open to the directory already.");
                }
                partnersOnly = false;
                break;
        }
        return new Referral
        {
            Id = id ?? Guid.CreateVersion7(), ReferrerFirmId = ReferrerFirmId, Summary = Summary, Skills = skills, EffortHours = EffortHours, HoursPerWeek = HoursPerWeek,
            EarliestStart = earliest, LatestStart = latest, ClientTimeZone = ClientTimeZone, ClientName = ClientName, BudgetMin = BudgetMin, BudgetMax = BudgetMax,
            Currency = Currency, Mode = mode, Urgency = Urgency, Confidential = Confidential, PartnersOnly = partnersOnly, WaveSize = WaveSize, PostedAt = now,
            RepostOf = Id,
        };
    }

    /// <summary>What a change does, in the words the referrer reads beside the action and in both audit trails.</summary>
    public string Describe(RepostChange change, string? skillId, LocalDate today) => change switch
    {
        RepostChange.LowerLevel when Skills.FirstOrDefault(s => s.SkillId == skillId) is { } s => $"level {s.MinLevel - 1}+ in {s.Name} (instead of {s.MinLevel}+)",
        RepostChange.WidenWindow when WindowFrom(today) is var (earliest, latest) && Widened(earliest, latest) is { } later =>
            $"a latest start of {Ranker.Day(later)} ({(later.ToDateOnly().DayNumber - latest.ToDateOnly().DayNumber) / 7} weeks later)",
        RepostChange.AllowOtherMode => $"{(Mode == EngagementModes.HandOff ? "white-label" : "hand-off")} work allowed as well",
        RepostChange.IncludeDirectory => "partners outside existing partnerships",
        _ => change.ToString(),
    };

    /// <summary>The window a repost keeps: from today at the earliest (the client's today), the latest start no earlier than that.</summary>
    private (LocalDate Earliest, LocalDate Latest) WindowFrom(LocalDate today)
    {
        var earliest = EarliestStart < today ? today : EarliestStart;
        return (earliest, LatestStart < earliest ? earliest : LatestStart);
    }

    /// <summary>The latest start <see cref="WidenWeeks"/> later, within the longest window a referral takes; null when it is that long already.</summary>
    private static LocalDate? Widened(LocalDate earliest, LocalDate latest)
    {
        var widest = earliest.PlusWeeks(PostReferralRequest.MaxWeeks);
        return latest >= widest ? null : latest.PlusWeeks(WidenWeeks) is var later && later > widest ? widest : later;
    }

    /// <summary>Links this unmatched referral to its repost and writes both audit trails; refused when it was reposted meanwhile.</summary>
    public void Reposted(Referral copy, string words, Instant now, string by)
    {
        RequireRepostable();
        RepostedAs = copy.Id;
        Record(Status, Status, now, by, $"reposted with {words}");
        copy.Record(ReferralStatus.Posted, ReferralStatus.Posted, now, by, $"posted again with {words}, after the first posting found nobody");
    }

    /// <summary>The client's zone (UTC for a zone the database no longer knows): the client's today is a repost's first day.</summary>
    public DateTimeZone ClientZone => DateTimeZoneProviders.Tzdb.GetZoneOrNull(ClientTimeZone) ?? DateTimeZone.Utc;

    /// <summary>The partners that said no to this referral: a repost does not ask them the same job again.</summary>
    public HashSet<Guid> Decliners => [.. Offers.Where(o => o.Status == OfferStatus.Declined).Select(o => o.PartnerFirmId)];

    private void RequireRepostable()
    {
        if (Status != ReferralStatus.Unmatched)
        {
            throw new ReferralRuleException($"Only an unmatched referral is reposted with a change; this one is {Status.ToString().ToLowerInvariant()}.");
        }
        if (RepostedAs is { } already)
        {
            throw new ReferralRuleException($"This referral was reposted already (as referral {already}); change that one instead.");
        }
    }
}
