namespace Marketplace.Matching.Skills;

/// <summary>One partner's claim on one skill, from Catalog's latest snapshot: the ranking's skill-fit input.</summary>
public sealed class PartnerSkillRow
{
    public Guid FirmId { get; init; }
    public string SkillId { get; init; } = "";
    public int Level { get; init; }
    public int Years { get; init; }
    public DateOnly? VerifiedUntil { get; init; }
}

/// <summary>When the firm's last snapshot was taken: an older snapshot arriving late is ignored.</summary>
public sealed class PartnerSkillsVersion
{
    public Guid FirmId { get; init; }
    public DateTimeOffset SnapshotAt { get; set; }
}
