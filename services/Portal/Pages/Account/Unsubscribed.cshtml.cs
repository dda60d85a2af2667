using Marketplace.Portal.Gateway;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Portal.Pages.Account;

/// <summary>
/// A page for the unsubscribe link in a mail, for people rather than programs: opening it changes nothing (link scanners
/// follow links); the button posts the signed token to Notifications' one-click unsubscribe, which needs no sign-in.
/// </summary>
public sealed class UnsubscribedModel(GatewayClient gateway) : PortalPage(gateway)
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }

    /// <summary>Notifications' sentence once unsubscribed ("You will no longer get e-mail about this: …").</summary>
    public string? Result { get; private set; }
    public string? Refusal { get; private set; }

    public void OnGet() => AccountLinks.KeepTokenToThisPage(Response);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        AccountLinks.KeepTokenToThisPage(Response);
        if (string.IsNullOrWhiteSpace(Token))
        {
            return Page();
        }
        var answer = await Gateway.SendAsync<UnsubscribedView>(HttpMethod.Post, $"/api/notifications/unsubscribe?token={Uri.EscapeDataString(Token)}", null, ct,
            bearer: "");
        if (answer.Value is { } done)
        {
            Result = done.Detail;
        }
        else if (answer.Problem is { Errors.Count: 0 } refused) // an invalid link, a member gone, or offers nobody else gets
        {
            Refusal = refused.Message;
        }
        else
        {
            Failed(answer);
        }
        return Page();
    }
}

public sealed record UnsubscribedView(string Kind, string Delivery, string Detail);
