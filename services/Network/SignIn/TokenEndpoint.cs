using System.Security.Claims;
using Marketplace.Network.Data;
using Marketplace.Network.Members;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
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

    public static async Task<IResult> Exchange(HttpContext http, NetworkDbContext db, IOpenIddictApplicationManager applications, TimeProvider clock, CancellationToken ct)
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
            var (member, refusal) = await PasswordSignIn.CheckAsync(db, email, request.Password ?? "", clock, ct);
            return member is null
                ? Reject(Errors.InvalidGrant, refusal!)
                : Issue(member.Id.ToString(), member.FirmId, member.Role, member.Name);
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

        return Reject(Errors.UnsupportedGrantType, "Use the password or client_credentials grant.");
    }

    private static IResult Issue(string subject, Guid firmId, string role, string name, string[]? scopes = null)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject)
            .SetClaim(MarketplaceClaims.FirmId, firmId.ToString())
            .SetClaim(Claims.Role, role)
            .SetClaim(Claims.Name, name);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        var principal = new ClaimsPrincipal(identity);
        if (scopes is { Length: > 0 })
        {
            principal.SetScopes(scopes);
        }
        principal.SetResources(MarketplaceClaims.Audience);
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Reject(string error, string description) =>
        Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
