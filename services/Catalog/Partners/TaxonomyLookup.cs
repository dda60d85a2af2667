using Marketplace.Catalog.Data;
using Marketplace.Catalog.Skills;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Partners;

/// <summary>Skill names and certifications, read once per request: small tables, checked often.</summary>
public sealed class TaxonomyLookup
{
    private static readonly IReadOnlyList<string> None = [];

    public required IReadOnlyDictionary<string, string> SkillNames { get; init; }
    public required IReadOnlyDictionary<string, Certification> Certifications { get; init; }
    public required IReadOnlyDictionary<string, string> Redirects { get; init; }

    public static async Task<TaxonomyLookup> LoadAsync(CatalogDbContext db, CancellationToken ct) => new()
    {
        SkillNames = await db.Skills.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, ct),
        Certifications = await db.Certifications.AsNoTracking().ToDictionaryAsync(c => c.Id, ct),
        Redirects = await db.SkillRedirects.AsNoTracking().ToDictionaryAsync(r => r.FromSkillId, r => r.ToSkillId, ct),
    };

    /// <summary>The skill id a claim is stored under (a merged skill's id leads to its survivor), or null when there is no such skill.</summary>
    public string? Resolve(string skillId) =>
        SkillNames.ContainsKey(skillId) ? skillId : Redirects.TryGetValue(skillId, out var to) && SkillNames.ContainsKey(to) ? to : null;

    public IReadOnlyList<string> EvidencedSkills(string certificationId) =>
        Certifications.TryGetValue(certificationId, out var c) ? c.SkillIds : None;
}
