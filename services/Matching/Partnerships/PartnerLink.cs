namespace Marketplace.Matching.Partnerships;

/// <summary>An existing partnership between two firms, as Network announced it: partners are offered work before the open directory.</summary>
public sealed class PartnerLink
{
    public Guid PartnershipId { get; init; }
    public Guid InviterFirmId { get; set; }
    public Guid InviteeFirmId { get; set; }
    public bool Active { get; set; }
    public DateTimeOffset StatusAt { get; set; }
}

/// <summary>One version of a partnership's terms; a referral keeps the version it was made under.</summary>
public sealed class AgreementVersion
{
    public Guid PartnershipId { get; init; }
    public int Version { get; init; }
    public List<string> EngagementModes { get; init; } = [];
    public string FeeKind { get; init; } = "";
    public decimal? FeePercent { get; init; }
    public decimal? FeeAmount { get; init; }
    public string? FeeCurrency { get; init; }
    public int NonSolicitMonths { get; init; }
    public int ResponseSlaBusinessHours { get; init; }
    public int MaxConcurrentReferrals { get; init; }
    public DateTimeOffset ChangedAt { get; init; }
}
