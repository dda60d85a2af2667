using Marketplace.Portal.Gateway;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Portal.Pages.Account;

/// <summary>
/// The page the password reset mail links to: the new password twice, checked here by the API's own rule (every problem
/// at once), then Network sets it and ends every session of the member. Anonymous, like the link.
/// </summary>
public sealed class ResetModel(GatewayClient gateway) : PortalPage(gateway)
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty] public string Confirm { get; set; } = "";

    /// <summary>The sentence for a link that cannot be used; null while it may be.</summary>
    public string? Gone { get; private set; }

    /// <summary>Set after the change, for the page the browser is sent to (post/redirect/get).</summary>
    [TempData] public bool Changed { get; set; }

    public void OnGet() => AccountLinks.KeepTokenToThisPage(Response);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        AccountLinks.KeepTokenToThisPage(Response);
        if (string.IsNullOrWhiteSpace(Token))
        {
            Gone = AccountLinks.Gone;
            return Page();
        }
        if (PasswordRule.Problem(Password) is { } weak) // the API's own rule, said before the round trip
        {
            ModelState.AddModelError(nameof(Password), weak);
        }
        if (Password != Confirm)
        {
            ModelState.AddModelError(nameof(Confirm), "The two passwords differ: type the same one twice.");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var answer = await Gateway.SendAsync<Unit>(HttpMethod.Post, "/api/network/account/password-reset/complete", new { token = Token, password = Password }, ct);
        if (answer.Ok)
        {
            Changed = true;
            return RedirectToPage(); // without the token
        }
        if (AccountLinks.IsGone(answer))
        {
            Gone = answer.Status == System.Net.HttpStatusCode.Gone ? answer.Problem!.Message : AccountLinks.Gone;
            return Page();
        }
        Failed(answer); // 400: the password rules, in Network's words
        return Page();
    }
}
