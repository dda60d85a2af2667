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
/// Signing in is the gateway's password grant; the access token it gives lives, encrypted, in the portal's cookie and
/// expires with it, so the portal holds no session state and never sees more than the person could do with the API.
/// </summary>
public static class PortalAuth
{
    public const string AccessToken = "access_token";
    public const string FirmName = "firm_name";

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
            });
        return services;
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
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = email, ["password"] = password });
        var grant = await gateway.SendAsync<JsonElement>(HttpMethod.Post, "/connect/token", form, ct, bearer: "");
        if (grant.Problem is { } refused)
        {
            return (null, null, refused.Title);
        }
        var token = grant.Value.GetProperty("access_token").GetString()!;
        var lifetime = grant.Value.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) ? seconds : 3600;
        if ((await gateway.GetAsync<CallerView>("/api/network/me", ct, token)).Value is not { Subject: not null } caller)
        {
            return (null, null, Problem.Unreachable.Title);
        }
        var firm = (await gateway.GetAsync<FirmItem>($"/api/network/firms/{caller.FirmId}", ct, token)).Value;

        var identity = new ClaimsIdentity(CookieAuthenticationDefaults.AuthenticationScheme, MarketplaceClaims.Name, MarketplaceClaims.Role);
        identity.AddClaims([
            new(MarketplaceClaims.Subject, caller.Subject), new(MarketplaceClaims.FirmId, caller.FirmId.ToString()),
            new(MarketplaceClaims.Role, caller.Role), new(MarketplaceClaims.Name, caller.Name), new(FirmName, firm?.Name ?? ""),
        ]);
        var properties = new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddSeconds(lifetime - 30), IsPersistent = false };
        properties.StoreTokens([new AuthenticationToken { Name = AccessToken, Value = token }]);
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

    private sealed record CallerView(string Subject, Guid FirmId, string Role, string Name);
}
