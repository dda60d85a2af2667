using Marketplace.Network.Data;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Network.Directory;

public static class DirectoryApi
{
    public static RouteHandlerBuilder MapDirectoryApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/network/directory", Search).RequireAuthorization().WithTags("Directory");

    /// <summary>
    /// Firms that take referrals (and have a verified Owner), optionally only those claiming a skill at a minimum level, verified first.
    /// Paged by firm name with <c>limit</c>/<c>cursor</c>.
    /// </summary>
    public static async Task<Results<Ok<DirectoryPage>, ValidationProblem>> Search(
        string? skill, int? minLevel, bool? verifiedOnly, int? limit, string? cursor, NetworkDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var take = limit ?? 20;
        var validation = new Validation()
            .Require(take is >= 1 and <= 100, "limit", "limit must be 1 to 100.")
            .Require(minLevel is null or (>= 1 and <= 5), "minLevel", "minLevel must be 1 to 5.")
            .Require(skill is null || skill.Length <= 100, "skill", "skill must be a skill id of at most 100 characters.")
            .Require(cursor is null || cursor.Length <= 300, "cursor", "cursor is not one this API gave out.");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var level = minLevel ?? 1;
        // Firm.AcceptsReferrals: the firm's wish, once an Owner of it has verified their address.
        var firms = db.Firms.AsNoTracking().Where(f => f.TakesReferrals && f.OwnerVerified);
        if (skill is not null)
        {
            firms = firms.Where(f => db.DirectorySkills.Any(s => s.FirmId == f.Id && s.SkillId == skill && s.Level >= level
                && (verifiedOnly != true || (s.VerifiedUntil != null && s.VerifiedUntil >= today))));
        }
        if (cursor is not null)
        {
            firms = firms.Where(f => string.Compare(f.Name + "\u0001" + f.Id, cursor) > 0);
        }
        var page = await firms.OrderBy(f => f.Name).ThenBy(f => f.Id).Take(take + 1)
            .Select(f => new DirectoryEntry(f.Id, f.Name, f.Description, f.Regions, f.TimeZone,
                skill == null ? null : db.DirectorySkills.Where(s => s.FirmId == f.Id && s.SkillId == skill)
                    .Select(s => new DirectorySkillView(s.SkillId, s.Level, s.VerifiedUntil != null && s.VerifiedUntil >= today)).FirstOrDefault()))
            .ToListAsync(ct);
        var next = page.Count > take ? page[take - 1].Name + "\u0001" + page[take - 1].FirmId : null;
        return TypedResults.Ok(new DirectoryPage([.. page.Take(take)], next));
    }
}

public sealed record DirectoryPage(IReadOnlyList<DirectoryEntry> Items, string? NextCursor);
public sealed record DirectoryEntry(Guid FirmId, string Name, string Description, IReadOnlyList<string> Regions, string TimeZone, DirectorySkillView? Skill);
public sealed record DirectorySkillView(string SkillId, int Level, bool Verified);
