using System.Globalization;
using Marketplace.Portal.Gateway;
using Marketplace.Portal.Pages.Referrals;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Portal.Pages.Partner;

/// <summary>
/// The partner's capacity as a resource planner shows it: each engineer × week with closed days, time off, booked and held
/// work (linked to its referral) and what is free, time off set from the cell itself; the firm's weekly totals above it.
/// </summary>
public sealed class CapacityModel(GatewayClient gateway) : PortalPage(gateway)
{
    private const int WeeksShown = 12;
    /// <summary>The engineer grid shows this many weeks at a time; "later weeks" moves it on (no script needed).</summary>
    public const int GridWeeks = 6;

    public List<EngineerItem> Engineers { get; private set; } = [];
    public List<WeekItem> Weeks { get; private set; } = [];
    /// <summary>The engineer × week grid for the weeks from <see cref="From"/>.</summary>
    public GridItem Grid { get; private set; } = new([], []);
    public List<ClaimItem> FirmSkills { get; private set; } = [];
    public EngineerItem? Editing { get; private set; }
    public Dictionary<Guid, List<TimeOffItem>> TimeOff { get; private set; } = [];
    /// <summary>The referrals the firm's holds and bookings are for, by id (the partner sees each referral it won).</summary>
    public Dictionary<Guid, string> Referrals { get; private set; } = [];
    public DateOnly? From { get; private set; }

    public string JobOf(Guid referral) => Referrals.GetValueOrDefault(referral) ?? "a referral";

    public static string Day(DateOnly d, string format = "d MMM") => d.ToString(format, CultureInfo.InvariantCulture);

    public async Task OnGetAsync(Guid? edit, DateOnly? from, CancellationToken ct)
    {
        From = from;
        var skills = Gateway.GetAsync<PartnerSkills>($"/api/catalog/partners/{Me.FirmId}/skills", ct);
        var referrals = Gateway.GetAsync<List<ReferralItem>>("/api/matching/referrals", ct);
        var firm = await Gateway.GetAsync<GridItem>($"/api/scheduling/capacity-grid?weeks={WeeksShown}", ct);
        var all = Failed(firm) ? new GridItem([], []) : firm.Value ?? new([], []);
        Engineers = [.. all.Engineers.Select(e => new EngineerItem(e.Id, e.Name, e.HoursPerWeek, e.Skills))];
        Editing = Engineers.FirstOrDefault(e => e.Id == edit);
        // The firm's totals per week; its closed days are the same for every engineer, so each week names them once.
        Weeks = [.. all.Weeks.Select((week, i) => new WeekItem(week,
            all.Engineers.Sum(e => e.Weeks[i].CapacityHours), all.Engineers.Sum(e => e.Weeks[i].BookedHours), all.Engineers.Sum(e => e.Weeks[i].HeldHours),
            all.Engineers.Sum(e => e.Weeks[i].FreeHours), [.. all.Engineers.SelectMany(e => e.Weeks[i].ClosedDays).DistinctBy(d => d.Date).OrderBy(d => d.Date)],
            all.Engineers.Sum(e => e.Weeks[i].TimeOffHours)))];
        Grid = from is { } start && (all.Weeks.Count == 0 || start < all.Weeks[0] || start > all.Weeks[^1].AddDays(6))
            ? (await Gateway.GetAsync<GridItem>($"/api/scheduling/capacity-grid?weeks={GridWeeks}&from={start:yyyy-MM-dd}", ct)).Value ?? new([], [])
            : Window(all, from);
        FirmSkills = (await skills).Value?.Claims ?? [];
        Referrals = ((await referrals).Value ?? []).ToDictionary(r => r.Id, r => r.Summary);
        var timeOff = await Task.WhenAll(Engineers.Select(e => Gateway.GetAsync<List<TimeOffItem>>($"/api/scheduling/engineers/{e.Id}/time-off", ct)));
        TimeOff = Engineers.Zip(timeOff).ToDictionary(p => p.First.Id, p => p.Second.Value ?? []);
    }

    /// <summary><see cref="GridWeeks"/> weeks of the grid already loaded, from the week <paramref name="from"/> falls in (default: the first).</summary>
    private static GridItem Window(GridItem all, DateOnly? from)
    {
        var skip = from is { } f ? Math.Max(0, all.Weeks.FindLastIndex(w => w <= f)) : 0;
        return new([.. all.Weeks.Skip(skip).Take(GridWeeks)],
            [.. all.Engineers.Select(e => e with { Weeks = [.. e.Weeks.Skip(skip).Take(GridWeeks)] })]);
    }

    /// <summary>The first day a week's time off can start: its Monday, or today in a week already begun (time off that is over changes nothing).</summary>
    public static DateOnly FirstAwayDay(DateOnly week)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return week < today ? today : week;
    }

    /// <summary>Time off takes the share of working time away from those weeks; refused where hours are already promised.</summary>
    public async Task<IActionResult> OnPostAddTimeOffAsync(Guid engineerId, string? first, string? last, string? reason, DateOnly? from, CancellationToken ct)
    {
        // Said in words here, before the API's field names could be: the dates come from a small form in each cell.
        if (TimeOffProblem(first, last) is { } problem)
        {
            ModelState.AddModelError("", problem);
            await OnGetAsync(null, from, ct);
            return Page();
        }
        var (start, end) = (DateOnly.ParseExact(first!, "yyyy-MM-dd", CultureInfo.InvariantCulture), DateOnly.ParseExact(last!, "yyyy-MM-dd", CultureInfo.InvariantCulture));
        return await AfterAsync(await Gateway.SendAsync(HttpMethod.Post, $"/api/scheduling/engineers/{engineerId}/time-off", new { first = start, last = end, reason = reason ?? "" }, ct),
            $"Time off added ({Day(start, "ddd d MMM")} to {Day(end, "ddd d MMM")}); the weeks below show what is left.", () => OnGetAsync(null, from, ct), Route(from));
    }

    /// <summary>What is wrong with a time-off form's dates, in a person's words, or null.</summary>
    public static string? TimeOffProblem(string? first, string? last)
    {
        static DateOnly? Date(string? text) =>
            DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        if (Date(first) is not { } start || Date(last) is not { } end)
        {
            return "Give the first and the last day away as dates.";
        }
        if (end < start)
        {
            return "The last day away is before the first.";
        }
        if (end.DayNumber - start.DayNumber >= 366)
        {
            return "Add at most a year of time off at once.";
        }
        return start.Year > DateTime.UtcNow.Year + 2 ? "Time off can be planned up to two years ahead." : null;
    }

    public async Task<IActionResult> OnPostRemoveTimeOffAsync(Guid engineerId, Guid timeOffId, DateOnly? from, CancellationToken ct) =>
        await AfterAsync(await Gateway.SendAsync<Unit>(HttpMethod.Delete, $"/api/scheduling/engineers/{engineerId}/time-off/{timeOffId}", null, ct),
            "Time off removed.", () => OnGetAsync(null, from, ct), Route(from));

    public async Task<IActionResult> OnPostAsync(Guid engineerId, string name, int hoursPerWeek, List<string>? skills, CancellationToken ct)
    {
        var saved = await Gateway.SendAsync(HttpMethod.Put, $"/api/scheduling/engineers/{engineerId}/capacity",
            new { name, hoursPerWeek, skills = skills ?? [] }, ct);
        return await AfterAsync(saved, $"Saved: {name}, {hoursPerWeek} h a week.", () => OnGetAsync(null, null, ct));
    }

    private static object? Route(DateOnly? from) => from is { } f ? new { from = f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) } : null;
}

public sealed record EngineerItem(Guid Id, string Name, int HoursPerWeek, List<string> Skills);
public sealed record TimeOffItem(Guid Id, DateOnly First, DateOnly Last, string Reason);

/// <param name="ClosedDays">Working weekdays the firm is closed that week: public holidays by name, its own closing days as "Closed".</param>
public sealed record WeekItem(DateOnly Week, int CapacityHours, int BookedHours, int HeldHours, int FreeHours, List<ClosedDayItem>? ClosedDays = null, int TimeOffHours = 0)
{
    /// <summary>"Thu 24 Dec: your closing day; Fri 25 Dec: Christmas", or "" for a week without closed days.</summary>
    public string Closed => ClosedDayItem.Words(ClosedDays);
}

public sealed record ClosedDayItem(DateOnly Date, string Name)
{
    /// <summary>What Scheduling calls one of the firm's own closing days (a public holiday has its own name).</summary>
    private const string OwnClosingDay = "Closed";

    public static string Words(IEnumerable<ClosedDayItem>? days) => string.Join("; ", (days ?? []).Select(d =>
        $"{d.Date.ToString("ddd d MMM", CultureInfo.InvariantCulture)}: {(d.Name == OwnClosingDay ? "your closing day" : d.Name)}"));
}

/// <summary>Scheduling's engineer × week grid of the firm.</summary>
public sealed record GridItem(List<DateOnly> Weeks, List<GridEngineerItem> Engineers);
public sealed record GridEngineerItem(Guid Id, string Name, int HoursPerWeek, List<string> Skills, List<GridCellItem> Weeks);
public sealed record GridCellItem(DateOnly Week, int CapacityHours, int BookedHours, int HeldHours, int TimeOffHours, int ClosedHours, int FreeHours,
    List<DateOnly> DaysOff, List<TimeOffItem> TimeOff, List<ClosedDayItem> ClosedDays, List<GridBlockItem> Blocks);
/// <param name="Status">"Booked" or "Held" (accepted, waiting for the referrer's confirmation until <see cref="ExpiresAt"/>).</param>
public sealed record GridBlockItem(Guid AllocationId, Guid ReferralId, string Status, int HoursPerWeek, DateOnly FirstWeek, int Weeks, DateTimeOffset? ExpiresAt);
public sealed record PartnerSkills(List<ClaimItem> Claims, List<HeldCertificationItem> Certifications);
public sealed record ClaimItem(string SkillId, string SkillName, int Level, string LevelName, int Years, bool Verified, DateOnly? VerifiedUntil, EvidenceItem? Evidence);
public sealed record EvidenceItem(string Description, List<string> Links);
/// <summary>A certification on the firm's own profile: the evidence it stated and the operator's review (Pending, Approved, Rejected or Expired).</summary>
public sealed record HeldCertificationItem(string CertificationId, string Name, string? Engineer, DateOnly ExpiresOn, bool Expired, Guid? Id = null,
    string? Vendor = null, string? CredentialId = null, string? VerificationLink = null, string? Status = null, string? RejectionReason = null, DateOnly? ExpiredOn = null);
