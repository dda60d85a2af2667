using Marketplace.Http;
using Marketplace.Matching.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Matching.Referrals;

/// <summary>
/// Which skill ids exist, and their names, from Catalog. If Catalog cannot be asked, a skill some partner claims
/// (in Matching's projection) is accepted under its id, so posting does not stop while Catalog is away.
/// </summary>
public sealed class SkillNames(ICatalogApi catalog, MatchingDbContext db, ILogger<SkillNames> log)
{
    public async Task<Dictionary<string, string>> ResolveAsync(IEnumerable<string> ids, CancellationToken ct)
    {
        var names = new Dictionary<string, string>();
        foreach (var id in ids.Distinct())
        {
            try
            {
                var response = await catalog.GetSkill(id, ct);
                if (response is { IsSuccessStatusCode: true, Content: { } skill })
                {
                    names[id] = skill.Name;
                    continue;
                }
                if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    continue; // Catalog says no such skill
                }
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                log.LogWarning(ex, "Catalog could not be asked about skill {Skill}; using the partner skills Matching knows", id);
            }
            if (await db.PartnerSkills.AnyAsync(s => s.SkillId == id, ct))
            {
                names[id] = id;
            }
        }
        return names;
    }
}
