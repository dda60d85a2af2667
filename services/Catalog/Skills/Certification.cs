namespace Marketplace.Catalog.Skills;

/// <summary>A vendor certification and the skills holding it evidences (AZ-104 → Azure VMs, networking, Entra ID …).</summary>
public sealed class Certification
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public required string Vendor { get; set; }
    public List<string> SkillIds { get; init; } = [];
}
