using Marketplace.Http;
using Marketplace.Scheduling.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Scheduling.Firms;

public static class FirmCalendarsApi
{
    public static RouteGroupBuilder MapFirmCalendarsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/scheduling/firms").RequireAuthorization().WithTags("Firms");
        group.MapGet("/{firmId:guid}", GetFirm);
        return group;
    }

    public static async Task<Results<Ok<SchedulingFirm>, NotFound>> GetFirm(Guid firmId, SchedulingDbContext db, CancellationToken ct) =>
        await db.FirmCalendars.AsNoTracking().FirstOrDefaultAsync(f => f.FirmId == firmId, ct) is { } f
            ? TypedResults.Ok(new SchedulingFirm(f.FirmId, f.Name, f.TimeZone))
            : TypedResults.NotFound();
}
