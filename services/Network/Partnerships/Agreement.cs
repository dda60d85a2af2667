using Marketplace.Contracts;
using Marketplace.ServiceDefaults;

namespace Marketplace.Network.Partnerships;

[Flags]
public enum EngagementModes { None = 0, HandOff = 1, WhiteLabel = 2 }

public enum FeeKind { Reciprocity, Percent, Flat }

/// <summary>What two partners agreed: how work is handed over, what a referral earns, and how fast the partner answers.</summary>
public sealed record AgreementTerms(
    EngagementModes Modes, FeeKind FeeKind, decimal? FeePercent, decimal? FeeAmount, string? FeeCurrency,
    int NonSolicitMonths, int ResponseSlaBusinessHours, int MaxConcurrentReferrals)
{
    /// <summary>Checks the terms; the messages name the fields they are about.</summary>
    public IReadOnlyDictionary<string, string> Problems()
    {
        var problems = new Dictionary<string, string>();
        if (Modes == EngagementModes.None || (Modes & ~(EngagementModes.HandOff | EngagementModes.WhiteLabel)) != 0)
            problems["engagementModes"] = "engagementModes must allow HandOff, WhiteLabel or both.";
        switch (FeeKind)
        {
            case FeeKind.Percent when FeePercent is not (> 0 and <= 50) || decimal.Round(FeePercent.Value, 2) != FeePercent:
                problems["feePercent"] = "feePercent must be more than 0 and at most 50, with at most two decimals.";
                break;
            case FeeKind.Flat when FeeAmount is not (> 0 and <= 1_000_000) || decimal.Round(FeeAmount.Value, 2) != FeeAmount:
                problems["feeAmount"] = "feeAmount must be more than 0 and at most 1,000,000, with at most two decimals.";
                break;
            case FeeKind.Flat when !Currencies.IsKnown(FeeCurrency):
                problems["feeCurrency"] = $"feeCurrency {Currencies.Rule}";
                break;
        }
        if (NonSolicitMonths is < 0 or > 60) problems["nonSolicitMonths"] = "nonSolicitMonths must be 0 to 60.";
        if (ResponseSlaBusinessHours is < 1 or > 80) problems["responseSlaBusinessHours"] = "responseSlaBusinessHours must be 1 to 80.";
        if (MaxConcurrentReferrals is < 1 or > 100) problems["maxConcurrentReferrals"] = "maxConcurrentReferrals must be 1 to 100.";
        return problems;
    }

    public void Validate()
    {
        if (Problems().FirstOrDefault() is { Value: { } message })
        {
            throw new PartnershipRuleException(message);
        }
    }

    /// <summary>Fee fields that do not belong to the kind are dropped, so a version says one thing.</summary>
    public AgreementTerms Normalized() => FeeKind switch
    {
        FeeKind.Percent => this with { FeeAmount = null, FeeCurrency = null },
        FeeKind.Flat => this with { FeePercent = null },
        _ => this with { FeePercent = null, FeeAmount = null, FeeCurrency = null },
    };
}

public enum AgreementStatus { Proposed, Accepted, Rejected, Withdrawn }

/// <summary>
/// One version of a partnership's terms. A version one firm writes is a proposal; it binds both only once the other
/// firm's Owner countersigns it (or, for the default terms, once the invitation is accepted). The terms never change
/// once written; only the answer is added: who, when and why.
/// </summary>
public sealed class Agreement
{
    public const int MaxReason = 1000;

    public static readonly AgreementTerms Default = new(EngagementModes.HandOff, FeeKind.Reciprocity, null, null, null,
        NonSolicitMonths: 12, ResponseSlaBusinessHours: 4, MaxConcurrentReferrals: 3);

    public Guid PartnershipId { get; private set; }
    public int Version { get; private set; }
    public EngagementModes Modes { get; private set; }
    public FeeKind FeeKind { get; private set; }
    public decimal? FeePercent { get; private set; }
    public decimal? FeeAmount { get; private set; }
    public string? FeeCurrency { get; private set; }
    public int NonSolicitMonths { get; private set; }
    public int ResponseSlaBusinessHours { get; private set; }
    public int MaxConcurrentReferrals { get; private set; }
    public AgreementStatus Status { get; private set; }
    /// <summary>The firm that wrote these terms: the other one decides.</summary>
    public Guid ProposedByFirmId { get; private set; }
    public string ChangedBy { get; private set; } = "";
    public DateTimeOffset ChangedAt { get; private set; }
    public string? AnsweredBy { get; private set; }
    public DateTimeOffset? AnsweredAt { get; private set; }
    public string? AnswerReason { get; private set; }

    private Agreement() { }

    internal Agreement(Guid partnershipId, int version, AgreementTerms terms, Guid proposedBy, string changedBy, DateTimeOffset at)
    {
        var t = terms.Normalized();
        (PartnershipId, Version, ProposedByFirmId, ChangedBy, ChangedAt, Status) = (partnershipId, version, proposedBy, changedBy, at, AgreementStatus.Proposed);
        (Modes, FeeKind, FeePercent, FeeAmount, FeeCurrency) = (t.Modes, t.FeeKind, t.FeePercent, t.FeeAmount, t.FeeCurrency);
        (NonSolicitMonths, ResponseSlaBusinessHours, MaxConcurrentReferrals) = (t.NonSolicitMonths, t.ResponseSlaBusinessHours, t.MaxConcurrentReferrals);
    }

    public IReadOnlyList<string> ModeNames =>
        [.. Enum.GetValues<EngagementModes>().Where(m => m != EngagementModes.None && Modes.HasFlag(m)).Select(m => m.ToString())];

    /// <summary>Records the answer to a proposal: accepted (in force from now), rejected or withdrawn, by whom and why.</summary>
    internal void Answer(AgreementStatus answer, string member, string? reason, DateTimeOffset at)
    {
        if (Status != AgreementStatus.Proposed)
        {
            throw new PartnershipRuleException($"Version {Version} was already {Status.ToString().ToLowerInvariant()}.");
        }
        (Status, AnsweredBy, AnsweredAt, AnswerReason) = (answer, member, at, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim());
    }

    /// <summary>Announced only for a version both firms agreed, so nothing downstream ever holds terms one side wrote alone.</summary>
    public AgreementChanged ToEvent(Guid inviter, Guid invitee) => Status == AgreementStatus.Accepted
        ? new(Guid.NewGuid(), AnsweredAt ?? ChangedAt, PartnershipId, inviter, invitee, Version,
            ModeNames, FeeKind.ToString(), FeePercent, FeeAmount, FeeCurrency, NonSolicitMonths, ResponseSlaBusinessHours, MaxConcurrentReferrals)
        : throw new InvalidOperationException($"Version {Version} is {Status}: only accepted terms are announced.");
}
