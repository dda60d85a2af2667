using Marketplace.Portal.Account;
using Marketplace.Portal.Gateway;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Portal.Pages.Account;

/// <summary>An invited member accepts the invitation (its token is in the link) and is signed in.</summary>
public sealed class JoinModel(GatewayClient gateway, IHttpClientFactory clients) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Token { get; set; } = "";
    [BindProperty] public string Name { get; set; } = "";
    [BindProperty] public string Email { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var joined = await gateway.SendAsync(HttpMethod.Post, "/api/network/invitations/accept", new { token = Token, name = Name, password = Password }, ct);
        if (joined.Problem is { } problem)
        {
            ModelState.AddModelError("", problem.Errors.Count > 0 ? string.Join(" ", problem.Errors.Values.SelectMany(m => m)) : problem.Title);
            return Page();
        }
        var (user, properties, error) = await PortalAuth.SignInAsync(clients, Email.Trim(), Password, ct);
        if (user is null)
        {
            ModelState.AddModelError("", error ?? "You have joined; sign in with the invited e-mail address.");
            return Page();
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, user, properties);
        return LocalRedirect("/portal");
    }
}
