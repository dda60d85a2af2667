using Marketplace.Portal.Forms;
using Marketplace.Portal.Gateway;
using Marketplace.Portal.Navigation;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Portal.Pages.Referrals;

/// <summary>
/// Posting a referral: the form starts from the firm's defaults (or from an earlier referral to post again with changes);
/// a post with problems comes back with all of them at once, each beside its field in words a person uses, everything
/// typed kept and the panels with a problem open. A skill the catalogue does not know exactly is never guessed: the
/// nearest one is offered ("did you mean …?") and one click takes it.
/// </summary>
public sealed class NewModel(GatewayClient gateway, WorkloadSource workload, TimeProvider clock) : PortalPage(gateway)
{
    public const string Prefix = nameof(Form);

    public List<SkillLevel> Levels { get; private set; } = [];

    /// <summary>One key per form shown: a double-click or a retried post makes one referral, not two.</summary>
    [BindProperty] public string IdempotencyKey { get; set; } = Guid.NewGuid().ToString("N");
    [BindProperty] public ReferralForm Form { get; set; } = new();

    /// <summary>The referral this form copies (an unmatched one posted again with changes), if any.</summary>
    [BindProperty(SupportsGet = true)] public Guid? Copy { get; set; }
    public string? CopiedFrom { get; private set; }
    public FirmDefaults Defaults { get; private set; } = new("UTC", null, FirmDefaults.MarketplaceWaveSize);

    /// <summary>The zones the picker offers: the common ones, the firm's and whatever was chosen.</summary>
    public IEnumerable<string> ZoneChoices => Zones.Common.Append(Defaults.TimeZone).Append(Form.ClientTimeZone ?? "UTC").Distinct();

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public static string Key(string field) => $"{Prefix}.{field}";

    /// <summary>Whether any of the fields has a problem: its panel is then shown open.</summary>
    public bool HasProblem(params string[] fields) => fields.Any(f => ModelState.TryGetValue(Key(f), out var e) && e is { Errors.Count: > 0 });

    public async Task OnGetAsync(CancellationToken ct)
    {
        var levels = Gateway.LevelsAsync(ct);
        var work = await workload.LoadAsync();
        Defaults = FirmDefaults.Of(work?.Firm, work?.Referrals, Me.FirmId);
        Form = ReferralForm.New(Defaults, Today);
        if (Copy is { } id && (await Gateway.GetAsync<ReferralItem>($"/api/matching/referrals/{id}", ct)).Value is { } earlier && earlier.PartnerFirmId != Me.FirmId)
        {
            Form = ReferralForm.CopyOf(earlier, Defaults, Today);
            CopiedFrom = earlier.Summary;
        }
        Levels = await levels;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var levels = Gateway.LevelsAsync(ct);
        // Whatever the binder made of the text is replaced by the form's own words below: every field is text, so it keeps what was typed.
        ModelState.Clear();
        var problems = Form.Check(Today);
        var skills = await MatchSkillsAsync(problems, ct);
        Levels = await levels;
        if (problems.Count > 0)
        {
            return await AgainAsync(problems);
        }
        var posted = await Gateway.SendAsync<ReferralItem>(HttpMethod.Post, "/api/matching/referrals", Form.Body(skills), ct, IdempotencyKey);
        if (posted.Problem is { } refused)
        {
            foreach (var (field, messages) in refused.Errors)
            {
                if (ReferralForm.FieldOf(field) is var (mine, words))
                {
                    problems.Add((mine, words));
                }
                else
                {
                    ModelState.AddModelError("", string.Join(" ", messages));
                }
            }
            if (refused.Errors.Count == 0)
            {
                ModelState.AddModelError("", refused.Message);
            }
            return await AgainAsync(problems);
        }
        Notice = posted.Value!.OpenOffers > 0 ? $"Posted: {(posted.Value.OpenOffers == 1 ? "an offer sent to 1 partner" : $"offers sent to {posted.Value.OpenOffers} partners")}." : "Posted. No partner could take it yet; see what would help.";
        return Redirect($"/portal/referrals/{posted.Value.Id}");
    }

    /// <summary>Takes the catalogue's suggestion for one skill row ("did you mean …?"), and shows the form again to post.</summary>
    public async Task<IActionResult> OnPostUseSuggestionAsync(int row, CancellationToken ct)
    {
        ModelState.Clear();
        if (row >= 0 && row < Form.Skills.Count && Form.Skills[row].Suggestion is { Length: > 0 } suggestion)
        {
            (Form.Skills[row].Skill, Form.Skills[row].Suggestion) = (suggestion, null);
        }
        await LoadDefaultsAsync();
        Levels = await Gateway.LevelsAsync(ct);
        return Page();
    }

    /// <summary>The catalogue's id for each named skill; an unknown one adds a problem beside its row, with the nearest skill to offer.</summary>
    private async Task<List<(string Id, int MinLevel)>> MatchSkillsAsync(List<(string Field, string Message)> problems, CancellationToken ct)
    {
        foreach (var skill in Form.Skills)
        {
            skill.Suggestion = null; // offered again below only for what is still unknown
        }
        var named = Form.NamedSkills().Distinct().ToList();
        var matches = await Task.WhenAll(named.Select(s => Gateway.MatchSkillAsync(s.Typed, ct)));
        var ids = new List<(string, int)>();
        foreach (var ((row, typed), match) in named.Zip(matches))
        {
            if (match.Id is { } id)
            {
                ids.Add((id, Form.Skills[row].MinLevel));
            }
            else if (match.Unanswered)
            {
                problems.Add(($"Skills[{row}].Skill", "The skills catalogue cannot be reached just now; post again in a minute."));
            }
            else if (match.Nearest is { } nearest)
            {
                Form.Skills[row].Suggestion = nearest.Name;
                problems.Add(($"Skills[{row}].Skill", $"No skill is called “{typed}”. Did you mean {nearest.Name}?"));
            }
            else
            {
                problems.Add(($"Skills[{row}].Skill", $"No skill in the catalogue matches “{typed}”: try another word for it."));
            }
        }
        return ids;
    }

    private async Task<IActionResult> AgainAsync(List<(string Field, string Message)> problems)
    {
        foreach (var (field, message) in problems.Distinct())
        {
            ModelState.AddModelError(Key(field), message);
        }
        await LoadDefaultsAsync();
        return Page();
    }

    private async Task LoadDefaultsAsync()
    {
        var work = await workload.LoadAsync();
        Defaults = FirmDefaults.Of(work?.Firm, work?.Referrals, Me.FirmId);
    }
}
