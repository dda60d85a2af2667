using System.Globalization;
using Marketplace.Portal.Forms;
using Marketplace.Portal.Gateway;
using Marketplace.Portal.Navigation;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Portal.Pages.Firm;

/// <summary>Partnerships (double opt-in) and their versioned agreements, and the directory to find new partners in.</summary>
public sealed class PartnershipsModel(GatewayClient gateway, WorkloadSource workload) : PortalPage(gateway)
{
    public List<PartnershipItem> Partnerships { get; private set; } = [];
    public List<DirectoryItem>? Directory { get; private set; }
    [BindProperty(SupportsGet = true)] public string? Skill { get; set; }
    private Dictionary<Guid, string> _names = [];

    /// <summary>The partnership whose proposal form was refused, and what was typed in it: that form is shown open, as typed, with why.</summary>
    public Guid? Refused { get; private set; }
    public AgreementForm? Typed { get; private set; }
    /// <summary>The firm's own currency, a flat fee's default.</summary>
    public string? FirmCurrency { get; private set; }

    /// <summary>The proposal form of a partnership: as typed when it was the one refused, else from the terms in force.</summary>
    public AgreementForm FormFor(PartnershipItem p) => Refused == p.Id && Typed is { } typed ? typed : AgreementForm.From(p.Agreement, FirmCurrency);

    /// <summary>A field's key where its errors show: only in the form that was refused.</summary>
    public string? ErrorKey(PartnershipItem p, string field) => Refused == p.Id ? field : null;

    public string NameOf(Guid firm) => _names.GetValueOrDefault(firm, "A firm");

    public static string Fee(AgreementItem a) => a.FeeKind switch
    {
        "Percent" => $"{a.FeePercent?.ToString("0.##", CultureInfo.InvariantCulture)} % of the job",
        "Flat" => $"{a.FeeAmount?.ToString("N2", CultureInfo.InvariantCulture)} {a.FeeCurrency} per job",
        _ => "none (we refer to each other)",
    };

    /// <summary>One version's terms in a sentence.</summary>
    public static string Terms(AgreementItem a) =>
        $"{string.Join(" and ", a.EngagementModes)} · fee {Fee(a)} · answers within {a.ResponseSlaBusinessHours} business hours · " +
        $"at most {a.MaxConcurrentReferrals} referrals at once · no poaching for {a.NonSolicitMonths} months";

    public static string Day(DateTimeOffset at) => at.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string Tone(string status) => status switch { "Accepted" => "good", "Proposed" => "wait", _ => "bad" };

    public async Task OnGetAsync(CancellationToken ct)
    {
        var list = await Gateway.GetAsync<List<PartnershipItem>>("/api/network/partnerships", ct);
        var work = await workload.LoadAsync();
        FirmCurrency = FirmDefaults.Of(work?.Firm, work?.Referrals, Me.FirmId).Currency;
        Partnerships = Failed(list) ? [] : list.Value ?? [];
        _names = await Gateway.FirmNamesAsync(Partnerships.Select(p => p.PartnerFirmId), ct);
        var skill = string.IsNullOrWhiteSpace(Skill) ? null : await Gateway.ResolveSkillAsync(Skill.Trim(), ct);
        if (Request.Query.ContainsKey("skill"))
        {
            var found = await Gateway.GetAsync<DirectoryPage>($"/api/network/directory?limit=20{(skill is null ? "" : $"&skill={Uri.EscapeDataString(skill)}")}", ct);
            Directory = found.Value?.Items ?? [];
        }
    }

    public async Task<IActionResult> OnPostInviteAsync(Guid partnerFirmId, CancellationToken ct) =>
        await AfterAsync(await Gateway.SendAsync(HttpMethod.Post, "/api/network/partnerships", new { partnerFirmId }, ct), "Invitation sent.", () => OnGetAsync(ct));

    public async Task<IActionResult> OnPostAnswerAsync(Guid id, string answer, CancellationToken ct) =>
        await AfterAsync(await Gateway.SendAsync(HttpMethod.Post, $"/api/network/partnerships/{id}/{(answer == "accept" ? "accept" : "decline")}", null, ct),
            answer == "accept" ? "Partnership accepted; platform terms apply until you agree your own." : "Invitation declined.", () => OnGetAsync(ct));

    public async Task<IActionResult> OnPostEndAsync(Guid id, string reason, CancellationToken ct) =>
        await AfterAsync(await Gateway.SendAsync(HttpMethod.Post, $"/api/network/partnerships/{id}/end", new { reason }, ct), "Partnership ended.", () => OnGetAsync(ct));

    /// <summary>
    /// New terms go to the other firm as a proposal; nothing binds it until its Owner accepts. Terms with problems come
    /// back with all of them at once beside their fields, everything typed kept and the form open.
    /// </summary>
    public async Task<IActionResult> OnPostAgreementAsync(Guid id, AgreementForm agreement, CancellationToken ct)
    {
        ModelState.Clear(); // every field is text: the form's own words below say what is wrong
        var problems = agreement.Check();
        if (problems.Count == 0)
        {
            var proposed = await Gateway.SendAsync<PartnershipItem>(HttpMethod.Put, $"/api/network/partnerships/{id}/agreement", agreement.Body(), ct);
            if (proposed.Problem is not { } refused)
            {
                var name = (await Gateway.FirmNamesAsync([proposed.Value!.PartnerFirmId], ct)).GetValueOrDefault(proposed.Value.PartnerFirmId, "the other firm");
                return Done($"Proposal v{proposed.Value.Proposal?.Version} sent: {name}'s Owner accepts or rejects it; until then the terms in force stay.");
            }
            foreach (var (field, messages) in refused.Errors)
            {
                if (AgreementForm.FieldOf(field) is var (mine, words))
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
        }
        foreach (var (field, message) in problems)
        {
            ModelState.AddModelError(field, message);
        }
        (Refused, Typed) = (id, agreement);
        await OnGetAsync(ct);
        return Page();
    }

    /// <summary>The other firm's Owner accepts or rejects a proposal (with a reason); the proposer withdraws its own.</summary>
    public async Task<IActionResult> OnPostProposalAsync(Guid id, int version, string answer, string? reason, CancellationToken ct)
    {
        var (path, body, notice) = answer switch
        {
            "accept" => ("accept", null, $"Agreement v{version} is in force: new offers carry these terms; referrals already accepted keep theirs."),
            "withdraw" => ("reject", new { reason = string.IsNullOrWhiteSpace(reason) ? $"Withdrawn by {Me.FirmName}." : reason.Trim() },
                $"Proposal v{version} withdrawn; the terms in force stay."),
            _ => ("reject", (object?)new { reason = reason?.Trim() }, $"Proposal v{version} rejected; the other firm sees your reason."),
        };
        return await AfterAsync(await Gateway.SendAsync(HttpMethod.Post, $"/api/network/partnerships/{id}/agreement/{version}/{path}", body, ct), notice, () => OnGetAsync(ct));
    }
}

/// <summary>A partnership as Network shows it to one of its firms: the terms in force, a proposal waiting for an answer, and every version.</summary>
public sealed record PartnershipItem(Guid Id, Guid PartnerFirmId, bool InvitedByUs, string Status, string Message, AgreementItem? Agreement,
    AgreementItem? Proposal, List<AgreementItem>? History)
{
    public IReadOnlyList<AgreementItem> Versions => History ?? [];
}

/// <summary>One version of the terms: Proposed, Accepted, Rejected or Withdrawn, by whom (us or them), and the answer.</summary>
public sealed record AgreementItem(int Version, List<string> EngagementModes, string FeeKind, decimal? FeePercent, decimal? FeeAmount, string? FeeCurrency,
    int NonSolicitMonths, int ResponseSlaBusinessHours, int MaxConcurrentReferrals, string Status = "Accepted", bool ProposedByUs = false,
    DateTimeOffset ChangedAt = default, DateTimeOffset? AnsweredAt = null, string? AnswerReason = null);
public sealed record DirectoryPage(List<DirectoryItem> Items);
public sealed record DirectoryItem(Guid FirmId, string Name, string TimeZone, DirectorySkill? Skill);
public sealed record DirectorySkill(string SkillId, int Level, bool Verified);
