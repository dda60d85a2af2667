namespace Marketplace.Network.Directory;

/// <summary>A partner's skill as Catalog last announced it; Network never reads Catalog's database.</summary>
public sealed class DirectorySkill
{
    public Guid FirmId { get; init; }
    public string SkillId { get; init; } = "";
    public int Level { get; init; }
    public bool Verified { get; init; }
    public DateOnly? VerifiedUntil { get; init; }
}

public sealed class DirectorySkillsVersion
{
    public Guid FirmId { get; init; }
    public DateTimeOffset SnapshotAt { get; set; }
}
