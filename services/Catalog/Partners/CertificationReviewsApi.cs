using Marketplace.Contracts;
using System.Globalization;
using System.Security.Claims;
using Marketplace.Catalog.Data;
using Marketplace.Messaging;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Partners;

/// <summary>
/// The platform's operators check the certifications partners state (credential id, the vendor's verification page)
/// and approve or reject each: only an approved, unexpired certification makes a claim verified.
/// </summary>
public static class CertificationReviewsApi
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static RouteGroupBuilder MapCertificationReviewsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/catalog/certification-reviews").RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .WithTags("Certification reviews");
        group.MapGet("/", ListReviews)
            .WithSummary("Operators: certifications by review status (Pending by default, oldest submission first), a page at a time");
        group.MapGet("/{id:guid}", GetReview)
            .WithSummary("Operators: one certification with its evidence and review");
        group.MapPost("/{id:guid}/approve", Approve)
            .WithSummary("Operators: confirm a pending certification; the claims it evidences become verified and the partner's snapshot goes out")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/reject", Reject)
            .WithSummary("Operators: refuse a pending certification with a reason the partner sees")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    /// <summary>
    /// Certifications in one review status (<c>Pending</c>, <c>Approved</c> or <c>Rejected</c>; default Pending), oldest
    /// submission first, paged with <c>limit</c> (1–100, default 20) and the <c>cursor</c> the previous page gave.
    /// The Pending queue leaves out certifications already past their last valid day: there is nothing left to approve.
    /// </summary>
    public static async Task<Results<Ok<CertificationReviewPage>, ValidationProblem>> ListReviews(
        string? status, int? limit, string? cursor, CatalogDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var take = limit ?? DefaultLimit;
        var wanted = ParseStatus(status ?? nameof(ReviewStatus.Pending));
        var after = cursor is null ? null : ParseCursor(cursor);
        var validation = new Validation()
            .Require(wanted is not null, "status", "status must be Pending, Approved or Rejected.")
            .Require(take is >= 1 and <= MaxLimit, "limit", $"limit must be 1 to {MaxLimit}.")
            .Require(cursor is null || after is not null, "cursor", "cursor is not one this API gave out.");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        var today = PartnerSkillsApi.Today(clock);
        var query = db.HeldCertifications.AsNoTracking().Where(h => h.Status == wanted!.Value);
        if (wanted == ReviewStatus.Pending)
        {
            query = query.Where(h => h.ExpiresOn >= today);
        }
        if (after is { } a)
        {
            query = query.Where(h => EF.Functions.GreaterThan(ValueTuple.Create(h.SubmittedAt, h.Id), ValueTuple.Create(a.SubmittedAt, a.Id)));
        }
        var page = await query
            .Join(db.Certifications, h => h.CertificationId, c => c.Id, (h, c) => new { Held = h, c.Name, c.Vendor })
            .OrderBy(x => x.Held.SubmittedAt).ThenBy(x => x.Held.Id).Take(take + 1)
            .ToListAsync(ct);
        var items = page.Take(take).Select(x => CertificationReviewView.From(x.Held, x.Name, x.Vendor, today)).ToList();
        var next = page.Count > take ? Cursor(items[^1]) : null;
        return TypedResults.Ok(new CertificationReviewPage(items, next));
    }

    public static async Task<Results<Ok<CertificationReviewView>, NotFound>> GetReview(Guid id, CatalogDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var found = await db.HeldCertifications.AsNoTracking().Where(h => h.Id == id)
            .Join(db.Certifications, h => h.CertificationId, c => c.Id, (h, c) => new { Held = h, c.Name, c.Vendor })
            .FirstOrDefaultAsync(ct);
        return found is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(CertificationReviewView.From(found.Held, found.Name, found.Vendor, PartnerSkillsApi.Today(clock)));
    }

    /// <summary>The certification counts from now until it expires; the partner's new snapshot goes out in the same transaction.</summary>
    public static Task<Results<Ok<CertificationReviewView>, NotFound, ProblemHttpResult>> Approve(
        Guid id, ClaimsPrincipal user, CatalogDbContext db, TimeProvider clock, CancellationToken ct) =>
        DecideAsync(id, user, db, clock, (profile, reviewer, lookup) => profile.Approve(id, reviewer, lookup.EvidencedSkills, clock), ct);

    /// <summary>The reason (required, at most 500 characters) is shown to the partner beside the certification.</summary>
    public static async Task<Results<Ok<CertificationReviewView>, ValidationProblem, NotFound, ProblemHttpResult>> Reject(
        Guid id, RejectRequest request, ClaimsPrincipal user, CatalogDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var reason = request.Reason?.Trim();
        var validation = new Validation()
            .Text(reason, "reason", HeldCertification.MaxRejectionReason)
            .Require(reason is null || !reason.Any(ch => char.IsControl(ch) && ch is not ('\n' or '\r' or '\t')), "reason", "reason cannot contain control characters.");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        return await DecideAsync(id, user, db, clock, (profile, reviewer, lookup) => profile.Reject(id, reviewer, reason!, lookup.EvidencedSkills, clock), ct) switch
        {
            { Result: Ok<CertificationReviewView> ok } => ok,
            { Result: NotFound notFound } => notFound,
            { Result: ProblemHttpResult problem } => problem,
            var other => throw new InvalidOperationException($"Unexpected result {other.Result}."),
        };
    }

    private static async Task<Results<Ok<CertificationReviewView>, NotFound, ProblemHttpResult>> DecideAsync(
        Guid id, ClaimsPrincipal user, CatalogDbContext db, TimeProvider clock,
        Func<PartnerProfile, Reviewer, TaxonomyLookup, ReviewResult> decide, CancellationToken ct)
    {
        var firmId = await db.HeldCertifications.Where(h => h.Id == id).Select(h => (Guid?)h.FirmId).FirstOrDefaultAsync(ct);
        if (firmId is null)
        {
            return TypedResults.NotFound();
        }
        var caller = Caller.Of(user);
        var reviewer = new Reviewer(caller.Subject.Length > HeldCertification.MaxReviewer ? caller.Subject[..HeldCertification.MaxReviewer] : caller.Subject, caller.FirmId);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var profile = await PartnerSkillsApi.LoadForUpdateAsync(db, firmId.Value, ct);
        var lookup = await TaxonomyLookup.LoadAsync(db, ct);
        // The profile may have been saved since: a certification restated differently is a new one, and this id is gone.
        var result = profile is null ? new ReviewResult(ReviewOutcome.NotFound) : decide(profile, reviewer, lookup);
        switch (result.Outcome)
        {
            case ReviewOutcome.NotFound:
                return TypedResults.NotFound();
            case ReviewOutcome.OwnFirm:
                return Problems.NotAllowed("Operators do not review their own firm's certifications: a verified badge means someone other than the claimant checked it.");
            case ReviewOutcome.AlreadyReviewed:
                return Problems.Conflict($"This certification was {result.Certification!.Status.ToString().ToLowerInvariant()} already, "
                    + $"at {result.Certification.ReviewedAt:O}. The partner restating it (changed) makes a new one to review.");
            case ReviewOutcome.Expired:
                return Problems.Conflict($"This certification has expired (its last valid day was {result.Certification!.ExpiresOn:yyyy-MM-dd}); there is nothing "
                    + "left to approve. Reject it, or wait for the partner to state the renewed one.");
        }

        db.AddIntegrationEvent(result.Changed!, firmId.Value.ToString());
        var held = result.Certification!;
        var certification = lookup.Certifications.GetValueOrDefault(held.CertificationId);
        // The partner's Owners hear of the verdict (Notifications).
        db.AddIntegrationEvent(new CertificationReviewed(Guid.NewGuid(), clock.GetUtcNow(), firmId.Value, held.Id, certification?.Name ?? held.CertificationId,
            held.Status.ToString(), held.RejectionReason), firmId.Value.ToString());
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(CertificationReviewView.From(held, certification?.Name ?? held.CertificationId, certification?.Vendor ?? "", PartnerSkillsApi.Today(clock)));
    }

    private static ReviewStatus? ParseStatus(string status) =>
        Enum.GetValues<ReviewStatus>().Select(s => (ReviewStatus?)s).FirstOrDefault(s => string.Equals(s.ToString(), status, StringComparison.OrdinalIgnoreCase));

    /// <summary>Keyset position: the last item's submission instant (ticks) and id.</summary>
    private static string Cursor(CertificationReviewView last) =>
        string.Create(CultureInfo.InvariantCulture, $"{last.SubmittedAt.UtcTicks}.{last.Id:N}");

    private static (DateTimeOffset SubmittedAt, Guid Id)? ParseCursor(string cursor)
    {
        var parts = cursor.Split('.');
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTimeOffset.MaxValue.UtcTicks
            && Guid.TryParseExact(parts[1], "N", out var id)
            ? (new DateTimeOffset(ticks, TimeSpan.Zero), id)
            : null;
    }
}

public sealed record RejectRequest(string? Reason);

public sealed record CertificationReviewPage(IReadOnlyList<CertificationReviewView> Items, string? NextCursor);

/// <summary>A certification as the operator reviews it: who claims it, the evidence, and the review so far.</summary>
/// <param name="Status">Pending, Approved, Rejected, or Expired (not rejected, past its last valid day).</param>
public sealed record CertificationReviewView(
    Guid Id, Guid FirmId, string CertificationId, string CertificationName, string Vendor, string Engineer, string? CredentialId,
    string? VerificationLink, DateOnly ExpiresOn, DateTimeOffset SubmittedAt, CertificationStatus Status, string? RejectionReason,
    DateTimeOffset? ReviewedAt, string? ReviewedBy)
{
    public static CertificationReviewView From(HeldCertification h, string name, string vendor, DateOnly today) => new(
        h.Id, h.FirmId, h.CertificationId, name, vendor, h.Engineer, h.CredentialId, h.VerificationLink, h.ExpiresOn, h.SubmittedAt,
        h.StatusOn(today), h.RejectionReason, h.ReviewedAt, h.ReviewedBy);
}
