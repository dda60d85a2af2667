using Marketplace.Portal.Gateway;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Portal.Pages.Account;

public sealed class SignOutModel(GatewayClient gateway) : PageModel
{
    public void OnGet() { }

    /// <summary>
    /// Ends the person's sessions at Network first (every access and refresh token of theirs, on every device, stops
    /// working within a minute), then drops this browser's cookie — even when Network cannot be reached just now.
    /// </summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            await gateway.SendAsync<Unit>(HttpMethod.Post, "/api/network/me/sign-out", null, ct);
        }
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return LocalRedirect("/portal/sign-in");
    }
}
