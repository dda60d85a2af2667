using System.Globalization;
using Marketplace.Portal.Gateway;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Portal.Pages.Partner;

/// <summary>
/// The firm's private calendar feeds (Scheduling's): an Owner or Dispatcher makes one for the whole firm or one engineer,
/// copies its address the one time it is shown into Outlook, Google or Apple Calendar, and revokes or replaces it.
/// </summary>
public sealed class CalendarFeedsModel(GatewayClient gateway) : PortalPage(gateway)
{
    /// <summary>The new feed's address, kept for the one page view after making it (the API cannot show it again).</summary>
    [TempData] public string? FeedUrl { get; set; }

    public List<CalendarFeedItem> Feeds { get; private set; } = [];
    public List<EngineerItem> Engineers { get; private set; } = [];

    /// <summary>The same address for calendar apps that open webcal: links (Apple Calendar, Outlook on the desktop).</summary>
    public static string Webcal(string url) => "webcal" + url[url.IndexOf("://", StringComparison.Ordinal)..];

    public static string Day(DateTimeOffset at) => at.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string Covers(CalendarFeedItem f) => f.Scope == "firm" ? "The whole firm" : f.EngineerName ?? "An engineer";

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!Me.CanDispatch)
        {
            return; // the API would say 403: the page says who may instead
        }
        var engineers = Gateway.GetAsync<List<EngineerItem>>("/api/scheduling/engineers", ct);
        var feeds = await Gateway.GetAsync<List<CalendarFeedItem>>("/api/scheduling/feeds", ct);
        Feeds = Failed(feeds) ? [] : feeds.Value ?? [];
        Engineers = (await engineers).Value ?? [];
    }

    /// <param name="covers">"firm", or the id of the engineer whose weeks the feed shows.</param>
    public async Task<IActionResult> OnPostAsync(string? covers, string? label, CancellationToken ct)
    {
        var created = await CreateAsync(Guid.TryParse(covers, out var engineer) ? engineer : null, label, ct);
        return await AfterAsync(created, "Feed made. Copy its address now: it is not shown again.", () => OnGetAsync(ct));
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(await Gateway.SendAsync(HttpMethod.Delete, $"/api/scheduling/feeds/{id}", null, ct),
            "Feed revoked: calendars subscribed to it stop updating (they keep what they had, or drop it, as each app does).", () => OnGetAsync(ct));

    /// <summary>A new address for the same calendar: made first, then the old one revoked, so a failure never leaves the firm with neither.</summary>
    public async Task<IActionResult> OnPostReplaceAsync(Guid id, CancellationToken ct)
    {
        var old = await Gateway.GetAsync<CalendarFeedItem>($"/api/scheduling/feeds/{id}", ct);
        if (Failed(old) || old.Value is not { } feed)
        {
            await OnGetAsync(ct);
            return Page();
        }
        var created = await CreateAsync(feed.EngineerId, feed.Label, ct);
        if (Failed(created))
        {
            FeedUrl = null;
            await OnGetAsync(ct);
            return Page();
        }
        return await AfterAsync(await Gateway.SendAsync(HttpMethod.Delete, $"/api/scheduling/feeds/{id}", null, ct),
            "New address made and the old one revoked: subscribe again with the address below, then remove the old subscription.", () => OnGetAsync(ct));
    }

    private async Task<Answer<System.Text.Json.JsonElement>> CreateAsync(Guid? engineerId, string? label, CancellationToken ct)
    {
        var body = new { scope = engineerId is null ? "firm" : "engineer", engineerId, label = string.IsNullOrWhiteSpace(label) ? null : label.Trim() };
        var created = await Gateway.SendAsync(HttpMethod.Post, "/api/scheduling/feeds", body, ct);
        if (created.Ok)
        {
            FeedUrl = PublicUrl(created.Value.GetProperty("url").GetString()!);
        }
        return created;
    }
}

public sealed record CalendarFeedItem(Guid Id, string Scope, Guid? EngineerId, string? EngineerName, string Label, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt, DateTimeOffset? LastFetchedAt, string Status);
