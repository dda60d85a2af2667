using Marketplace.Portal.Gateway;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Caching.Memory;

namespace Marketplace.Portal.Account;

/// <summary>
/// What the "verify your address" banner says on a signed-in page: the person's address, and whether their firm waits
/// for a verified Owner before it gets referrals. Present only while the person's address is not verified.
/// </summary>
public sealed record AddressBanner(string Email, bool FirmWaits)
{
    /// <summary>TempData key: the sentence a refused "send the link again" came back with (429), shown in the banner.</summary>
    public const string Refused = "AddressLinkRefused";

    /// <summary>The banner for this request, when the page is one that shows it.</summary>
    public static AddressBanner? Of(HttpContext http) => http.Items[typeof(AddressBanner)] as AddressBanner;
}

/// <summary>
/// Members known to have verified their address, so a verified person costs no call to Network on their pages. An address
/// stays verified; forgetting one only costs one more look. Per portal replica (the cookie's claim covers the rest).
/// </summary>
public sealed class VerifiedMembers : IDisposable
{
    private readonly MemoryCache _known = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    public bool Contains(string subject) => _known.TryGetValue(subject, out _);

    public void Add(string subject) =>
        _known.Set(subject, true, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(12) });

    public void Dispose() => _known.Dispose();
}

/// <summary>
/// On every signed-in page about to be shown: unless the person is known to have verified their address (the claim put in
/// the cookie at sign-in, or a look since), asks Network (GET /me, and the firm for whether it waits) and leaves an
/// <see cref="AddressBanner"/> for the layout. Asked after the handler ran and before the page renders, so nothing is
/// written to the response yet if the person's token has to be renewed. A look that fails shows no banner.
/// </summary>
public sealed class AddressBannerFilter(GatewayClient gateway, VerifiedMembers verified) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        var http = context.HttpContext;
        if (executed.Result is not PageResult || executed.Exception is not null && !executed.ExceptionHandled
            || http.User.Identity?.IsAuthenticated != true
            || http.User.FindFirst(PortalAuth.AddressVerified)?.Value == "true"
            || http.User.FindFirst(MarketplaceClaims.Subject)?.Value is not { Length: > 0 } subject
            || verified.Contains(subject))
        {
            return;
        }
        var ct = http.RequestAborted;
        var firmId = Viewer.Of(http.User).FirmId;
        var me = gateway.GetAsync<CallerAddress>("/api/network/me", ct);
        var firm = gateway.GetAsync<FirmItem>($"/api/network/firms/{firmId}", ct);
        await Task.WhenAll(me, firm);
        if (me.Result.Value is not { } caller)
        {
            return;
        }
        if (caller.EmailVerified != false) // verified, or nobody with an address to verify (a machine client)
        {
            verified.Add(subject);
            return;
        }
        http.Items[typeof(AddressBanner)] = new AddressBanner(caller.Email ?? "", firm.Result.Value is not { } f || f.WaitsForVerifiedOwner);
    }

    private sealed record CallerAddress(string? Email, bool? EmailVerified);
}
