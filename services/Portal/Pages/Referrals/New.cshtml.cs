using Marketplace.Portal.Gateway;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Portal.Pages.Referrals;

public sealed class NewModel(GatewayClient gateway) : PortalPage(gateway)
{
    public List<SkillLevel> Levels { get; private set; } = [];

    public sealed class SkillField
    {
        public string? Skill { get; set; }
        public int MinLevel { get; set; } = 3;
    }

    /// <summary>One key per form shown: a double-click or a retried post makes one referral, not two.</summary>
    [BindProperty] public string IdempotencyKey { get; set; } = Guid.NewGuid().ToString("N");
    [BindProperty] public string Summary { get; set; } = "";
    [BindProperty] public List<SkillField> Skills { get; set; } = [new(), new()];
    [BindProperty] public int EffortHours { get; set; } = 40;
    [BindProperty] public int HoursPerWeek { get; set; } = 10;
    [BindProperty] public DateOnly EarliestStart { get; set; } = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(3));
    [BindProperty] public DateOnly LatestStart { get; set; } = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(24));
    [BindProperty] public string? ClientName { get; set; }
    [BindProperty] public string ClientTimeZone { get; set; } = "UTC";
    [BindProperty] public string EngagementMode { get; set; } = "HandOff";
    [BindProperty] public string Urgency { get; set; } = "Normal";
    [BindProperty] public decimal? BudgetMin { get; set; }
    [BindProperty] public decimal? BudgetMax { get; set; }
    [BindProperty] public string? Currency { get; set; }
    [BindProperty] public bool Confidential { get; set; } = true;
    [BindProperty] public bool PartnersOnly { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Levels = await Gateway.LevelsAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Levels = await Gateway.LevelsAsync(ct);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var skills = new List<object>();
        foreach (var field in Skills.Where(s => !string.IsNullOrWhiteSpace(s.Skill)))
        {
            if (await Gateway.ResolveSkillAsync(field.Skill!.Trim(), ct) is { } id)
            {
                skills.Add(new { skillId = id, minLevel = field.MinLevel });
            }
            else
            {
                ModelState.AddModelError("", $"No skill in the catalogue matches '{field.Skill}'.");
            }
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var posted = await Gateway.SendAsync<ReferralItem>(HttpMethod.Post, "/api/matching/referrals", new
        {
            summary = Summary, skills, effortHours = EffortHours, hoursPerWeek = HoursPerWeek, earliestStart = EarliestStart, latestStart = LatestStart,
            clientName = string.IsNullOrWhiteSpace(ClientName) ? null : ClientName, clientTimeZone = ClientTimeZone, engagementMode = EngagementMode,
            urgency = Urgency, budgetMin = BudgetMin, budgetMax = BudgetMax, currency = string.IsNullOrWhiteSpace(Currency) ? null : Currency.ToUpperInvariant(),
            confidential = Confidential, partnersOnly = PartnersOnly,
        }, ct, IdempotencyKey);
        if (Failed(posted))
        {
            return Page();
        }
        Notice = posted.Value!.OpenOffers > 0 ? $"Posted: {(posted.Value.OpenOffers == 1 ? "an offer sent to 1 partner" : $"offers sent to {posted.Value.OpenOffers} partners")}." : "Posted. No partner could take it yet; see what would help.";
        return Redirect($"/portal/referrals/{posted.Value.Id}");
    }
}
