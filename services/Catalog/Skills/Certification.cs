namespace Marketplace.Catalog.Skills;

/// <summary>A vendor certification and the skills holding it evidences (AZ-104 → Azure VMs, networking, Entra ID …).</summary>
public sealed class Certification
{
    /// <summary>Most vendors issue for three years at most (Cisco, CompTIA, AWS …).</summary>
    public const int DefaultMaxValidityYears = 3;

    public required string Id { get; init; }
    public required string Name { get; set; }
    public required string Vendor { get; set; }
    public List<string> SkillIds { get; init; } = [];
    /// <summary>
    /// How long the vendor issues it for (Microsoft's role-based certifications one year, Fortinet's two …): a holder
    /// cannot state an expiry further away than this from today.
    /// </summary>
    public int MaxValidityYears { get; set; } = DefaultMaxValidityYears;

    /// <summary>The latest expiry a certification issued or renewed today can have.</summary>
    public DateOnly LatestExpiry(DateOnly today) => today.AddYears(MaxValidityYears);
}
