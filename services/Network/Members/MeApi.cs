using System.Security.Claims;
using Marketplace.Network.Data;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace Marketplace.Network.Members;

public static class MeApi
{
    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/network/me").RequireAuthorization().WithTags("Members");
        me.MapGet("", Me).WithSummary("Who the caller is, and whether their address is verified");
        me.MapGet("/session", Session).WithSummary("204 while the caller's session is current, 401 once it has ended");
        me.MapPost("/sign-out", SignOut).WithSummary("End every session of the caller");
        return app;
    }

    /// <summary>
    /// Who the caller's token says they are, with their address and whether they verified it (until then their firm,
    /// when they are its only Owner, takes no referrals). A machine client has no address: both are null.
    /// </summary>
    public static async Task<Ok<CallerView>> Me(ClaimsPrincipal user, NetworkDbContext db, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        var member = Guid.TryParse(caller.Subject, out var id)
            ? await db.Members.AsNoTracking().Where(m => m.Id == id).Select(m => new { m.Email, Verified = m.EmailVerifiedAt != null }).FirstOrDefaultAsync(ct)
            : null;
        return TypedResults.Ok(new CallerView(caller.Subject, caller.FirmId, caller.Role, user.FindFirstValue(MarketplaceClaims.Name) ?? "",
            member?.Email, member?.Verified));
    }

    /// <summary>
    /// 204 while the caller's session is current; 401 once it has ended (the member removed, their role changed, or
    /// signed out). The check itself is the one every request to Network gets (the token's security stamp against the
    /// member's): the other services ask here, with the caller's own token, and keep the answer for a few seconds.
    /// </summary>
    public static NoContent Session() => TypedResults.NoContent();

    /// <summary>
    /// Ends every session of the caller: a new security stamp (their access tokens are refused everywhere within the
    /// services' cache window) and a new sign-in stamp (no refresh token of theirs can be used again, and OpenIddict's
    /// records of them are revoked too). A machine client has no session to end: 204 all the same.
    /// </summary>
    public static async Task<NoContent> SignOut(ClaimsPrincipal user, NetworkDbContext db, IOpenIddictAuthorizationManager authorizations,
        IOpenIddictTokenManager tokens, CancellationToken ct)
    {
        var subject = Caller.Of(user).Subject;
        if (Guid.TryParse(subject, out var id) && await db.Members.FirstOrDefaultAsync(m => m.Id == id, ct) is { } member)
        {
            member.EndSessions();
            await db.SaveChangesAsync(ct); // this alone ends them; the revocations below only tidy the token store
            await tokens.RevokeBySubjectAsync(subject, ct);
            await authorizations.RevokeBySubjectAsync(subject, ct);
        }
        return TypedResults.NoContent();
    }
}

public sealed record CallerView(string Subject, Guid FirmId, string Role, string Name, string? Email, bool? EmailVerified);
