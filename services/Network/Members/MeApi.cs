using System.Security.Claims;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Network.Members;

public static class MeApi
{
    public static RouteHandlerBuilder MapMeApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/network/me", Me).RequireAuthorization().WithTags("Members");

    /// <summary>Who the caller's token says they are.</summary>
    public static Ok<CallerView> Me(ClaimsPrincipal user)
    {
        var caller = Caller.Of(user);
        return TypedResults.Ok(new CallerView(caller.Subject, caller.FirmId, caller.Role, user.FindFirstValue(MarketplaceClaims.Name) ?? ""));
    }
}

public sealed record CallerView(string Subject, Guid FirmId, string Role, string Name);
