using Marketplace.Portal.Gateway;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Portal.Pages.Client;

/// <summary>The client's page for a share link: what the gateway's /status answer says, for people rather than programs.</summary>
public sealed class StatusModel(GatewayClient gateway) : PageModel
{
    public ClientStatus? Status { get; private set; }

    public bool Unavailable { get; private set; }

    public async Task OnGetAsync(string token, CancellationToken ct)
    {
        var answer = await gateway.GetAsync<ClientStatus>($"/status/{Uri.EscapeDataString(token)}", ct);
        Status = answer.Value;
        if (Status is null)
        {
            Response.StatusCode = ClientPages.StatusFor(answer);
            Unavailable = Response.StatusCode == StatusCodes.Status503ServiceUnavailable;
        }
    }
}

/// <param name="CalendarUrl">The gateway's .ics of the confirmed start, when there is one to add to a calendar.</param>
/// <param name="JobTitle">The job as the referrer names it to the client.</param>
/// <param name="Contact">Whom the client contacts (chosen on the link, or the member who made it).</param>
public sealed record ClientStatus(string Status, string Headline, string? ReferrerName, int HoursPerWeek, DateOnly? StartsOn, DateOnly? ExpectedDoneBy, string TimeZone,
    IReadOnlyList<ClientStep> Timeline, string? CalendarUrl = null, string? JobTitle = null, ContactItem? Contact = null);

public sealed record ContactItem(string? Name, string? Email);
public sealed record ClientStep(DateTimeOffset At, string What);
