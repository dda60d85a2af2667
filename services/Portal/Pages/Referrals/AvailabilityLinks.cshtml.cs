using Marketplace.Portal.Gateway;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Portal.Pages.Referrals;

/// <summary>A referrer makes a link its clients can open to ask when a specialist could start (answered among its partners).</summary>
public sealed class AvailabilityLinksModel(GatewayClient gateway) : PortalPage(gateway)
{
    [TempData] public string? Link { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(string skill, int hoursPerWeek, int effortHours, int days, CancellationToken ct)
    {
        if (await Gateway.ResolveSkillAsync(skill.Trim(), ct) is not { } skillId)
        {
            ModelState.AddModelError("", $"No skill in the catalogue matches '{skill}'.");
            return Page();
        }
        var created = await Gateway.SendAsync(HttpMethod.Post, "/api/matching/availability-links", new { skillId, hoursPerWeek, effortHours, days }, ct);
        if (created.Ok)
        {
            Link = PublicUrl($"/portal{created.Value.GetProperty("url").GetString()}");
        }
        return await AfterAsync(created, $"A link for {skill}, valid for {days} days.", () => Task.CompletedTask);
    }
}
