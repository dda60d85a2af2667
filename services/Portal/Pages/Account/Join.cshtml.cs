using Marketplace.ServiceDefaults;
using Marketplace.Portal.Account;
using Marketplace.Portal.Gateway;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Portal.Pages.Account;

/// <summary>An invited member accepts the invitation (its token is in the link) and is signed in.</summary>
public sealed class JoinModel(GatewayClient gateway) : PortalPage(gateway)
{
    [BindProperty(SupportsGet = true)] public string Token { get; set; } = "";
    [BindProperty] public string Name { get; set; } = "";
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string Password { get; set; } = "";

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Checked before the invitation is used: afterwards the member exists, and signing in needs the address it was for.
        if (string.IsNullOrWhiteSpace(Email))
        {
            ModelState.AddModelError(nameof(Email), "Enter the e-mail address the invitation was sent to: you sign in with it.");
        }
        if (PasswordRule.Problem(Password) is { } weak) // the API's own rule, said before the round trip
        {
            ModelState.AddModelError(nameof(Password), weak);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var joined = await Gateway.SendAsync(HttpMethod.Post, "/api/network/invitations/accept", new { token = Token, name = Name, password = Password }, ct);
        return Failed(joined) ? Page() : await this.SignInAndGoAsync(Gateway, Email!, Password, null, ct);
    }
}
