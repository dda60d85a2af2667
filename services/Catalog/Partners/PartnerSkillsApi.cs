using Marketplace.Contracts;
using System.Security.Claims;
using Marketplace.Catalog.Data;
using Marketplace.Messaging;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Partners;

public static class PartnerSkillsApi
{
    public const int MaxClaims = 200;
    public const int MaxCertifications = 100;

    public static RouteGroupBuilder MapPartnerSkillsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/catalog/levels", () => TypedResults.Ok(SkillLevels.All)).WithTags("Partner skills")
            .WithSummary("What each skill level 1–5 means");
        app.MapGet("/api/catalog/certifications", ListCertifications).WithTags("Partner skills")
            .WithSummary("The vendor certifications a partner can state, the skills each evidences and how long the vendor issues it for");
        var group = app.MapGroup("/api/catalog/partners").RequireAuthorization().WithTags("Partner skills");
        group.MapGet("/{firmId:guid}/skills", GetSkills)
            .WithSummary("A partner's skill claims and certifications; its own firm also sees engineers, evidence and each certification's review");
        group.MapPut("/{firmId:guid}/skills", PutSkills)
            .WithSummary("The firm's Owner or Dispatcher replaces its claims and certifications; new or changed certifications wait for the operator's review")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    public static async Task<Ok<List<CertificationView>>> ListCertifications(CatalogDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Certifications.AsNoTracking().OrderBy(c => c.Vendor).ThenBy(c => c.Name)
            .Select(c => new CertificationView(c.Id, c.Name, c.Vendor, c.SkillIds, c.MaxValidityYears)).ToListAsync(ct));

    /// <summary>
    /// Any member may read a partner's profile. Its own firm sees everything, each certification's review included;
    /// other firms see the claims with whether each is verified and only the certifications that verify them, never engineers.
    /// </summary>
    public static async Task<Results<Ok<PartnerSkillsView>, NotFound>> GetSkills(
        Guid firmId, ClaimsPrincipal user, CatalogDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var profile = await db.PartnerProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.FirmId == firmId, ct);
        if (profile is null)
        {
            return TypedResults.NotFound();
        }
        var lookup = await TaxonomyLookup.LoadAsync(db, ct);
        return TypedResults.Ok(PartnerSkillsView.From(profile, lookup, Today(clock), Caller.Of(user).FirmId == firmId));
    }

    /// <summary>
    /// The firm's Owner or Dispatcher replaces its claims and certifications; a full snapshot goes out. A certification
    /// stated exactly as before keeps its review; a new or changed one is Pending until the operator checks it.
    /// </summary>
    public static async Task<Results<Ok<PartnerSkillsView>, ValidationProblem, NotFound, ForbidHttpResult, ProblemHttpResult>> PutSkills(
        Guid firmId, PartnerSkillsRequest request, ClaimsPrincipal user, CatalogDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        if (caller.FirmId != firmId)
        {
            return TypedResults.NotFound();
        }
        if (!caller.CanDispatch)
        {
            return TypedResults.Forbid();
        }

        var lookup = await TaxonomyLookup.LoadAsync(db, ct);
        var today = Today(clock);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var profile = await LoadForUpdateAsync(db, firmId, ct);
        var held = (request.Certifications ?? []).Select(h => new HeldCertification
        {
            FirmId = firmId, CertificationId = h?.CertificationId ?? "", Engineer = h?.Engineer?.Trim() ?? "", ExpiresOn = h?.ExpiresOn ?? default,
            CredentialId = string.IsNullOrWhiteSpace(h?.CredentialId) ? null : h.CredentialId.Trim(),
            VerificationLink = string.IsNullOrWhiteSpace(h?.VerificationLink) ? null : h.VerificationLink.Trim(),
        }).ToList();
        var validation = Validate(request, lookup, today, i => profile?.HasOnFile(held[i]) == true);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        if (profile is null)
        {
            profile = PartnerProfile.Create(firmId);
            db.PartnerProfiles.Add(profile);
        }
        var claims = (request.Claims ?? []).Select(c => new SkillClaim
        {
            FirmId = firmId, SkillId = lookup.Resolve(c.SkillId!)!, Level = c.Level!.Value, Years = c.Years ?? 0,
            EvidenceDescription = c.Evidence?.Description?.Trim() ?? "", EvidenceLinks = [.. c.Evidence?.Links ?? []],
        }).ToList();
        // The taxonomy was read before the lock: the claimed skills are held (shared) until commit, so a merge waits for
        // this save or this save sees the merge, never half of it.
        var claimed = claims.Select(c => c.SkillId).Distinct().ToArray();
        if (await db.Database.SqlQuery<string>($"""SELECT "Id" AS "Value" FROM "Skills" WHERE "Id" = ANY({claimed}) FOR SHARE""").CountAsync(ct) != claimed.Length)
        {
            return Problems.ChangedConcurrently("A skill you claimed was merged into another at the same moment; load the skills again and repeat the change.");
        }
        var onFile = profile.Certifications.ToHashSet();
        var changed = profile.Replace(claims, held, lookup.EvidencedSkills, clock);
        db.AddIntegrationEvent(changed, firmId.ToString());
        db.ChangeTracker.DetectChanges(); // the new certifications get their ids
        foreach (var submitted in profile.Certifications.Where(h => !onFile.Contains(h) && h.Status == ReviewStatus.Pending))
        {
            // The platform's operators hear that evidence waits for their review (Notifications).
            db.AddIntegrationEvent(new CertificationReviewed(Guid.NewGuid(), clock.GetUtcNow(), firmId, submitted.Id,
                lookup.Certifications.GetValueOrDefault(submitted.CertificationId)?.Name ?? submitted.CertificationId, nameof(ReviewStatus.Pending), null),
                firmId.ToString());
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Two first saves of one profile at once: the other one won.
            return Problems.ChangedConcurrently("The profile was saved by someone else at the same moment; load it again and repeat the change.");
        }
        await tx.CommitAsync(ct);
        return TypedResults.Ok(PartnerSkillsView.From(profile, lookup, today, ownFirm: true));
    }

    /// <summary>
    /// The partner's profile, locked until the transaction ends: saves, reviews and the expiry job change one partner
    /// one at a time, so its snapshots leave in the order of the changes. Null when the firm has none yet.
    /// </summary>
    internal static async Task<PartnerProfile?> LoadForUpdateAsync(CatalogDbContext db, Guid firmId, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "PartnerProfiles" WHERE "FirmId" = {firmId} FOR UPDATE""", ct);
        return await db.PartnerProfiles.FirstOrDefaultAsync(p => p.FirmId == firmId, ct);
    }

    internal static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <param name="onFile">Whether certification i is stated exactly as one on file: it keeps its review, and the date rules (for new statements) do not apply to it.</param>
    private static Validation Validate(PartnerSkillsRequest request, TaxonomyLookup lookup, DateOnly today, Func<int, bool> onFile)
    {
        var claims = request.Claims ?? [];
        var held = request.Certifications ?? [];
        // A PUT replaces the whole profile: a body without the lists would wipe it by mistake.
        var v = new Validation()
            .Require(request.Claims is not null, "claims", "claims is required (send [] for none).")
            .Require(request.Certifications is not null, "certifications", "certifications is required (send [] for none).")
            .Require(claims.Count <= MaxClaims, "claims", $"At most {MaxClaims} claims.")
            .Require(held.Count <= MaxCertifications, "certifications", $"At most {MaxCertifications} certifications.");
        for (var i = 0; i < claims.Count && i < MaxClaims; i++)
        {
            var c = claims[i];
            v.Require(c is not null, $"claims[{i}]", "A claim is required here.");
            if (c is null)
            {
                continue;
            }
            var links = c.Evidence?.Links ?? [];
            v.Require(c.SkillId is not null && lookup.Resolve(c.SkillId) is not null, $"claims[{i}].skillId", "No skill has this id.")
             .Require(c.Level is { } level && SkillLevels.IsValid(level), $"claims[{i}].level", "level must be 1 to 5 (see /api/catalog/levels).")
             .Require(c.Years is null or (>= 0 and <= 60), $"claims[{i}].years", "years must be 0 to 60.")
             .Text(c.Evidence?.Description, $"claims[{i}].evidence.description", SkillClaim.MaxDescription, required: false)
             .Require(c.Evidence?.Description is null || !c.Evidence.Description.Contains('\0', StringComparison.Ordinal), $"claims[{i}].evidence.description", "The description cannot contain NUL characters.")
             .Require(links.Count <= SkillClaim.MaxLinks, $"claims[{i}].evidence.links", $"At most {SkillClaim.MaxLinks} links.")
             .Require(links.All(l => IsWebLink(l, SkillClaim.MaxLink)), $"claims[{i}].evidence.links", $"Links must be absolute http(s) addresses of at most {SkillClaim.MaxLink} characters.");
        }
        for (var i = 0; i < held.Count && i < MaxCertifications; i++)
        {
            var h = held[i];
            v.Require(h is not null, $"certifications[{i}]", "A certification is required here.");
            if (h is null)
            {
                continue;
            }
            var certification = h.CertificationId is null ? null : lookup.Certifications.GetValueOrDefault(h.CertificationId);
            v.Require(certification is not null, $"certifications[{i}].certificationId", "No certification has this id (see /api/catalog/certifications).")
             .Text(h.Engineer, $"certifications[{i}].engineer", HeldCertification.MaxEngineer)
             .Require(OneLine(h.Engineer), $"certifications[{i}].engineer", "engineer cannot contain control characters.")
             .Text(h.CredentialId, $"certifications[{i}].credentialId", HeldCertification.MaxCredentialId, required: false)
             .Require(OneLine(h.CredentialId), $"certifications[{i}].credentialId", "credentialId cannot contain control characters.")
             .Require(string.IsNullOrWhiteSpace(h.VerificationLink) || IsWebLink(h.VerificationLink.Trim(), HeldCertification.MaxVerificationLink, httpsOnly: true),
                $"certifications[{i}].verificationLink", $"verificationLink must be an absolute https address of at most {HeldCertification.MaxVerificationLink} characters.")
             .Require(h.ExpiresOn is not null, $"certifications[{i}].expiresOn", "expiresOn is required (YYYY-MM-DD).");
            if (h.ExpiresOn is not { } expires || certification is null || onFile(i))
            {
                continue;
            }
            // A new statement must be one the vendor could have issued: not lapsed, not beyond the vendor's validity.
            var latest = certification.LatestExpiry(today);
            v.Require(expires >= today, $"certifications[{i}].expiresOn", $"expiresOn {expires:yyyy-MM-dd} has passed; state a current certification.")
             .Require(expires <= latest, $"certifications[{i}].expiresOn",
                $"expiresOn can be at most {certification.MaxValidityYears} year(s) from today ({latest:yyyy-MM-dd}): {certification.Vendor} issues {certification.Name} for no longer.");
        }
        return v;
    }

    private static bool OneLine(string? text) => text is null || !text.Any(char.IsControl);

    private static bool IsWebLink(string? link, int maxLength, bool httpsOnly = false) =>
        link is not null && link.Length <= maxLength && OneLine(link) && Uri.TryCreate(link, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (!httpsOnly && uri.Scheme == Uri.UriSchemeHttp)) && uri.Host.Length > 0;
}

public sealed record PartnerSkillsRequest(IReadOnlyList<ClaimRequest>? Claims, IReadOnlyList<HeldCertificationRequest>? Certifications);
public sealed record ClaimRequest(string? SkillId, int? Level, int? Years, EvidenceRequest? Evidence);
public sealed record EvidenceRequest(string? Description, IReadOnlyList<string>? Links);
/// <param name="CredentialId">The credential's id or number on the vendor's record (optional, at most 100 characters).</param>
/// <param name="VerificationLink">An https address where the vendor shows the credential (optional, at most 500 characters).</param>
public sealed record HeldCertificationRequest(string? CertificationId, string? Engineer, DateOnly? ExpiresOn, string? CredentialId = null, string? VerificationLink = null);

/// <param name="MaxValidityYears">The furthest expiry a holder can state, in years from today.</param>
public sealed record CertificationView(string Id, string Name, string Vendor, IReadOnlyList<string> SkillIds, int MaxValidityYears);

public sealed record PartnerSkillsView(Guid FirmId, IReadOnlyList<ClaimView> Claims, IReadOnlyList<HeldCertificationView> Certifications, DateTimeOffset UpdatedAt)
{
    /// <param name="ownFirm">
    /// The firm reading its own profile sees every certification with its engineer, evidence and review; any other
    /// firm sees only the certifications that verify its claims today, without engineers or review details.
    /// </param>
    public static PartnerSkillsView From(PartnerProfile profile, TaxonomyLookup lookup, DateOnly today, bool ownFirm)
    {
        var skills = profile.Skills(lookup.EvidencedSkills, today).ToDictionary(s => s.SkillId);
        var claims = profile.Claims.OrderByDescending(c => c.Level).ThenBy(c => c.SkillId, StringComparer.Ordinal).Select(c => new ClaimView(
            c.SkillId, lookup.SkillNames.GetValueOrDefault(c.SkillId, c.SkillId), c.Level, SkillLevels.All[c.Level - 1].Name, c.Years,
            skills[c.SkillId].Verified, skills[c.SkillId].VerifiedUntil, new EvidenceView(c.EvidenceDescription, c.EvidenceLinks))).ToList();
        var certifications = profile.Certifications
            .Where(h => ownFirm || h.VerifiesOn(today))
            .OrderBy(h => h.ExpiresOn).ThenBy(h => h.CertificationId, StringComparer.Ordinal).ThenBy(h => h.SubmittedAt)
            .Select(h => ownFirm ? HeldCertificationView.Own(h, lookup, today) : HeldCertificationView.Public(h, lookup)).ToList();
        return new PartnerSkillsView(profile.FirmId, claims, certifications, profile.UpdatedAt);
    }
}

public sealed record ClaimView(string SkillId, string SkillName, int Level, string LevelName, int Years, bool Verified, DateOnly? VerifiedUntil, EvidenceView Evidence);
public sealed record EvidenceView(string Description, IReadOnlyList<string> Links);

/// <summary>
/// A certification on a profile. Its own firm sees all fields; other firms see only certificationId, name, vendor,
/// expiresOn and expired (the rest null), and only for certifications that verify claims.
/// </summary>
/// <param name="Id">What the operator's review refers to.</param>
/// <param name="Status">Pending, Approved, Rejected or Expired (an unrejected certification past its last valid day).</param>
/// <param name="RejectionReason">Why the operator refused it, when Rejected.</param>
/// <param name="ExpiredOn">The last valid day, when Expired.</param>
public sealed record HeldCertificationView(
    Guid? Id, string CertificationId, string Name, string Vendor, string? Engineer, string? CredentialId, string? VerificationLink,
    DateOnly ExpiresOn, bool Expired, CertificationStatus? Status, string? RejectionReason, DateOnly? ExpiredOn,
    DateTimeOffset? SubmittedAt, DateTimeOffset? ReviewedAt)
{
    public static HeldCertificationView Own(HeldCertification h, TaxonomyLookup lookup, DateOnly today)
    {
        var status = h.StatusOn(today);
        var (name, vendor) = Names(h, lookup);
        return new(h.Id, h.CertificationId, name, vendor, h.Engineer, h.CredentialId, h.VerificationLink, h.ExpiresOn, h.ExpiresOn < today,
            status, status == CertificationStatus.Rejected ? h.RejectionReason : null, status == CertificationStatus.Expired ? h.ExpiresOn : null,
            h.SubmittedAt, h.ReviewedAt);
    }

    public static HeldCertificationView Public(HeldCertification h, TaxonomyLookup lookup)
    {
        var (name, vendor) = Names(h, lookup);
        return new(null, h.CertificationId, name, vendor, null, null, null, h.ExpiresOn, false, null, null, null, null, null);
    }

    private static (string Name, string Vendor) Names(HeldCertification h, TaxonomyLookup lookup) =>
        lookup.Certifications.TryGetValue(h.CertificationId, out var c) ? (c.Name, c.Vendor) : (h.CertificationId, "");
}
