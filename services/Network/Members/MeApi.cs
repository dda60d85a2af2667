using System.Security.Claims;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Network.Members;

public static class MeApi
{
    public static RouteHandlerBuilder MapMeApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/network/me", Me).RequireAuthorization().WithTags("Members");

    /// <summary>Who the caller's token says they are.</summary>
    public static Ok<CallerView> Me(ClaimsPrincipal user) => TypedResults.Ok(new CallerView(
        user.FindFirstValue(MarketplaceClaims.Subject) ?? "",
        Guid.TryParse(user.FindFirstValue(MarketplaceClaims.FirmId), out var firm) ? firm : Guid.Empty,
        user.FindFirstValue(MarketplaceClaims.Role) ?? "",
        user.FindFirstValue(MarketplaceClaims.Name) ?? ""));
}

public sealed record CallerView(string Subject, Guid FirmId, string Role, string Name);
