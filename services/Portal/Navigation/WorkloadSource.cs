using Marketplace.Portal.Gateway;
using Marketplace.Portal.Pages.Firm;
using Marketplace.Portal.Pages.Referrals;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Marketplace.Portal.Navigation;

/// <summary>
/// The signed-in person's <see cref="Workload"/>, asked of the gateway once per request (the menu on every page and the
/// home page read the same answers) and only for a firm's member: the operator has no firm business, and nobody signed
/// out has any. The calls go out together; a page that needs them starts them early (<see cref="WorkloadPrefetch"/>).
/// </summary>
public sealed class WorkloadSource(GatewayClient gateway, IHttpContextAccessor http, TimeProvider clock)
{
    private Task<Workload?>? _loading;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Null for nobody signed in and for the operator.</summary>
    public Task<Workload?> LoadAsync() => _loading ??= LoadOnceAsync(http.HttpContext?.RequestAborted ?? CancellationToken.None);

    private async Task<Workload?> LoadOnceAsync(CancellationToken ct)
    {
        if (http.HttpContext?.User is not { Identity.IsAuthenticated: true } user || Viewer.Of(user) is var me && (me.IsOperator || me.FirmId == Guid.Empty))
        {
            return null;
        }
        var profile = gateway.GetAsync<FirmItem>($"/api/network/firms/{me.FirmId}", ct);
        var offers = gateway.GetAsync<List<OfferDue>>("/api/matching/offers", ct);
        var referrals = gateway.GetAsync<List<ReferralItem>>("/api/matching/referrals", ct);
        var partnerships = gateway.GetAsync<List<PartnershipItem>>("/api/network/partnerships", ct);
        var fees = gateway.GetAsync<FeesLedger>("/api/matching/fees", ct);
        return new Workload((await profile).Value, (await offers).Value, (await referrals).Value, (await partnerships).Value, (await fees).Value);
    }

    /// <summary>The menu for the person: their pages and, beside them, what waits. Null when nobody is signed in.</summary>
    public async Task<IReadOnlyList<MenuEntry>?> MenuAsync()
    {
        if (http.HttpContext?.User is not { Identity.IsAuthenticated: true } user)
        {
            return null;
        }
        var me = Viewer.Of(user);
        var work = await LoadAsync();
        return work is null
            ? Menu.For(me, FirmActivity.Unknown, ActionCounts.None)
            : Menu.For(me, ActionList.ActivityOf(me, work), ActionList.Count(me, work, Now));
    }
}

/// <summary>
/// Starts the person's workload calls as a page's handler begins, so they run beside the page's own calls, and has them
/// answered before the page renders: a token renewed on the way is then written to the cookie before the response starts.
/// </summary>
public sealed class WorkloadPrefetch(WorkloadSource source) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HttpContext.User.Identity?.IsAuthenticated != true)
        {
            await next();
            return;
        }
        // A plain read renders the menu; a named handler may answer with a file instead (the fees export), a post redirects.
        var early = HttpMethods.IsGet(context.HttpContext.Request.Method) && string.IsNullOrEmpty(context.HandlerMethod?.Name) ? source.LoadAsync() : null;
        var executed = await next();
        if (early is not null || executed.Result is Microsoft.AspNetCore.Mvc.RazorPages.PageResult)
        {
            await source.LoadAsync();
        }
    }
}
