namespace Marketplace.Catalog.Skills;

/// <summary>A kind of IT work a partner can claim, with the other names people use for it.</summary>
public sealed class Skill
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public required string CategoryId { get; set; }
    public List<string> Aliases { get; init; } = [];
}

public sealed class Category
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public List<string> Aliases { get; init; } = [];
}
