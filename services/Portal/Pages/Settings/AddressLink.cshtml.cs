using System.Net;
using Marketplace.Portal.Account;
using Marketplace.Portal.Gateway;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Portal.Pages.Settings;

/// <summary>
/// A fresh verification link to the signed-in person's own address (Network's POST /me/verification): the banner's
/// "send the link again" posts here and goes back to the page it was on; opened on its own, the page says where the
/// link goes. A refusal (too many links this hour) is said where the person is, in the banner.
/// </summary>
public sealed class AddressLinkModel(GatewayClient gateway) : PortalPage(gateway)
{
    public AddressView? Address { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Address = (await Gateway.GetAsync<AddressView>("/api/network/me", ct)).Value;

    public async Task<IActionResult> OnPostAsync(string? returnUrl, CancellationToken ct)
    {
        var sent = await Gateway.SendAsync<Unit>(HttpMethod.Post, "/api/network/me/verification", null, ct);
        if (sent.Problem is { } problem)
        {
            if (sent.Status != HttpStatusCode.TooManyRequests)
            {
                ModelState.AddModelError("", problem.Message);
                await OnGetAsync(ct);
                return Page();
            }
            TempData[AddressBanner.Refused] = problem.Message; // "ask again in 40 min, or use one already sent"
        }
        else
        {
            Notice = "A new link is on its way to your address: open it within 7 days.";
        }
        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToPage();
    }
}

public sealed record AddressView(string? Email, bool? EmailVerified);
