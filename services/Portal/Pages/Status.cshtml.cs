using System.Net;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Portal.Pages;

/// <summary>The client's page for a share link: what the gateway's /status answer says, for people rather than programs.</summary>
public sealed class StatusModel(IHttpClientFactory clients) : PageModel
{
    public ClientStatus? Status { get; private set; }

    public async Task OnGetAsync(string token, CancellationToken ct)
    {
        using var http = clients.CreateClient(PortalExtensions.Gateway);
        using var response = await http.GetAsync($"/status/{Uri.EscapeDataString(token)}", ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        response.EnsureSuccessStatusCode();
        Status = await response.Content.ReadFromJsonAsync<ClientStatus>(ct);
    }
}

public sealed record ClientStatus(string Status, string Headline, int HoursPerWeek, DateOnly? StartsOn, DateOnly? ExpectedDoneBy, string TimeZone,
    IReadOnlyList<ClientStep> Timeline);
public sealed record ClientStep(DateTimeOffset At, string What);
