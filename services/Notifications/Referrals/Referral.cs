using Marketplace.Notifications.Messages;

namespace Marketplace.Notifications.Referrals;

/// <summary>What a referral is about, from ReferralPosted: the words an offer mail describes the job with.</summary>
public sealed class Referral
{
    public Guid ReferralId { get; init; }
    public Guid ReferrerFirmId { get; init; }
    /// <summary>The catalog's names when it was posted (the skill ids when the event had none).</summary>
    public List<string> SkillNames { get; init; } = [];
    public int EffortHours { get; init; }
    public int HoursPerWeek { get; init; }
    public DateOnly EarliestStart { get; init; }
    /// <summary>Who referred it is kept from partners until one accepts, as their inbox keeps it.</summary>
    public bool Confidential { get; init; } = true;

    /// <summary>Whether a partner's mail may name the referrer: not while confidential, nor before the referral is known here.</summary>
    public static bool NamesReferrer(Referral? referral) => referral is { Confidential: false };

    /// <summary>"an SD-WAN job", "a Dynamics 365 and Shopify job".</summary>
    public string Job => Words.Job(SkillNames);

    /// <summary>"30 h over 3 weeks from Mon 30 Nov".</summary>
    public string Plan => $"{EffortHours} h over {Weeks} week{(Weeks == 1 ? "" : "s")} from {Words.On(EarliestStart)}";

    /// <summary>The referrer's own words for it: "your SD-WAN job"; "your referral" when Matching's event has not arrived.</summary>
    public static string Yours(Referral? referral) => referral is { SkillNames.Count: > 0 } r ? $"your {Words.Skills(r.SkillNames)} job" : "your referral";

    /// <summary>How many weeks the effort takes at the hours per week asked for.</summary>
    public int Weeks => HoursPerWeek > 0 ? (EffortHours + HoursPerWeek - 1) / HoursPerWeek : 1;
}
