using Marketplace.Portal.Account;
using Marketplace.Portal.Gateway;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Portal.Pages.Account;

public sealed class RegisterModel(GatewayClient gateway, IHttpClientFactory clients) : PageModel
{
    [BindProperty] public string Name { get; set; } = "";
    [BindProperty] public string TimeZone { get; set; } = "Europe/London";
    [BindProperty] public bool TakesReferrals { get; set; } = true;
    [BindProperty] public string OwnerName { get; set; } = "";
    [BindProperty] public string Email { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var registered = await gateway.SendAsync(HttpMethod.Post, "/api/network/firms",
            new { name = Name, timeZone = TimeZone, takesReferrals = TakesReferrals, ownerName = OwnerName, ownerEmail = Email, ownerPassword = Password }, ct);
        if (registered.Problem is { } problem)
        {
            foreach (var message in problem.Errors.Values.SelectMany(m => m))
            {
                ModelState.AddModelError("", message);
            }
            if (problem.Errors.Count == 0)
            {
                ModelState.AddModelError("", problem.Title);
            }
            return Page();
        }
        var (user, properties, error) = await PortalAuth.SignInAsync(clients, Email.Trim(), Password, ct);
        if (user is null)
        {
            ModelState.AddModelError("", error ?? "Your firm is registered, but signing in did not work; try the sign-in page.");
            return Page();
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, user, properties);
        return LocalRedirect("/portal");
    }
}
