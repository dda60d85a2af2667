namespace Marketplace.Catalog.Partners;

/// <summary>What a level means, so "4 in SQL Server" says the same thing for every partner.</summary>
public static class SkillLevels
{
    public const int Min = 1;
    public const int Max = 5;

    public static readonly IReadOnlyList<SkillLevel> All =
    [
        new(1, "Aware", "Has done this work under someone else's lead; needs guidance on anything unusual."),
        new(2, "Practitioner", "Has delivered small jobs of this kind alone, following known procedures."),
        new(3, "Proficient", "Delivers typical projects of this kind end to end without help, including the usual surprises."),
        new(4, "Expert", "Leads complex projects, designs the approach and fixes what others could not."),
        new(5, "Authority", "Recognised specialist: vendor partner status, published work, or called in by other experts."),
    ];

    public static bool IsValid(int level) => level is >= Min and <= Max;
}

public sealed record SkillLevel(int Level, string Name, string Meaning);
