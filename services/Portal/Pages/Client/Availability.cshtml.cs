using Marketplace.Portal.Gateway;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Portal.Pages.Client;

/// <summary>The client's page for an availability link: the gateway's plain-language answer, in a zone the client picks.</summary>
public sealed class AvailabilityModel(GatewayClient gateway) : PageModel
{
    public AvailabilityAnswer? Answer { get; private set; }

    public bool Unavailable { get; private set; }

    public async Task OnGetAsync(string token, string? tz, CancellationToken ct)
    {
        var zone = Zones.Common.Contains(tz) ? tz! : "UTC";
        var answer = await gateway.GetAsync<AvailabilityAnswer>($"/availability/{Uri.EscapeDataString(token)}?tz={Uri.EscapeDataString(zone)}", ct);
        Answer = answer.Value;
        if (Answer is null)
        {
            Response.StatusCode = ClientPages.StatusFor(answer);
            Unavailable = Response.StatusCode == StatusCodes.Status503ServiceUnavailable;
        }
    }
}

public sealed record AvailabilityAnswer(string Answer, DateOnly? EarliestStart, DateOnly? ProjectedFinish, string TimeZone);

public static class ClientPages
{
    /// <summary>
    /// A link that does not answer is "not found" to the client (unknown, expired and withdrawn look alike), unless the
    /// platform cannot answer just now (it is away, or could not check the calendars): then "try later".
    /// </summary>
    public static int StatusFor<T>(Answer<T> answer) =>
        (int)answer.Status >= 500 || answer.Status is System.Net.HttpStatusCode.Conflict or System.Net.HttpStatusCode.TooManyRequests
            ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status404NotFound;
}
