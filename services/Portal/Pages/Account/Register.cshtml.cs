using Marketplace.ServiceDefaults;
using Marketplace.Portal.Account;
using Marketplace.Portal.Gateway;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Portal.Pages.Account;

/// <summary>A firm registers itself and its owner (Network), then the owner is signed in.</summary>
public sealed class RegisterModel(GatewayClient gateway) : PortalPage(gateway)
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
        if (PasswordRule.Problem(Password) is { } weak) // the API's own rule, said before the round trip
        {
            ModelState.AddModelError(nameof(Password), weak);
            return Page();
        }
        var registered = await Gateway.SendAsync(HttpMethod.Post, "/api/network/firms",
            new { name = Name, timeZone = TimeZone, takesReferrals = TakesReferrals, ownerName = OwnerName, ownerEmail = Email, ownerPassword = Password }, ct);
        return Failed(registered) ? Page() : await this.SignInAndGoAsync(Gateway, Email, Password, null, ct);
    }
}
