using System.Security.Claims;
using System.Text.Json;
using Marketplace.Portal.Gateway;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Portal.Account;

/// <summary>
/// Signing in is the gateway's password grant with <c>offline_access</c>: the access token (10 minutes) and the refresh
/// token live, encrypted, in the portal's cookie, which lasts as long as the refresh token. Shortly before the access
/// token expires (or when the API refuses it) the portal renews both with the refresh token; when that is refused (the
/// person was removed, or signed out everywhere) the person is signed out and sent to sign in. The portal holds no
/// session state and never sees more than the person could do with the API.
/// </summary>
public static class PortalAuth
{
    public const string AccessToken = "access_token";
    public const string RefreshToken = "refresh_token";
    public const string ExpiresAt = "expires_at";
    public const string FirmName = "firm_name";
    /// <summary>"true" once the person's address was verified when they signed in (kept through renewals); "false" while the banner may still be due.</summary>
    public const string AddressVerified = "address_verified";

    public static IServiceCollection AddPortalAuth(this IServiceCollection services)
    {
        // The services' default is JWT bearer; the portal's pages are for people, with a cookie.
        services.AddAuthentication(o => o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "marketplace";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // https as the gateway vouches for it (X-Forwarded-Proto from a trusted proxy): Secure behind the ingress
                o.LoginPath = "/portal/sign-in";
                o.AccessDeniedPath = "/portal";
                o.SlidingExpiration = false;
                // Behind the gateway the portal's own host name means nothing to the browser: redirect by path only.
                o.Events.OnRedirectToLogin = ctx => Relative(ctx.Response, ctx.RedirectUri);
                o.Events.OnRedirectToAccessDenied = ctx => Relative(ctx.Response, ctx.RedirectUri);
                o.Events.OnValidatePrincipal = RenewIfDueAsync;
            });
        services.AddSingleton<PortalSessions>();
        return services;
    }

    /// <summary>
    /// On every request of a signed-in person: an access token within a minute of expiry is renewed first. Refused:
    /// signed out (a page that needs a person then sends them to sign in). No answer: kept, and tried again next time.
    /// </summary>
    private static async Task RenewIfDueAsync(CookieValidatePrincipalContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<PortalSessions>();
        if (PortalSessions.AccessExpires(context.Properties) - sessions.Now > PortalSessions.RenewBefore)
        {
            return;
        }
        var refresh = context.Properties.GetTokenValue(RefreshToken);
        var renewal = refresh is null ? Renewal.Refused // a cookie from before refresh tokens: sign in again
            : await sessions.RenewAsync(context.HttpContext.RequestServices.GetRequiredService<GatewayClient>(), refresh, context.HttpContext.RequestAborted);
        switch (renewal.Outcome)
        {
            case RenewalOutcome.Renewed:
                PortalSessions.Store(context.Properties, renewal, sessions.Now);
                context.ReplacePrincipal(PortalSessions.Refreshed(context.Principal!, renewal.AccessToken!));
                context.ShouldRenew = true;
                break;
            case RenewalOutcome.Refused:
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                break;
        }
    }

    /// <summary>
    /// The API refused the person's access token (their role changed, or they signed out elsewhere): renews it now and
    /// returns the new one, or signs the person out (the refresh was refused) and returns null. Once per request
    /// (<see cref="GatewayClient"/> sees to it): the cookie is written again with the new tokens.
    /// </summary>
    public static async Task<string?> RenewNowAsync(HttpContext http, GatewayClient gateway, CancellationToken ct)
    {
        var current = await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (current is not { Succeeded: true, Principal: { } person, Properties: { } properties } || properties.GetTokenValue(RefreshToken) is not { } refresh)
        {
            return null;
        }
        var sessions = http.RequestServices.GetRequiredService<PortalSessions>();
        var renewal = await sessions.RenewAsync(gateway, refresh, ct);
        if (renewal.Outcome == RenewalOutcome.Unanswered)
        {
            return null;
        }
        if (renewal.Outcome == RenewalOutcome.Refused)
        {
            if (!http.Response.HasStarted)
            {
                await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            }
            return null;
        }
        PortalSessions.Store(properties, renewal, sessions.Now);
        if (!http.Response.HasStarted)
        {
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PortalSessions.Refreshed(person, renewal.AccessToken!), properties);
        }
        return renewal.AccessToken;
    }

    private static Task Relative(HttpResponse response, string uri)
    {
        response.Redirect(Uri.TryCreate(uri, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : uri);
        return Task.CompletedTask;
    }

    /// <summary>The password grant through the gateway, then who the token says the person is; null and the reason when it fails.</summary>
    public static async Task<(ClaimsPrincipal? User, AuthenticationProperties? Properties, string? Error)> SignInAsync(
        GatewayClient gateway, string email, string password, CancellationToken ct)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = email, ["password"] = password, ["scope"] = "offline_access",
        });
        var grant = await gateway.SendAsync<JsonElement>(HttpMethod.Post, "/connect/token", form, ct, bearer: "");
        if (grant.Problem is { } refused)
        {
            return (null, null, refused.Message);
        }
        var now = DateTimeOffset.UtcNow;
        var tokens = PortalSessions.Read(grant.Value, now);
        if (tokens.Outcome != RenewalOutcome.Renewed)
        {
            return (null, null, Problem.Unreachable.Title);
        }
        var token = tokens.AccessToken!;
        if ((await gateway.GetAsync<CallerView>("/api/network/me", ct, token)).Value is not { Subject: not null } caller)
        {
            return (null, null, Problem.Unreachable.Title);
        }
        var firm = (await gateway.GetAsync<FirmItem>($"/api/network/firms/{caller.FirmId}", ct, token)).Value;

        var identity = new ClaimsIdentity(CookieAuthenticationDefaults.AuthenticationScheme, MarketplaceClaims.Name, MarketplaceClaims.Role);
        identity.AddClaims([
            new(MarketplaceClaims.Subject, caller.Subject), new(MarketplaceClaims.FirmId, caller.FirmId.ToString()),
            new(MarketplaceClaims.Role, caller.Role), new(MarketplaceClaims.Name, caller.Name), new(FirmName, firm?.Name ?? ""),
            new(AddressVerified, caller.EmailVerified == false ? "false" : "true"), // null: no address to verify
        ]);
        var properties = new AuthenticationProperties();
        PortalSessions.Store(properties, tokens, now); // the cookie lasts as long as the refresh token
        return (new ClaimsPrincipal(identity), properties, null);
    }

    /// <summary>Signs the person in and sends them on (to a local address only); on failure the page again, saying why.</summary>
    public static async Task<IActionResult> SignInAndGoAsync(this PageModel page, GatewayClient gateway, string email, string password, string? returnUrl,
        CancellationToken ct)
    {
        var (user, properties, error) = await SignInAsync(gateway, email.Trim(), password, ct);
        if (user is null)
        {
            page.ModelState.AddModelError("", error ?? "Signing in did not work.");
            return page.Page();
        }
        await page.HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, user, properties);
        return page.LocalRedirect(page.Url.IsLocalUrl(returnUrl) ? returnUrl : "/portal");
    }

    private sealed record CallerView(string Subject, Guid FirmId, string Role, string Name, bool? EmailVerified = null);
}
