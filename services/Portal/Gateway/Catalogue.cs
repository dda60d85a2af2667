namespace Marketplace.Portal.Gateway;

public sealed record SkillHit(string Id, string Name, string CategoryName, string? MatchedAlias = null);

/// <summary>
/// What a typed skill is in the catalogue: <see cref="Id"/> when it names a skill exactly (its name, id or one of its
/// aliases, whatever the case and punctuation); otherwise <see cref="Nearest"/>, the catalogue's best guess to offer
/// ("did you mean …?"), or nothing. <see cref="Unanswered"/> when the catalogue could not be asked.
/// </summary>
public sealed record SkillMatch(string? Id, SkillHit? Nearest, bool Unanswered = false);
public sealed record SkillPage(List<SkillHit> Items);
public sealed record SkillLevel(int Level, string Name, string Meaning);

/// <summary>The catalogue's skill levels, as the forms offer them (an anonymous call; the scale is Catalog's to define).</summary>
public static class Catalogue
{
    public static async Task<List<SkillLevel>> LevelsAsync(this GatewayClient gateway, CancellationToken ct) =>
        (await gateway.GetAsync<List<SkillLevel>>("/api/catalog/levels", ct)).Value ?? [];

    /// <summary>
    /// The skill a person typed, never guessed: an exact name, id or alias gives its id; anything else only the nearest
    /// skill to suggest (the catalogue's typo-tolerant search ranks it), so the person decides.
    /// </summary>
    public static async Task<SkillMatch> MatchSkillAsync(this GatewayClient gateway, string typed, CancellationToken ct)
    {
        var page = await gateway.GetAsync<SkillPage>($"/api/catalog/skills?limit=5&q={Uri.EscapeDataString(typed.Trim())}", ct);
        if (page.Problem is not null)
        {
            return new SkillMatch(null, null, Unanswered: page.Status != System.Net.HttpStatusCode.BadRequest);
        }
        var hits = page.Value?.Items ?? [];
        var key = Plain(typed);
        var exact = hits.FirstOrDefault(h => Plain(h.Id) == key || Plain(h.Name) == key || h.MatchedAlias is { } alias && Plain(alias) == key);
        return exact is not null ? new SkillMatch(exact.Id, exact) : new SkillMatch(null, hits.FirstOrDefault());
    }

    /// <summary>Letters, digits, '#' and '+' only, lower case: "SD-WAN", "sd wan" and "SDWAN" read alike, as the catalogue's search reads them.</summary>
    internal static string Plain(string text) =>
        string.Concat(text.Where(c => char.IsLetterOrDigit(c) || c is '#' or '+').Select(char.ToLowerInvariant));

    /// <summary>A skill's id or name as typed (or chosen from the suggestions); otherwise the catalogue's best match; null when nothing matches.</summary>
    public static async Task<string?> ResolveSkillAsync(this GatewayClient gateway, string typed, CancellationToken ct)
    {
        var page = await gateway.GetAsync<SkillPage>($"/api/catalog/skills?limit=5&q={Uri.EscapeDataString(typed)}", ct);
        var hits = page.Value?.Items ?? [];
        return (hits.FirstOrDefault(h => string.Equals(h.Id, typed, StringComparison.OrdinalIgnoreCase) || string.Equals(h.Name, typed, StringComparison.OrdinalIgnoreCase))
            ?? hits.FirstOrDefault())?.Id;
    }
}
