using Marketplace.Catalog.Data;
using Marketplace.Catalog.Partners;
using Marketplace.Messaging;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Skills;

/// <summary>The platform's operators add, rename and merge skills.</summary>
public static class TaxonomyAdminApi
{
    public static RouteGroupBuilder MapTaxonomyAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/catalog/skills").RequireAuthorization(p => p.RequireRole(Roles.Admin)).WithTags("Taxonomy admin");
        group.MapPost("/", AddSkill);
        group.MapPut("/{id}", RenameSkill);
        group.MapPost("/{id}/merge", MergeSkill);
        return group;
    }

    public static async Task<Results<Created<SkillView>, ValidationProblem, ProblemHttpResult>> AddSkill(
        SkillRequest request, CatalogDbContext db, SkillIndex index, CancellationToken ct)
    {
        var validation = await ValidateAsync(request, db, ct);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var id = TaxonomySeed.Slug(request.Name!);
        if (id.Length is 0 or > 100)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["name"] = ["name must give an id of 1 to 100 letters, digits and dashes (its ASCII letters and digits make the id)."],
            });
        }
        if (await db.Skills.AnyAsync(s => s.Id == id, ct) || await db.SkillRedirects.AnyAsync(r => r.FromSkillId == id, ct))
        {
            return Problems.AlreadyExists($"A skill with the id '{id}' exists (or existed and was merged).");
        }
        var skill = new Skill { Id = id, Name = request.Name!.Trim(), CategoryId = request.CategoryId!, Aliases = Aliases(request) };
        db.Skills.Add(skill);
        db.IndexChanged(SkillIndex.Name);
        await db.SaveChangesAsync(ct);
        index.Invalidate();
        return TypedResults.Created($"/api/catalog/skills/{id}", SkillView.From(skill));
    }

    /// <summary>The id stays as it is, so every claim and link keeps working.</summary>
    public static async Task<Results<Ok<SkillView>, ValidationProblem, NotFound>> RenameSkill(
        string id, SkillRequest request, CatalogDbContext db, SkillIndex index, CancellationToken ct)
    {
        var skill = await db.Skills.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (skill is null)
        {
            return TypedResults.NotFound();
        }
        var validation = await ValidateAsync(request, db, ct);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        (skill.Name, skill.CategoryId) = (request.Name!.Trim(), request.CategoryId!);
        skill.Aliases.Clear();
        skill.Aliases.AddRange(Aliases(request));
        db.Entry(skill).Property(s => s.Aliases).IsModified = true;
        db.IndexChanged(SkillIndex.Name);
        await db.SaveChangesAsync(ct);
        index.Invalidate();
        return TypedResults.Ok(SkillView.From(skill));
    }

    /// <summary>
    /// Folds a skill into another: every claim moves (a firm claiming both keeps the stronger claim), certifications
    /// evidence the surviving skill, the old id redirects, and each affected partner's new snapshot goes out.
    /// </summary>
    public static async Task<Results<Ok<MergeResult>, ValidationProblem, NotFound>> MergeSkill(
        string id, MergeRequest request, CatalogDbContext db, SkillIndex index, TimeProvider clock, CancellationToken ct)
    {
        var source = await db.Skills.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (source is null)
        {
            return TypedResults.NotFound();
        }
        var target = request.Into is null ? null : await db.Skills.FirstOrDefaultAsync(s => s.Id == request.Into, ct);
        if (target is null || target.Id == source.Id)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["into"] = ["into must name another existing skill."] });
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The profiles first, in one order, as saves, reviews and the expiry job lock them (no deadlock with a partner
        // saving); then the skill, which a save holds shared while it claims it; then the profiles whose claims committed
        // in between. A save that comes later waits for the merge and finds the skill gone.
        FormattableString claimants = $"""
            SELECT 1 FROM "PartnerProfiles" WHERE "FirmId" IN (SELECT "FirmId" FROM "SkillClaims" WHERE "SkillId" = {source.Id}) ORDER BY "FirmId" FOR UPDATE
            """;
        await db.Database.ExecuteSqlAsync(claimants, ct);
        await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "Skills" WHERE "Id" = {source.Id} FOR UPDATE""", ct);
        await db.Database.ExecuteSqlAsync(claimants, ct);
        var profiles = await db.PartnerProfiles.Where(p => p.Claims.Any(c => c.SkillId == source.Id)).ToListAsync(ct);
        foreach (var profile in profiles)
        {
            profile.MergeClaims(source.Id, target.Id);
        }
        foreach (var certification in await db.Certifications.Where(c => c.SkillIds.Contains(source.Id)).ToListAsync(ct))
        {
            var skills = certification.SkillIds.Select(s => s == source.Id ? target.Id : s).Distinct().ToList();
            certification.SkillIds.Clear();
            certification.SkillIds.AddRange(skills);
            db.Entry(certification).Property(c => c.SkillIds).IsModified = true;
        }
        // Earlier merges into the source now lead to the target: one hop, always.
        await db.SkillRedirects.Where(r => r.ToSkillId == source.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.ToSkillId, target.Id), ct);
        db.SkillRedirects.Add(new SkillRedirect { FromSkillId = source.Id, ToSkillId = target.Id, MergedAt = clock.GetUtcNow() });
        target.Aliases.AddRange(source.Aliases.Append(source.Name).Where(a => !target.Aliases.Contains(a, StringComparer.OrdinalIgnoreCase)));
        db.Entry(target).Property(s => s.Aliases).IsModified = true;
        await db.SaveChangesAsync(ct); // claims moved before the source skill they pointed at goes
        db.Skills.Remove(source);
        await db.SaveChangesAsync(ct);

        var lookup = await TaxonomyLookup.LoadAsync(db, ct);
        foreach (var profile in profiles)
        {
            db.AddIntegrationEvent(profile.Snapshot(lookup.EvidencedSkills, clock), profile.FirmId.ToString());
        }
        db.IndexChanged(SkillIndex.Name);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        index.Invalidate();
        return TypedResults.Ok(new MergeResult(source.Id, target.Id, profiles.Count));
    }

    private static async Task<Validation> ValidateAsync(SkillRequest request, CatalogDbContext db, CancellationToken ct)
    {
        var aliases = request.Aliases ?? [];
        var validation = new Validation()
            .Text(request.Name, "name", 200)
            .Require(aliases.Count <= 20 && aliases.All(a => a is { Length: > 0 and <= 100 }), "aliases", "aliases takes at most 20 names of 1 to 100 characters.")
            .Require(request.CategoryId is not null, "categoryId", "categoryId is required.");
        if (request.CategoryId is not null && !await db.Categories.AnyAsync(c => c.Id == request.CategoryId, ct))
        {
            validation.Require(false, "categoryId", "No category has this id.");
        }
        return validation;
    }

    private static List<string> Aliases(SkillRequest request) =>
        [.. (request.Aliases ?? []).Select(a => a.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];
}

public sealed record SkillRequest(string? Name, string? CategoryId, IReadOnlyList<string>? Aliases);
public sealed record MergeRequest(string? Into);
public sealed record MergeResult(string MergedSkillId, string IntoSkillId, int PartnersMoved);
