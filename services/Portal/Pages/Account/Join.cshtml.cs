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
        var joined = await Gateway.SendAsync(HttpMethod.Post, "/api/network/invitations/accept", new { token = Token, name = Name, password = Password }, ct);
        return Failed(joined) ? Page() : await this.SignInAndGoAsync(Gateway, Email, Password, null, ct);
    }
}
