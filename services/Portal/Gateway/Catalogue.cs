namespace Marketplace.Portal.Gateway;

public sealed record SkillHit(string Id, string Name, string CategoryName);
public sealed record SkillPage(List<SkillHit> Items);
public sealed record SkillLevel(int Level, string Name, string Meaning);

/// <summary>The catalogue's skill levels, as the forms offer them (an anonymous call; the scale is Catalog's to define).</summary>
public static class Catalogue
{
    public static async Task<List<SkillLevel>> LevelsAsync(this GatewayClient gateway, CancellationToken ct) =>
        (await gateway.GetAsync<List<SkillLevel>>("/api/catalog/levels", ct)).Value ?? [];

    /// <summary>A skill's id or name as typed (or chosen from the suggestions); otherwise the catalogue's best match; null when nothing matches.</summary>
    public static async Task<string?> ResolveSkillAsync(this GatewayClient gateway, string typed, CancellationToken ct)
    {
        var page = await gateway.GetAsync<SkillPage>($"/api/catalog/skills?limit=5&q={Uri.EscapeDataString(typed)}", ct);
        var hits = page.Value?.Items ?? [];
        return (hits.FirstOrDefault(h => string.Equals(h.Id, typed, StringComparison.OrdinalIgnoreCase) || string.Equals(h.Name, typed, StringComparison.OrdinalIgnoreCase))
            ?? hits.FirstOrDefault())?.Id;
    }
}
