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
        app.MapGet("/api/catalog/levels", () => TypedResults.Ok(SkillLevels.All)).WithTags("Partner skills");
        app.MapGet("/api/catalog/certifications", ListCertifications).WithTags("Partner skills");
        var group = app.MapGroup("/api/catalog/partners").RequireAuthorization().WithTags("Partner skills");
        group.MapGet("/{firmId:guid}/skills", GetSkills);
        group.MapPut("/{firmId:guid}/skills", PutSkills);
        return group;
    }

    public static async Task<Ok<List<CertificationView>>> ListCertifications(CatalogDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Certifications.AsNoTracking().OrderBy(c => c.Vendor).ThenBy(c => c.Name)
            .Select(c => new CertificationView(c.Id, c.Name, c.Vendor, c.SkillIds)).ToListAsync(ct));

    /// <summary>Any member may read a partner's profile; engineers' names are shown only to their own firm.</summary>
    public static async Task<Results<Ok<PartnerSkillsView>, NotFound>> GetSkills(
        Guid firmId, ClaimsPrincipal user, CatalogDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var profile = await db.PartnerProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.FirmId == firmId, ct);
        if (profile is null)
        {
            return TypedResults.NotFound();
        }
        var lookup = await TaxonomyLookup.LoadAsync(db, ct);
        return TypedResults.Ok(PartnerSkillsView.From(profile, lookup, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), Caller.Of(user).FirmId == firmId));
    }

    /// <summary>The firm's Owner or Dispatcher replaces its claims and certifications; a full snapshot goes out.</summary>
    public static async Task<Results<Ok<PartnerSkillsView>, ValidationProblem, NotFound, ForbidHttpResult>> PutSkills(
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
        var validation = Validate(request, lookup);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        var profile = await db.PartnerProfiles.FirstOrDefaultAsync(p => p.FirmId == firmId, ct);
        if (profile is null)
        {
            profile = PartnerProfile.Create(firmId);
            db.PartnerProfiles.Add(profile);
        }
        var claims = (request.Claims ?? []).Select(c => new SkillClaim
        {
            FirmId = firmId, SkillId = lookup.Resolve(c.SkillId!)!, Level = c.Level!.Value, Years = c.Years ?? 0,
            EvidenceDescription = c.Evidence?.Description?.Trim() ?? "", EvidenceLinks = [.. c.Evidence?.Links ?? []],
        });
        var held = (request.Certifications ?? []).Select(h => new HeldCertification
        {
            FirmId = firmId, CertificationId = h.CertificationId!, Engineer = h.Engineer!.Trim(), ExpiresOn = h.ExpiresOn!.Value,
        });
        var changed = profile.Replace(claims, held, lookup.EvidencedSkills, clock);
        db.AddIntegrationEvent(changed, firmId.ToString());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(PartnerSkillsView.From(profile, lookup, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ownFirm: true));
    }

    private static Validation Validate(PartnerSkillsRequest request, TaxonomyLookup lookup)
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
            var links = c.Evidence?.Links ?? [];
            v.Require(c.SkillId is not null && lookup.Resolve(c.SkillId) is not null, $"claims[{i}].skillId", "No skill has this id.")
             .Require(c.Level is { } level && SkillLevels.IsValid(level), $"claims[{i}].level", "level must be 1 to 5 (see /api/catalog/levels).")
             .Require(c.Years is null or (>= 0 and <= 60), $"claims[{i}].years", "years must be 0 to 60.")
             .Text(c.Evidence?.Description, $"claims[{i}].evidence.description", SkillClaim.MaxDescription, required: false)
             .Require(links.Count <= SkillClaim.MaxLinks, $"claims[{i}].evidence.links", $"At most {SkillClaim.MaxLinks} links.")
             .Require(links.All(IsWebLink), $"claims[{i}].evidence.links", $"Links must be absolute http(s) addresses of at most {SkillClaim.MaxLink} characters.");
        }
        for (var i = 0; i < held.Count && i < MaxCertifications; i++)
        {
            var h = held[i];
            v.Require(h.CertificationId is not null && lookup.Certifications.ContainsKey(h.CertificationId), $"certifications[{i}].certificationId", "No certification has this id (see /api/catalog/certifications).")
             .Text(h.Engineer, $"certifications[{i}].engineer", HeldCertification.MaxEngineer)
             .Require(h.ExpiresOn is not null, $"certifications[{i}].expiresOn", "expiresOn is required (YYYY-MM-DD).");
        }
        return v;
    }

    private static bool IsWebLink(string? link) =>
        link is { Length: <= SkillClaim.MaxLink } && Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http";
}

public sealed record PartnerSkillsRequest(IReadOnlyList<ClaimRequest>? Claims, IReadOnlyList<HeldCertificationRequest>? Certifications);
public sealed record ClaimRequest(string? SkillId, int? Level, int? Years, EvidenceRequest? Evidence);
public sealed record EvidenceRequest(string? Description, IReadOnlyList<string>? Links);
public sealed record HeldCertificationRequest(string? CertificationId, string? Engineer, DateOnly? ExpiresOn);

public sealed record CertificationView(string Id, string Name, string Vendor, IReadOnlyList<string> SkillIds);

public sealed record PartnerSkillsView(Guid FirmId, IReadOnlyList<ClaimView> Claims, IReadOnlyList<HeldCertificationView> Certifications, DateTimeOffset UpdatedAt)
{
    public static PartnerSkillsView From(PartnerProfile profile, TaxonomyLookup lookup, DateOnly today, bool ownFirm)
    {
        var skills = profile.Skills(lookup.EvidencedSkills, today).ToDictionary(s => s.SkillId);
        var claims = profile.Claims.OrderByDescending(c => c.Level).ThenBy(c => c.SkillId, StringComparer.Ordinal).Select(c => new ClaimView(
            c.SkillId, lookup.SkillNames.GetValueOrDefault(c.SkillId, c.SkillId), c.Level, SkillLevels.All[c.Level - 1].Name, c.Years,
            skills[c.SkillId].Verified, skills[c.SkillId].VerifiedUntil, new EvidenceView(c.EvidenceDescription, c.EvidenceLinks))).ToList();
        var certifications = profile.Certifications.OrderBy(h => h.ExpiresOn).Select(h => new HeldCertificationView(
            h.CertificationId, lookup.Certifications.GetValueOrDefault(h.CertificationId)?.Name ?? h.CertificationId,
            ownFirm ? h.Engineer : null, h.ExpiresOn, h.ExpiresOn < today)).ToList();
        return new PartnerSkillsView(profile.FirmId, claims, certifications, profile.UpdatedAt);
    }
}

public sealed record ClaimView(string SkillId, string SkillName, int Level, string LevelName, int Years, bool Verified, DateOnly? VerifiedUntil, EvidenceView Evidence);
public sealed record EvidenceView(string Description, IReadOnlyList<string> Links);
public sealed record HeldCertificationView(string CertificationId, string Name, string? Engineer, DateOnly ExpiresOn, bool Expired);
