namespace Marketplace.Catalog.Skills;

/// <summary>A skill merged into another: its old id keeps resolving to the skill that absorbed it.</summary>
public sealed class SkillRedirect
{
    public required string FromSkillId { get; init; }
    public required string ToSkillId { get; set; }
    public DateTimeOffset MergedAt { get; init; }
}
