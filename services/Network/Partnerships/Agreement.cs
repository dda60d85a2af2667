using Marketplace.Contracts;

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
            case FeeKind.Percent when FeePercent is not (> 0 and <= 50):
                problems["feePercent"] = "feePercent must be more than 0 and at most 50.";
                break;
            case FeeKind.Flat when FeeAmount is not (> 0 and <= 1_000_000):
                problems["feeAmount"] = "feeAmount must be more than 0 and at most 1,000,000.";
                break;
            case FeeKind.Flat when FeeCurrency is not { Length: 3 } || !FeeCurrency.All(char.IsAsciiLetterUpper):
                problems["feeCurrency"] = "feeCurrency must be an ISO 4217 code such as EUR.";
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

/// <summary>One version of a partnership's terms, never changed once written.</summary>
public sealed class Agreement
{
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
    public string ChangedBy { get; private set; } = "";
    public DateTimeOffset ChangedAt { get; private set; }

    private Agreement() { }

    internal Agreement(Guid partnershipId, int version, AgreementTerms terms, string changedBy, DateTimeOffset at)
    {
        var t = terms.Normalized();
        (PartnershipId, Version, ChangedBy, ChangedAt) = (partnershipId, version, changedBy, at);
        (Modes, FeeKind, FeePercent, FeeAmount, FeeCurrency) = (t.Modes, t.FeeKind, t.FeePercent, t.FeeAmount, t.FeeCurrency);
        (NonSolicitMonths, ResponseSlaBusinessHours, MaxConcurrentReferrals) = (t.NonSolicitMonths, t.ResponseSlaBusinessHours, t.MaxConcurrentReferrals);
    }

    public IReadOnlyList<string> ModeNames =>
        [.. Enum.GetValues<EngagementModes>().Where(m => m != EngagementModes.None && Modes.HasFlag(m)).Select(m => m.ToString())];

    public AgreementChanged ToEvent(Guid inviter, Guid invitee) => new(Guid.NewGuid(), ChangedAt, PartnershipId, inviter, invitee, Version,
        ModeNames, FeeKind.ToString(), FeePercent, FeeAmount, FeeCurrency, NonSolicitMonths, ResponseSlaBusinessHours, MaxConcurrentReferrals);
}
