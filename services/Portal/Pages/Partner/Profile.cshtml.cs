using System.Globalization;
using Marketplace.Portal.Gateway;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Portal.Pages.Partner;

/// <summary>The firm's public profile (Network) and the skills and certifications it claims (Catalog), each saved whole as the APIs expect.</summary>
public sealed class ProfileModel(GatewayClient gateway) : PortalPage(gateway)
{
    public static readonly (int Day, string Name)[] Days = [(1, "Mon"), (2, "Tue"), (3, "Wed"), (4, "Thu"), (5, "Fri"), (6, "Sat"), (7, "Sun")];

    public FirmItem? Firm { get; private set; }
    public List<HolidayCountryItem> HolidayCountries { get; private set; } = [];
    public PartnerSkills Skills { get; private set; } = new([], []);
    public List<SkillLevel> Levels { get; private set; } = [];
    public List<CertificationItem> Certifications { get; private set; } = [];

    private string SkillsUrl => $"/api/catalog/partners/{Me.FirmId}/skills";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var firm = Gateway.GetAsync<FirmItem>($"/api/network/firms/{Me.FirmId}", ct);
        var skills = Gateway.GetAsync<PartnerSkills>(SkillsUrl, ct);
        var levels = Gateway.LevelsAsync(ct);
        var certifications = Gateway.GetAsync<List<CertificationItem>>("/api/catalog/certifications", ct);
        var holidays = Gateway.GetAsync<List<HolidayCountryItem>>("/api/network/holiday-calendars", ct);
        Firm = (await firm).Value;
        HolidayCountries = (await holidays).Value ?? [];
        Skills = (await skills).Value ?? new([], []);
        Levels = await levels;
        Certifications = (await certifications).Value ?? [];
    }

    public async Task<IActionResult> OnPostProfileAsync(string name, string? description, string? regions, string timeZone, List<int> workingDays,
        string opensAt, string closesAt, bool takesReferrals, string? holidayCountry, string? holidayRegion, string? closingDays, CancellationToken ct)
    {
        var closing = (closingDays ?? "").Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var saved = await Gateway.SendAsync(HttpMethod.Put, $"/api/network/firms/{Me.FirmId}", new
        {
            name, description, timeZone, workingDays, opensAt, closesAt, takesReferrals,
            regions = (regions ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            // Sent together, always: what the form shows is what the firm keeps ("" clears the country).
            holidayCountry = holidayCountry ?? "", holidayRegion = holidayRegion ?? "", closingDays = closing,
        }, ct);
        return await AfterAsync(saved, "Profile saved.", async () =>
        {
            await OnGetAsync(ct);
            // Refused: the holiday settings come back as typed, beside their errors, to be corrected rather than typed again.
            Firm = Firm is null ? null : Firm with
            {
                HolidayCountry = string.IsNullOrEmpty(holidayCountry) ? null : holidayCountry,
                HolidayRegion = string.IsNullOrEmpty(holidayRegion) ? null : holidayRegion,
                ClosingDays = [.. closing],
            };
        });
    }

    /// <summary>The API's messages about one field, to show beside it (the summary at the top lists them too).</summary>
    public string? ErrorsOf(string field) =>
        ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : null;

    public async Task<IActionResult> OnPostAddSkillAsync(string skill, int level, int years, string? evidence, CancellationToken ct)
    {
        var current = await CurrentAsync(ct);
        if (await Gateway.ResolveSkillAsync(skill.Trim(), ct) is not { } id)
        {
            ModelState.AddModelError("", $"No skill in the catalogue matches '{skill}'.");
            await OnGetAsync(ct);
            return Page();
        }
        var claims = current.Claims.Where(c => c.SkillId != id).Select(Claim).Append(new { skillId = id, level, years, evidence = new { description = evidence ?? "", links = Array.Empty<string>() } });
        return await SaveSkillsAsync(claims, current.Certifications.Select(Held), "Skill added.", ct);
    }

    public async Task<IActionResult> OnPostRemoveSkillAsync(string skillId, CancellationToken ct)
    {
        var current = await CurrentAsync(ct);
        return await SaveSkillsAsync(current.Claims.Where(c => c.SkillId != skillId).Select(Claim), current.Certifications.Select(Held), "Skill removed.", ct);
    }

    public async Task<IActionResult> OnPostAddCertificationAsync(string certificationId, string engineer, DateOnly expiresOn, string? credentialId, string? verificationLink,
        CancellationToken ct)
    {
        var current = await CurrentAsync(ct);
        var added = new
        {
            certificationId, engineer, expiresOn,
            credentialId = string.IsNullOrWhiteSpace(credentialId) ? null : credentialId.Trim(),
            verificationLink = string.IsNullOrWhiteSpace(verificationLink) ? null : verificationLink.Trim(),
        };
        return await SaveSkillsAsync(current.Claims.Select(Claim), current.Certifications.Select(Held).Append(added),
            "Certification added: it counts as verified once the platform's operator has checked it.", ct);
    }

    public async Task<IActionResult> OnPostRemoveCertificationAsync(string certificationId, string engineer, string? credentialId, DateOnly? expiresOn, CancellationToken ct)
    {
        var current = await CurrentAsync(ct);
        bool Removed(HeldCertificationItem h) => h.CertificationId == certificationId && h.Engineer == engineer
            && (h.CredentialId ?? "") == (credentialId ?? "") && (expiresOn is null || h.ExpiresOn == expiresOn);
        return await SaveSkillsAsync(current.Claims.Select(Claim), current.Certifications.Where(h => !Removed(h)).Select(Held), "Certification removed.", ct);
    }

    private async Task<PartnerSkills> CurrentAsync(CancellationToken ct) => (await Gateway.GetAsync<PartnerSkills>(SkillsUrl, ct)).Value ?? new([], []);

    private static object Claim(ClaimItem c) => new { skillId = c.SkillId, level = c.Level, years = c.Years, evidence = c.Evidence };
    // Stated again exactly as on file (credential id and evidence included), a certification keeps the operator's review.
    private static object Held(HeldCertificationItem h) => new
    {
        certificationId = h.CertificationId, engineer = h.Engineer, expiresOn = h.ExpiresOn, credentialId = h.CredentialId, verificationLink = h.VerificationLink,
    };

    public DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public static string Review(HeldCertificationItem h) => h.Status switch
    {
        "Approved" => "verified by the operator",
        "Rejected" => "rejected by the operator",
        "Expired" => $"expired{(h.ExpiredOn is { } on ? $" after {on.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}" : "")}",
        "Pending" => "waiting for the operator's review",
        _ => h.Expired ? "expired" : "not reviewed",
    };

    public static string Verified(ClaimItem c) => !c.Verified ? ""
        : c.VerifiedUntil is { } until ? $", verified until {until.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}" : ", verified";

    public static string Tone(string? status) => status switch { "Approved" => "good", "Pending" => "wait", _ => "bad" };

    /// <summary>Only an https address is made a link.</summary>
    public static string? SafeLink(string? link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps ? uri.AbsoluteUri : null;

    private async Task<IActionResult> SaveSkillsAsync(IEnumerable<object> claims, IEnumerable<object> certifications, string notice, CancellationToken ct) =>
        await AfterAsync(await Gateway.SendAsync(HttpMethod.Put, SkillsUrl, new { claims, certifications }, ct), notice, () => OnGetAsync(ct));
}

public sealed record CertificationItem(string Id, string Name, string Vendor, List<string> SkillIds);
