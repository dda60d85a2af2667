using Marketplace.Catalog.Data;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Skills;

public static class SkillsApi
{
    public static RouteGroupBuilder MapSkillsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/catalog").WithTags("Skills");
        group.MapGet("/skills", SearchSkills);
        group.MapGet("/skills/{id}", GetSkill);
        group.MapGet("/categories", ListCategories);
        return group;
    }

    /// <summary>Typeahead when <paramref name="q"/> is given; otherwise every skill, a page at a time.</summary>
    public static async Task<Results<Ok<SkillPage>, ValidationProblem>> SearchSkills(
        string? q, int? limit, string? cursor, SkillIndex index, CatalogDbContext db, CancellationToken ct)
    {
        var take = limit ?? 10;
        var validation = new Validation()
            .Require(take is >= 1 and <= 100, "limit", "limit must be between 1 and 100.")
            .Require(q is null || q.Length <= 100, "q", "q must be at most 100 characters.");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var search = await index.GetAsync(ct);
            return TypedResults.Ok(new SkillPage(search.Search(q, take), null));
        }

        var page = await db.Skills.AsNoTracking()
            .Where(s => cursor == null || string.Compare(s.Id, cursor) > 0)
            .OrderBy(s => s.Id).Take(take + 1)
            .Join(db.Categories, s => s.CategoryId, c => c.Id, (s, c) => new SkillHit(s.Id, s.Name, c.Id, c.Name, null, 0))
            .ToListAsync(ct);
        var next = page.Count > take ? page[take - 1].Id : null;
        return TypedResults.Ok(new SkillPage(page.Take(take).ToList(), next));
    }

    /// <summary>A merged skill's old id answers with the skill that absorbed it.</summary>
    public static async Task<Results<Ok<SkillView>, NotFound>> GetSkill(string id, CatalogDbContext db, CancellationToken ct)
    {
        var target = await db.SkillRedirects.AsNoTracking().Where(r => r.FromSkillId == id).Select(r => r.ToSkillId).FirstOrDefaultAsync(ct) ?? id;
        return await db.Skills.AsNoTracking().FirstOrDefaultAsync(s => s.Id == target, ct) is { } s
            ? TypedResults.Ok(SkillView.From(s))
            : TypedResults.NotFound();
    }

    public static async Task<Ok<List<CategoryView>>> ListCategories(CatalogDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Categories.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new CategoryView(c.Id, c.Name, c.Aliases, db.Skills.Count(s => s.CategoryId == c.Id)))
            .ToListAsync(ct));
}

public sealed record SkillPage(IReadOnlyList<SkillHit> Items, string? NextCursor);
public sealed record SkillView(string Id, string Name, string CategoryId, IReadOnlyList<string> Aliases)
{
    public static SkillView From(Skill s) => new(s.Id, s.Name, s.CategoryId, s.Aliases);
}
public sealed record CategoryView(string Id, string Name, IReadOnlyList<string> Aliases, int SkillCount);
