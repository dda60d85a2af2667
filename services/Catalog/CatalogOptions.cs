namespace Marketplace.Catalog;

/// <summary>Catalog's own settings (section <c>Catalog</c>), checked at start.</summary>
public sealed class CatalogOptions
{
    /// <summary>How often lapsed approved certifications are looked for and announced.</summary>
    public TimeSpan ExpiryCheckInterval { get; init; } = TimeSpan.FromMinutes(15);
    /// <summary>How often a replica looks whether the taxonomy's version moved (another replica's add, rename or merge).</summary>
    public TimeSpan IndexCheckInterval { get; init; } = TimeSpan.FromSeconds(2);
}
