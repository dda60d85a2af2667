using Marketplace.Portal.Gateway;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Portal.Pages.Partner;

/// <summary>The partner's engineers and hours; the chart adds up Scheduling's booked, held and free hours per week over the firm.</summary>
public sealed class CapacityModel(GatewayClient gateway) : PortalPage(gateway)
{
    private const int WeeksShown = 12;

    public List<EngineerItem> Engineers { get; private set; } = [];
    public List<WeekItem> Weeks { get; private set; } = [];
    public List<ClaimItem> FirmSkills { get; private set; } = [];
    public EngineerItem? Editing { get; private set; }
    public Dictionary<Guid, List<TimeOffItem>> TimeOff { get; private set; } = [];

    public async Task OnGetAsync(Guid? edit, CancellationToken ct)
    {
        var skills = Gateway.GetAsync<PartnerSkills>($"/api/catalog/partners/{Me.FirmId}/skills", ct);
        var engineers = await Gateway.GetAsync<List<EngineerItem>>("/api/scheduling/engineers", ct);
        Engineers = Failed(engineers) ? [] : engineers.Value ?? [];
        Editing = Engineers.FirstOrDefault(e => e.Id == edit);
        var weeks = await Task.WhenAll(Engineers.Select(e => Gateway.GetAsync<List<WeekItem>>($"/api/scheduling/engineers/{e.Id}/weeks?weeks={WeeksShown}", ct)));
        // The firm's closed days are the same for every engineer: each week shows them once.
        Weeks = [.. weeks.SelectMany(w => w.Value ?? []).GroupBy(w => w.Week).OrderBy(g => g.Key)
            .Select(g => new WeekItem(g.Key, g.Sum(w => w.CapacityHours), g.Sum(w => w.BookedHours), g.Sum(w => w.HeldHours), g.Sum(w => w.FreeHours),
                [.. g.SelectMany(w => w.ClosedDays ?? []).DistinctBy(d => d.Date).OrderBy(d => d.Date)]))];
        FirmSkills = (await skills).Value?.Claims ?? [];
        var timeOff = await Task.WhenAll(Engineers.Select(e => Gateway.GetAsync<List<TimeOffItem>>($"/api/scheduling/engineers/{e.Id}/time-off", ct)));
        TimeOff = Engineers.Zip(timeOff).ToDictionary(p => p.First.Id, p => p.Second.Value ?? []);
    }

    /// <summary>Time off takes the share of working time away from those weeks; refused where hours are already promised.</summary>
    public async Task<IActionResult> OnPostAddTimeOffAsync(Guid engineerId, DateOnly first, DateOnly last, string? reason, CancellationToken ct) =>
        await AfterAsync(await Gateway.SendAsync(HttpMethod.Post, $"/api/scheduling/engineers/{engineerId}/time-off", new { first, last, reason = reason ?? "" }, ct),
            "Time off added; the weeks below show what is left.", () => OnGetAsync(null, ct));

    public async Task<IActionResult> OnPostRemoveTimeOffAsync(Guid engineerId, Guid timeOffId, CancellationToken ct) =>
        await AfterAsync(await Gateway.SendAsync<Unit>(HttpMethod.Delete, $"/api/scheduling/engineers/{engineerId}/time-off/{timeOffId}", null, ct),
            "Time off removed.", () => OnGetAsync(null, ct));

    public async Task<IActionResult> OnPostAsync(Guid engineerId, string name, int hoursPerWeek, List<string>? skills, CancellationToken ct)
    {
        var saved = await Gateway.SendAsync(HttpMethod.Put, $"/api/scheduling/engineers/{engineerId}/capacity",
            new { name, hoursPerWeek, skills = skills ?? [] }, ct);
        return await AfterAsync(saved, $"Saved: {name}, {hoursPerWeek} h a week.", () => OnGetAsync(null, ct));
    }
}

public sealed record EngineerItem(Guid Id, string Name, int HoursPerWeek, List<string> Skills);
public sealed record TimeOffItem(Guid Id, DateOnly First, DateOnly Last, string Reason);
/// <param name="ClosedDays">Working weekdays the firm is closed that week: public holidays by name, its own closing days as "Closed".</param>
public sealed record WeekItem(DateOnly Week, int CapacityHours, int BookedHours, int HeldHours, int FreeHours, List<ClosedDayItem>? ClosedDays = null)
{
    /// <summary>"Thu 24 Dec: your closing day; Fri 25 Dec: Christmas", or "" for a week without closed days.</summary>
    public string Closed => string.Join("; ", (ClosedDays ?? []).Select(d =>
        $"{d.Date.ToString("ddd d MMM", System.Globalization.CultureInfo.InvariantCulture)}: {(d.Name == OwnClosingDay ? "your closing day" : d.Name)}"));

    /// <summary>What Scheduling calls one of the firm's own closing days (a public holiday has its own name).</summary>
    private const string OwnClosingDay = "Closed";
}

public sealed record ClosedDayItem(DateOnly Date, string Name);
public sealed record PartnerSkills(List<ClaimItem> Claims, List<HeldCertificationItem> Certifications);
public sealed record ClaimItem(string SkillId, string SkillName, int Level, string LevelName, int Years, bool Verified, DateOnly? VerifiedUntil, EvidenceItem? Evidence);
public sealed record EvidenceItem(string Description, List<string> Links);
/// <summary>A certification on the firm's own profile: the evidence it stated and the operator's review (Pending, Approved, Rejected or Expired).</summary>
public sealed record HeldCertificationItem(string CertificationId, string Name, string? Engineer, DateOnly ExpiresOn, bool Expired, Guid? Id = null,
    string? Vendor = null, string? CredentialId = null, string? VerificationLink = null, string? Status = null, string? RejectionReason = null, DateOnly? ExpiredOn = null);
