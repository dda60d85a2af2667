using Marketplace.Catalog.Data;
using Marketplace.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Skills;

/// <summary>
/// The search built from the database's taxonomy, the same on every replica: an operator's add, rename or merge records
/// a change of the "skills" index in its own transaction, and each replica rebuilds when it sees one.
/// </summary>
public sealed class SkillIndex(IServiceScopeFactory scopes, IOptions<CatalogOptions> options, TimeProvider clock) : IDisposable
{
    public const string Name = "skills";

    private readonly VersionedCache<SkillSearch, CatalogDbContext> _cache = new(scopes, Name, options.Value.IndexCheckInterval, clock, BuildAsync);

    public Task<SkillSearch> GetAsync(CancellationToken ct = default) => _cache.GetAsync(ct);

    public void Invalidate() => _cache.Invalidate();

    public void Dispose() => _cache.Dispose();

    // The taxonomy is small: every change rebuilds the search whole.
    private static async Task<SkillSearch> BuildAsync(CatalogDbContext db, SkillSearch? previous, IReadOnlySet<Guid>? changed, CancellationToken ct)
    {
        var categories = await db.Categories.AsNoTracking().ToListAsync(ct);
        var skills = await db.Skills.AsNoTracking().ToListAsync(ct);
        return new SkillSearch(skills, categories);
    }
}
