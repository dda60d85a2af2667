using Marketplace.Portal.Account;
using Marketplace.Portal.Gateway;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Portal;

/// <summary>A signed-in page: the gateway client, who is looking, and the API's problems shown beside the fields they concern.</summary>
public abstract class PortalPage(GatewayClient gateway) : PageModel
{
    protected GatewayClient Gateway => gateway;

    [TempData]
    public string? Notice { get; set; }

    public Viewer Me => Viewer.Of(User);

    /// <summary>True when the call failed; its problem is then in ModelState for the page's summary.</summary>
    protected bool Failed<T>(Answer<T> answer)
    {
        if (answer.Problem is not { } problem)
        {
            return false;
        }
        foreach (var (field, messages) in problem.Errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(field, message);
            }
        }
        if (problem.Errors.Count == 0) // the fields' own messages say it better than a general title
        {
            // The marketplace's problems carry the sentence for people in detail; the title only names the kind of refusal.
            ModelState.AddModelError("", problem.Message);
        }
        return true;
    }

    /// <summary>
    /// An address to give someone outside the platform: <c>Portal:PublicUrl</c>, else the host the gateway says the browser used
    /// (only shown, never trusted for anything).
    /// </summary>
    protected string PublicUrl(string path)
    {
        var configured = HttpContext.RequestServices.GetRequiredService<IConfiguration>()["Portal:PublicUrl"];
        var host = Request.Headers["X-Forwarded-Host"].FirstOrDefault() ?? Request.Host.Value;
        var scheme = Request.Headers["X-Forwarded-Proto"].FirstOrDefault() ?? Request.Scheme;
        return $"{(configured ?? $"{scheme}://{host}").TrimEnd('/')}{path}";
    }

    /// <summary>After a call that changes something: on failure the page again with the problem, else <see cref="Done"/>.</summary>
    protected async Task<IActionResult> AfterAsync<T>(Answer<T> answer, string notice, Func<Task> reload, object? route = null)
    {
        if (Failed(answer))
        {
            await reload();
            return Page();
        }
        return Done(notice, route);
    }

    /// <summary>After a change: back to this page (post/redirect/get) with a line saying what happened.</summary>
    protected IActionResult Done(string notice, object? route = null)
    {
        Notice = notice;
        return RedirectToPage(route);
    }
}

public sealed record Viewer(Guid FirmId, string FirmName, string Name, string Role)
{
    public bool CanDispatch => Role is Roles.Owner or Roles.Dispatcher;
    public bool IsOwner => Role == Roles.Owner;
    /// <summary>The platform's operator: reviews certifications and settles fee disputes, takes and sends no referrals.</summary>
    public bool IsOperator => Role == Roles.Admin;

    public static Viewer Of(System.Security.Claims.ClaimsPrincipal user) => new(
        Guid.TryParse(user.FindFirst(MarketplaceClaims.FirmId)?.Value, out var firm) ? firm : Guid.Empty,
        user.FindFirst(PortalAuth.FirmName)?.Value ?? "", user.FindFirst(MarketplaceClaims.Name)?.Value ?? "", user.FindFirst(MarketplaceClaims.Role)?.Value ?? "");
}
