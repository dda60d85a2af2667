using Marketplace.Catalog.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Skills;

/// <summary>Holds the search built from the database's taxonomy; rebuilt after the taxonomy changes.</summary>
public sealed class SkillIndex(IServiceScopeFactory scopes)
{
    private Task<SkillSearch>? _search;

    public async Task<SkillSearch> GetAsync()
    {
        var search = Volatile.Read(ref _search);
        if (search is null || search.IsFaulted)
        {
            var fresh = BuildAsync();
            search = Interlocked.CompareExchange(ref _search, fresh, search) == search ? fresh : _search!;
        }
        return await search;
    }

    public void Invalidate() => Volatile.Write(ref _search, null);

    private async Task<SkillSearch> BuildAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var categories = await db.Categories.AsNoTracking().ToListAsync();
        var skills = await db.Skills.AsNoTracking().ToListAsync();
        return new SkillSearch(skills, categories);
    }
}
