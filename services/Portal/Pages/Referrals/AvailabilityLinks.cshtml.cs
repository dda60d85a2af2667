using System.Globalization;
using System.Text.Json;
using Marketplace.Portal.Gateway;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Portal.Pages.Referrals;

/// <summary>A referrer makes links its clients can open to ask when a specialist could start (answered among its partners), and withdraws them.</summary>
public sealed class AvailabilityLinksModel(GatewayClient gateway) : PortalPage(gateway)
{
    [TempData] public string? Link { get; set; }

    public List<AvailabilityLinkItem> Links { get; private set; } = [];
    private Dictionary<string, string> _skills = [];

    public string SkillName(string id) => _skills.GetValueOrDefault(id, id);

    public static string Day(DateTimeOffset at, bool withTime = false) =>
        at.ToString(withTime ? "d MMM yyyy, HH:mm:ss 'UTC'" : "d MMM yyyy", CultureInfo.InvariantCulture);

    public static string StatusText(AvailabilityLinkItem l) => l.Status switch
    {
        "Live" => "live",
        "Revoked" => l.RevokedAt is { } at ? $"revoked {Day(at)}" : "revoked",
        _ => "expired",
    };

    public async Task OnGetAsync(CancellationToken ct)
    {
        var links = await Gateway.GetAsync<List<AvailabilityLinkItem>>("/api/matching/availability-links", ct);
        Links = Failed(links) ? [] : links.Value ?? [];
        // The catalogue's names for the links' skills (a handful: a firm makes links for the skills it sends out).
        var ids = Links.Select(l => l.SkillId).Distinct().Take(30).ToList();
        var names = await Task.WhenAll(ids.Select(id => Gateway.GetAsync<JsonElement>($"/api/catalog/skills/{Uri.EscapeDataString(id)}", ct)));
        _skills = ids.Zip(names)
            .Where(x => x.Second.Ok && x.Second.Value.ValueKind == JsonValueKind.Object && x.Second.Value.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
            .ToDictionary(x => x.First, x => x.Second.Value.GetProperty("name").GetString()!);
    }

    public async Task<IActionResult> OnPostAsync(string skill, int hoursPerWeek, int effortHours, int days, string? contactName, string? contactEmail, CancellationToken ct)
    {
        if (await Gateway.ResolveSkillAsync(skill.Trim(), ct) is not { } skillId)
        {
            ModelState.AddModelError("", $"No skill in the catalogue matches '{skill}'.");
            await OnGetAsync(ct);
            return Page();
        }
        var created = await Gateway.SendAsync(HttpMethod.Post, "/api/matching/availability-links", new
        {
            skillId, hoursPerWeek, effortHours, days,
            contactName = string.IsNullOrWhiteSpace(contactName) ? null : contactName.Trim(), contactEmail = string.IsNullOrWhiteSpace(contactEmail) ? null : contactEmail.Trim(),
        }, ct);
        if (created.Ok)
        {
            Link = PublicUrl($"/portal{created.Value.GetProperty("url").GetString()}");
        }
        return await AfterAsync(created, $"A link for {skill}, valid for {days} days.", () => OnGetAsync(ct));
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(await Gateway.SendAsync(HttpMethod.Delete, $"/api/matching/availability-links/{id}", null, ct),
            "Link revoked: a client who opens it now reads that it was withdrawn.", () => OnGetAsync(ct));
}

public sealed record AvailabilityLinkItem(Guid Id, string SkillId, int HoursPerWeek, int EffortHours, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt, string Status);
