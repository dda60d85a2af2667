using Marketplace.Portal.Gateway;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Portal.Pages.Account;

/// <summary>
/// Asks Network to mail a password reset link. The answer is the same whether or not the address has an account (Network
/// answers 202 either way), so the page never tells who is a member.
/// </summary>
public sealed class ForgotModel(GatewayClient gateway) : PortalPage(gateway)
{
    public const string Sent = "If that address has an account, we sent a link to it; it works for 30 minutes.";

    [BindProperty] public string Email { get; set; } = "";

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var asked = await Gateway.SendAsync<Unit>(HttpMethod.Post, "/api/network/account/password-reset", new { email = Email.Trim() }, ct);
        return Failed(asked) ? Page() : Done(Sent);
    }
}
