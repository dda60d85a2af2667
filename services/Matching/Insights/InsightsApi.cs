using System.Security.Claims;
using Marketplace.Matching.Data;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Marketplace.Matching.Insights;

public static class InsightsApi
{
    public static RouteGroupBuilder MapInsightsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/matching/insights").RequireAuthorization().WithTags("Insights");
        group.MapGet("/", Get).WithSummary("The firm's dashboard: as referrer (time to match, offers per partner, SLA, what would have helped, fees) and as partner (its mirror)");
        return group;
    }

    /// <summary>
    /// The caller's firm's figures over the last <c>days</c> days (7 to 365, default 90), whatever its member's role:
    /// there is no firm in the address, so a firm can only ever be shown its own.
    /// </summary>
    public static async Task<Results<Ok<FirmInsights>, ValidationProblem>> Get(string? days, ClaimsPrincipal user, MatchingDbContext db, TimeProvider clock,
        CancellationToken ct)
    {
        if (!InsightsWindow.TryDays(days, out var count))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["days"] = [InsightsWindow.Rule] });
        }
        var window = InsightsWindow.Ending(Instant.FromDateTimeOffset(clock.GetUtcNow()), count);
        return TypedResults.Ok(await InsightsQueries.ForFirmAsync(db, Caller.Of(user).FirmId, window, ct));
    }
}
