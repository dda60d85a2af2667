using Marketplace.Portal.Gateway;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Marketplace.Portal.Pages.Client;

/// <summary>
/// The client's page for an availability link: the plain-language answer among the referrer's partners, who sent it and whom
/// to contact, in the zone the client's browser is in (or one the client picks).
/// </summary>
public sealed class AvailabilityModel(GatewayClient gateway) : PageModel
{
    public AvailabilityAnswer? Answer { get; private set; }

    public bool Unavailable { get; private set; }

    /// <summary>Whether the page was asked for a zone (by the picker, or by the browser's own zone on first opening).</summary>
    public bool ZoneChosen { get; private set; }

    /// <summary>The picker's zones: the common ones, and the one asked for when it is another.</summary>
    public IEnumerable<string> ZoneChoices => Answer is { } a && !Zones.Common.Contains(a.TimeZone) ? [a.TimeZone, .. Zones.Common] : Zones.Common;

    public async Task OnGetAsync(string token, string? tz, CancellationToken ct)
    {
        ZoneChosen = tz is not null;
        var zone = Zones.IsKnown(tz) ? tz! : "UTC";
        var answer = await gateway.GetAsync<AvailabilityAnswer>($"/availability/{Uri.EscapeDataString(token)}?tz={Uri.EscapeDataString(zone)}", ct);
        Answer = answer.Value;
        if (Answer is null)
        {
            Response.StatusCode = ClientPages.StatusFor(answer);
            Unavailable = Response.StatusCode == StatusCodes.Status503ServiceUnavailable;
        }
    }
}

/// <param name="Answered">False when no partner could answer: <see cref="Answer"/> then says what happens next.</param>
public sealed record AvailabilityAnswer(string Answer, DateOnly? EarliestStart, DateOnly? ProjectedFinish, string TimeZone, string? ReferrerName = null,
    string? SkillName = null, ContactItem? Contact = null, bool Answered = true);

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
