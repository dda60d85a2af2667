using Marketplace.Portal.Gateway;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Portal.Pages.Operator;

/// <summary>The operator's queue of stated certifications: oldest first, approve, or reject with a reason the partner sees.</summary>
public sealed class CertificationsModel(GatewayClient gateway) : PortalPage(gateway)
{
    private static readonly string[] Statuses = ["Pending", "Approved", "Rejected"];

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cursor { get; set; }

    public List<CertificationReviewItem> Reviews { get; private set; } = [];
    public string? NextCursor { get; private set; }
    private Dictionary<Guid, string> _names = [];

    public string NameOf(Guid firm) => _names.GetValueOrDefault(firm, "a firm");

    /// <summary>A partner-supplied address shown to the operator only as an https link, never as anything a browser would run.</summary>
    public static string? SafeLink(string? link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps ? uri.AbsoluteUri : null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Status = Statuses.FirstOrDefault(s => string.Equals(s, Status, StringComparison.OrdinalIgnoreCase)) ?? "Pending";
        var url = $"/api/catalog/certification-reviews?status={Status}&limit=50{(string.IsNullOrEmpty(Cursor) ? "" : $"&cursor={Uri.EscapeDataString(Cursor)}")}";
        var page = await Gateway.GetAsync<CertificationReviewPage>(url, ct);
        Reviews = Failed(page) ? [] : page.Value?.Items ?? [];
        NextCursor = page.Value?.NextCursor;
        _names = await Gateway.FirmNamesAsync(Reviews.Select(r => r.FirmId), ct);
    }

    public async Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct)
    {
        var approved = await Gateway.SendAsync<CertificationReviewItem>(HttpMethod.Post, $"/api/catalog/certification-reviews/{id}/approve", null, ct);
        return await AfterAsync(approved, $"Approved: {approved.Value?.CertificationName} of {approved.Value?.Engineer} now verifies the skills it covers.",
            () => OnGetAsync(ct), new { status = Status });
    }

    public async Task<IActionResult> OnPostRejectAsync(Guid id, string reason, CancellationToken ct)
    {
        var rejected = await Gateway.SendAsync<CertificationReviewItem>(HttpMethod.Post, $"/api/catalog/certification-reviews/{id}/reject", new { reason }, ct);
        return await AfterAsync(rejected, $"Rejected: the partner sees your reason beside {rejected.Value?.CertificationName}.", () => OnGetAsync(ct), new { status = Status });
    }
}

public sealed record CertificationReviewPage(List<CertificationReviewItem> Items, string? NextCursor);

/// <summary>A stated certification as the operator reviews it (Catalog's review view).</summary>
public sealed record CertificationReviewItem(Guid Id, Guid FirmId, string CertificationId, string CertificationName, string Vendor, string Engineer,
    string? CredentialId, string? VerificationLink, DateOnly ExpiresOn, DateTimeOffset SubmittedAt, string Status, string? RejectionReason,
    DateTimeOffset? ReviewedAt);
