using System.Net;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Portal.Pages;

/// <summary>The client's page for an availability link: the gateway's plain-language answer, in a zone the client picks.</summary>
public sealed class AvailabilityModel(IHttpClientFactory clients) : PageModel
{
    public static readonly string[] Zones = ["UTC", "Europe/London", "Europe/Berlin", "America/New_York", "America/Chicago", "America/Los_Angeles", "Australia/Sydney"];

    public AvailabilityAnswer? Answer { get; private set; }

    public async Task OnGetAsync(string token, string? tz, CancellationToken ct)
    {
        var zone = Zones.Contains(tz) ? tz! : "UTC";
        using var http = clients.CreateClient(PortalExtensions.Gateway);
        using var response = await http.GetAsync($"/availability/{Uri.EscapeDataString(token)}?tz={Uri.EscapeDataString(zone)}", ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        response.EnsureSuccessStatusCode();
        Answer = await response.Content.ReadFromJsonAsync<AvailabilityAnswer>(ct);
    }
}

public sealed record AvailabilityAnswer(string Answer, DateOnly? EarliestStart, DateOnly? ProjectedFinish, string TimeZone);
