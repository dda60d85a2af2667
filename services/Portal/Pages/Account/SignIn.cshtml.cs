using Marketplace.Portal.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Portal.Pages.Account;

public sealed class SignInModel(IHttpClientFactory clients) : PageModel
{
    [BindProperty] public string Email { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet() { }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) => this.SignInAndGoAsync(clients, Email, Password, ReturnUrl, ct);
}
