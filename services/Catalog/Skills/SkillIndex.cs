using Marketplace.Catalog.Data;
using Marketplace.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Skills;

/// <summary>
/// The search built from the database's taxonomy, the same on every replica: an operator's add, rename or merge touches
/// the "skills" index version in its own transaction, and each replica rebuilds when it sees the version move.
/// </summary>
public sealed class SkillIndex(IServiceScopeFactory scopes, IOptions<CatalogOptions> options, TimeProvider clock) : IDisposable
{
    public const string Name = "skills";

    private readonly VersionedCache<SkillSearch, CatalogDbContext> _cache = new(scopes, Name, options.Value.IndexCheckInterval, clock, BuildAsync);

    public Task<SkillSearch> GetAsync(CancellationToken ct = default) => _cache.GetAsync(ct);

    public void Invalidate() => _cache.Invalidate();

    public void Dispose() => _cache.Dispose();

    private static async Task<SkillSearch> BuildAsync(CatalogDbContext db, CancellationToken ct)
    {
        var categories = await db.Categories.AsNoTracking().ToListAsync(ct);
        var skills = await db.Skills.AsNoTracking().ToListAsync(ct);
        return new SkillSearch(skills, categories);
    }
}
