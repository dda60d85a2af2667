using Marketplace.Portal.Account;
using Marketplace.Portal.Gateway;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Portal.Pages.Account;

public sealed class SignInModel(GatewayClient gateway) : PageModel
{
    [BindProperty] public string Email { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet() { }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) => this.SignInAndGoAsync(gateway, Email, Password, ReturnUrl, ct);
}
