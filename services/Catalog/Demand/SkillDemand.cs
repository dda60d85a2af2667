using Marketplace.Calendar;
using Marketplace.Catalog.Data;
using Marketplace.Contracts;
using Marketplace.Messaging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Catalog.Demand;

/// <summary>How many referrals asked for a skill in a week: what the taxonomy's curators and partners look at to see demand.</summary>
public sealed class SkillDemand
{
    public string SkillId { get; init; } = "";
    public LocalDate WeekStart { get; init; }
    public int Referrals { get; set; }
}

/// <summary>Counts each posted referral once per skill (the inbox drops a redelivery).</summary>
public sealed class ReferralPostedConsumer(CatalogDbContext db, TimeProvider clock) : InboxConsumer<ReferralPosted, CatalogDbContext>(db, clock)
{
    protected override async Task HandleAsync(ReferralPosted message, CancellationToken ct)
    {
        var week = WorkingWeek.WeekStart(LocalDate.FromDateTime(message.OccurredAt.UtcDateTime));
        foreach (var skill in message.SkillIds.Distinct())
        {
            await Db.Database.ExecuteSqlAsync($"""
                INSERT INTO "SkillDemands" ("SkillId", "WeekStart", "Referrals") VALUES ({skill}, {week}, 1)
                ON CONFLICT ("SkillId", "WeekStart") DO UPDATE SET "Referrals" = "SkillDemands"."Referrals" + 1
                """, ct);
        }
    }
}

public sealed class ReferralPostedConsumerDefinition : InboxConsumerDefinition<ReferralPostedConsumer>;

public static class DemandApi
{
    public static RouteGroupBuilder MapDemandApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/catalog/demand").RequireAuthorization().WithTags("Demand");
        group.MapGet("/", MostWanted);
        return group;
    }

    /// <summary>The skills most asked for in referrals over the last <c>weeks</c> weeks (default 4).</summary>
    public static async Task<Results<Ok<List<DemandView>>, ValidationProblem>> MostWanted(int? weeks, CatalogDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var span = weeks ?? 4;
        if (span is < 1 or > 52)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["weeks"] = ["weeks must be 1 to 52."] });
        }
        var from = WorkingWeek.WeekStart(LocalDate.FromDateTime(clock.GetUtcNow().UtcDateTime)).PlusWeeks(1 - span);
        var top = await db.SkillDemands.Where(d => d.WeekStart >= from).GroupBy(d => d.SkillId)
            .Select(g => new { SkillId = g.Key, Referrals = g.Sum(d => d.Referrals) }).OrderByDescending(x => x.Referrals).Take(20)
            .Join(db.Skills, d => d.SkillId, s => s.Id, (d, s) => new DemandView(s.Id, s.Name, d.Referrals)).ToListAsync(ct);
        return TypedResults.Ok(top.OrderByDescending(d => d.Referrals).ToList());
    }
}

public sealed record DemandView(string SkillId, string Name, int Referrals);
