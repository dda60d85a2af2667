using System.Security.Claims;
using Marketplace.Network.Data;
using Marketplace.Network.Members;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Marketplace.Network.SignIn;

public static class TokenEndpoint
{
    public static IEndpointRouteBuilder MapTokenEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost("/connect/token", Exchange).ExcludeFromDescription().AllowAnonymous();
        return app;
    }

    /// <summary>What a refresh token that can no longer be used is told (the member removed, or signed out everywhere).</summary>
    public const string SessionEnded = "This session has ended; sign in again.";

    public static async Task<IResult> Exchange(HttpContext http, NetworkDbContext db, IOpenIddictApplicationManager applications,
        IOpenIddictTokenManager tokens, Microsoft.Extensions.Options.IOptions<SignInThrottleOptions> throttle, TimeProvider clock, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server did not handle this request.");

        if (request.IsPasswordGrantType())
        {
            var email = Member.NormalizeEmail(request.Username ?? "");
            // Something that cannot be an address (control characters, absurd length) is not looked up at all:
            // PostgreSQL refuses a NUL in text, and that must not become a 500.
            if (email.Length is 0 or > Member.MaxEmail || email.Any(char.IsControl))
            {
                Member.CheckAgainstNobody(request.Password ?? ""); // the same work as for an address that could be real
                return Reject(Errors.InvalidGrant, PasswordSignIn.WrongPassword);
            }
            // One answer for an unknown e-mail and a wrong password, and the same throttle: nothing to learn about who is a member.
            var (member, refusal) = await PasswordSignIn.CheckAsync(db, email, request.Password ?? "", throttle.Value, clock, ct);
            if (member is null)
            {
                return Reject(Errors.InvalidGrant, refusal!);
            }
            // A refresh token only for those who ask for one (the portal, API clients acting for a person).
            return IssueForMember(new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role), member,
                request.HasScope(Scopes.OfflineAccess) ? [Scopes.OfflineAccess] : []);
        }

        if (request.IsRefreshTokenGrantType())
        {
            // OpenIddict has already checked the refresh token: genuine, unexpired, not redeemed before (a second use
            // was refused there and revoked its whole family). Here: is the member still there, still signed in?
            var granted = (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
            var member = granted is not null && Guid.TryParse(granted.GetClaim(Claims.Subject), out var memberId)
                ? await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId, ct)
                : null;
            if (granted is null || member is null || granted.GetClaim(SignInStampClaim) != member.SignInStamp.ToString())
            {
                if (granted?.GetAuthorizationId() is { } family)
                {
                    await tokens.RevokeByAuthorizationIdAsync(family, ct); // nothing of this family is any good now
                }
                return Reject(Errors.InvalidGrant, SessionEnded);
            }
            // The same authorization (the family) and scopes; the member's role, name and stamp as they are now.
            return IssueForMember(new ClaimsIdentity(granted.Claims, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role),
                member, [.. granted.GetScopes()]);
        }

        if (request.IsClientCredentialsGrantType())
        {
            // OpenIddict has already checked the client id and secret.
            var client = await applications.FindByClientIdAsync(request.ClientId!, ct);
            var properties = client is null ? null : await applications.GetPropertiesAsync(client, ct);
            if (properties is null || !properties.TryGetValue(MachineClientSeeder.FirmIdProperty, out var firm) || !Guid.TryParse(firm.GetString(), out var firmId))
            {
                return Reject(Errors.InvalidClient, "This client acts for no firm.");
            }
            var role = properties.TryGetValue(MachineClientSeeder.RoleProperty, out var r) && r.GetString() == Roles.Admin ? Roles.Admin : Roles.Machine;
            // Only the platform scopes configured for this client, whatever it asks for: a firm's client acts for its firm.
            string[] scopes = role == Roles.Machine && properties.TryGetValue(MachineClientSeeder.ScopesProperty, out var s) && s.ValueKind == System.Text.Json.JsonValueKind.Array
                ? [.. s.EnumerateArray().Select(x => x.GetString()!).Where(PlatformScopes.All.Contains)]
                : [];
            return Issue(request.ClientId!, firmId, role, request.ClientId!, scopes);
        }

        return Reject(Errors.UnsupportedGrantType, "Use the password, refresh_token or client_credentials grant.");
    }

    /// <summary>The member's sign-in stamp: in refresh tokens only (no destination), never in an access token.</summary>
    private const string SignInStampClaim = "sign_in_stamp";

    /// <summary>A member's tokens: who, which firm, which role and the security stamp in the access token; the sign-in stamp in the refresh token.</summary>
    private static IResult IssueForMember(ClaimsIdentity identity, Member member, string[] scopes)
    {
        identity.SetClaim(SignInStampClaim, member.SignInStamp.ToString());
        identity.SetClaim(MarketplaceClaims.SecurityStamp, member.SecurityStamp.ToString());
        var issued = Issue(identity, member.Id.ToString(), member.FirmId, member.Role, member.Name, scopes);
        if (!scopes.Contains(Scopes.OfflineAccess))
        {
            return issued;
        }
        // How long the refresh token lives (RFC 6749 leaves it unsaid): the portal keeps its cookie as long.
        return Results.SignIn(issued.Principal, new AuthenticationProperties(items: null, parameters: new Dictionary<string, object?>
        {
            ["refresh_token_expires_in"] = (long)SignInExtensions.RefreshTokenLifetime.TotalSeconds,
        }), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static SignInHttpResult Issue(string subject, Guid firmId, string role, string name, string[]? scopes = null) =>
        Issue(new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role), subject, firmId, role, name, scopes ?? []);

    private static SignInHttpResult Issue(ClaimsIdentity identity, string subject, Guid firmId, string role, string name, string[] scopes)
    {
        identity.SetClaim(Claims.Subject, subject)
            .SetClaim(MarketplaceClaims.FirmId, firmId.ToString())
            .SetClaim(Claims.Role, role)
            .SetClaim(Claims.Name, name);
        // Everything of ours goes into the access token but the sign-in stamp (kept in the refresh token only).
        identity.SetDestinations(claim => claim.Type == SignInStampClaim ? [] : [Destinations.AccessToken]);
        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(scopes);
        principal.SetResources(MarketplaceClaims.Audience);
        return TypedResults.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Reject(string error, string description) =>
        Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
