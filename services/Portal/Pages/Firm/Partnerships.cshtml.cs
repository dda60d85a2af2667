using System.Globalization;
using Marketplace.Portal.Gateway;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Portal.Pages.Firm;

/// <summary>Partnerships (double opt-in) and their versioned agreements, and the directory to find new partners in.</summary>
public sealed class PartnershipsModel(GatewayClient gateway) : PortalPage(gateway)
{
    public List<PartnershipItem> Partnerships { get; private set; } = [];
    public List<DirectoryItem>? Directory { get; private set; }
    [BindProperty(SupportsGet = true)] public string? Skill { get; set; }
    private Dictionary<Guid, string> _names = [];

    public string NameOf(Guid firm) => _names.GetValueOrDefault(firm, "A firm");

    public static string Fee(AgreementItem a) => a.FeeKind switch
    {
        "Percent" => $"{a.FeePercent?.ToString("0.##", CultureInfo.InvariantCulture)} % of the job",
        "Flat" => $"{a.FeeAmount?.ToString("N2", CultureInfo.InvariantCulture)} {a.FeeCurrency} per job",
        _ => "none (we refer to each other)",
    };

    public async Task OnGetAsync(CancellationToken ct)
    {
        var list = await Gateway.GetAsync<List<PartnershipItem>>("/api/network/partnerships", ct);
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

    public async Task<IActionResult> OnPostAgreementAsync(Guid id, List<string>? modes, string feeKind, decimal? feePercent, decimal? feeAmount, string? feeCurrency,
        int sla, int maxConcurrent, int nonSolicitMonths, CancellationToken ct) =>
        await AfterAsync(await Gateway.SendAsync(HttpMethod.Put, $"/api/network/partnerships/{id}/agreement", new
        {
            engagementModes = modes ?? [], feeKind, feePercent, feeAmount, feeCurrency = string.IsNullOrWhiteSpace(feeCurrency) ? null : feeCurrency,
            responseSlaBusinessHours = sla, maxConcurrentReferrals = maxConcurrent, nonSolicitMonths,
        }, ct), "Agreement saved as a new version; referrals already accepted keep the terms they were accepted under.", () => OnGetAsync(ct));
}

public sealed record PartnershipItem(Guid Id, Guid PartnerFirmId, bool InvitedByUs, string Status, string Message, AgreementItem? Agreement);
public sealed record AgreementItem(int Version, List<string> EngagementModes, string FeeKind, decimal? FeePercent, decimal? FeeAmount, string? FeeCurrency,
    int NonSolicitMonths, int ResponseSlaBusinessHours, int MaxConcurrentReferrals);
public sealed record DirectoryPage(List<DirectoryItem> Items);
public sealed record DirectoryItem(Guid FirmId, string Name, string TimeZone, DirectorySkill? Skill);
public sealed record DirectorySkill(string SkillId, int Level, bool Verified);
