using Marketplace.Matching.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Matching.Partners;

public static class PartnersApi
{
    public static RouteGroupBuilder MapPartnersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/matching/partners").RequireAuthorization().WithTags("Partners");
        group.MapGet("/{firmId:guid}", GetPartner);
        return group;
    }

    public static async Task<Results<Ok<PartnerView>, NotFound>> GetPartner(Guid firmId, MatchingDbContext db, CancellationToken ct) =>
        await db.Partners.AsNoTracking().FirstOrDefaultAsync(p => p.FirmId == firmId, ct) is { } p
            ? TypedResults.Ok(new PartnerView(p.FirmId, p.Name, p.TimeZone, p.TakesReferrals))
            : TypedResults.NotFound();
}

public sealed record PartnerView(Guid FirmId, string Name, string TimeZone, bool TakesReferrals);
