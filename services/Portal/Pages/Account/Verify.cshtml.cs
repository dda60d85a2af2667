using System.Net;
using Marketplace.Portal.Gateway;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Portal.Pages.Account;

public enum VerifyOutcome { Ask, Verified, Gone }

/// <summary>
/// The page the verification mail links to. Opening the link changes nothing: the person presses a button that posts the
/// token (mail scanners and link previews follow links, and would otherwise spend the one-time token before its reader).
/// Anonymous: the link may be opened on a phone where nobody is signed in.
/// </summary>
public sealed class VerifyModel(GatewayClient gateway) : PortalPage(gateway)
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }

    public VerifyOutcome Outcome { get; private set; }
    public string GoneSentence { get; private set; } = AccountLinks.Gone;

    /// <summary>Set after a confirmation, for the page the browser is sent to (post/redirect/get).</summary>
    [TempData] public bool Verified { get; set; }

    public void OnGet()
    {
        AccountLinks.KeepTokenToThisPage(Response);
        Outcome = Verified ? VerifyOutcome.Verified : VerifyOutcome.Ask;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        AccountLinks.KeepTokenToThisPage(Response);
        if (string.IsNullOrWhiteSpace(Token))
        {
            Outcome = VerifyOutcome.Gone;
            return Page();
        }
        var answer = await Gateway.SendAsync<Unit>(HttpMethod.Post, "/api/network/account/verify", new { token = Token }, ct);
        if (answer.Ok)
        {
            Verified = true;
            return RedirectToPage(); // without the token: a reload shows the success, not a used link
        }
        if (AccountLinks.IsGone(answer))
        {
            Outcome = VerifyOutcome.Gone;
            GoneSentence = answer.Status == HttpStatusCode.Gone ? answer.Problem!.Message : AccountLinks.Gone;
            return Page();
        }
        Failed(answer);
        return Page();
    }
}

/// <summary>What the pages that take a one-time token from a mail (verify, reset) share.</summary>
public static class AccountLinks
{
    /// <summary>Network's sentence for a token it cannot use, for when it said nothing better.</summary>
    public const string Gone = "This link is unknown, used or expired. Ask for a new one.";

    /// <summary>
    /// The token is in this page's address: no other page, not even the portal's own, is told it as the referrer, and no
    /// cache keeps the page.
    /// </summary>
    public static void KeepTokenToThisPage(HttpResponse response)
    {
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
    }

    /// <summary>410 (unknown, used or expired), or a 400 about the token itself (not one Network ever issued).</summary>
    public static bool IsGone<T>(Answer<T> answer) =>
        answer.Status == HttpStatusCode.Gone
        || answer.Status == HttpStatusCode.BadRequest && answer.Problem!.Errors.Keys.Any(k => k.Equals("token", StringComparison.OrdinalIgnoreCase));
}
