using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Marketplace.Scheduling.Data;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using NodaTime;

namespace Marketplace.Scheduling.Feeds;

/// <summary>
/// Private calendar feeds of a firm's bookings and holds. The people who plan the engineers' time (Owners and
/// Dispatchers, as for engineers' capacity) make, list and revoke them; another firm's feeds are 404. The feed itself
/// is anonymous, by its secret address only, because calendar apps send no credentials.
/// </summary>
public static class CalendarFeedsApi
{
    public const string FirmScope = "firm", EngineerScope = "engineer";
    private const int MaxListed = 500;

    public static IEndpointRouteBuilder MapCalendarFeedsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/scheduling/feeds").RequireAuthorization().WithTags("Calendar feeds");
        group.MapPost("/", Create).WithSummary("Make a private calendar feed of the firm's or one engineer's bookings and holds; its address is shown once");
        group.MapGet("/", List).WithSummary("The firm's calendar feeds, live ones first, without their addresses");
        group.MapGet("/{id:guid}", Get).WithSummary("One of the firm's calendar feeds, without its address");
        group.MapDelete("/{id:guid}", Revoke).WithSummary("Revoke a feed: from now on its address answers 404, as an unknown one does");
        app.MapMethods("/feeds/{token}.ics", [HttpMethods.Get, HttpMethods.Head], Fetch).AllowAnonymous().WithTags("Calendar feeds")
            .WithSummary("The feed for calendar apps (RFC 5545), by its secret address; unknown or revoked is the same 404");
        return app;
    }

    /// <summary>
    /// A feed of the whole firm (<c>scope: "firm"</c>) or of one of its engineers (<c>scope: "engineer"</c> with
    /// <c>engineerId</c>). The answer carries the subscription address once; only its hash is kept. Replacing an address
    /// is revoking the feed and making another.
    /// </summary>
    public static async Task<Results<Created<CreatedCalendarFeed>, ValidationProblem, NotFound, ForbidHttpResult, ProblemHttpResult>> Create(
        CalendarFeedRequest request, ClaimsPrincipal user, SchedulingDbContext db, IOptions<CalendarFeedOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        var validation = new Validation()
            .Require(request.Scope is FirmScope or EngineerScope, "scope", $"scope must be \"{FirmScope}\" (the whole firm) or \"{EngineerScope}\" (one engineer).")
            .Require(request.Scope != EngineerScope || request.EngineerId is not null, "engineerId", "engineerId is required for an engineer's feed.")
            .Require(request.Scope != FirmScope || request.EngineerId is null, "engineerId", "A firm's feed covers every engineer; leave engineerId out.")
            .Text(request.Label, "label", CalendarFeed.MaxLabel, required: false);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        string? engineerName = null;
        if (request.EngineerId is { } engineerId)
        {
            // Unknown and another firm's engineer are the same 404: a firm learns nothing of others' people.
            engineerName = await db.Engineers.AsNoTracking().Where(e => e.Id == engineerId && e.FirmId == caller.FirmId).Select(e => e.Name).FirstOrDefaultAsync(ct);
            if (engineerName is null)
            {
                return TypedResults.NotFound();
            }
        }
        if (!caller.CanDispatch)
        {
            return TypedResults.Forbid();
        }
        var max = options.Value.MaxLivePerFirm;
        if (await db.CalendarFeeds.CountAsync(f => f.FirmId == caller.FirmId && f.RevokedAt == null, ct) >= max)
        {
            return Problems.Conflict($"Your firm already has {max} live calendar feeds; revoke those no longer used first.");
        }
        var by = user.FindFirst(MarketplaceClaims.Name)?.Value is { Length: > 0 } name ? name : caller.Subject;
        var (feed, token) = CalendarFeed.Create(caller.FirmId, request.EngineerId, request.Label?.Trim() ?? "", by[..Math.Min(by.Length, 200)], clock.GetUtcNow());
        db.CalendarFeeds.Add(feed);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/scheduling/feeds/{feed.Id}", new CreatedCalendarFeed(CalendarFeedView.From(feed, engineerName), CalendarFeed.PathOf(token)));
    }

    public static async Task<Results<Ok<List<CalendarFeedView>>, ForbidHttpResult>> List(ClaimsPrincipal user, SchedulingDbContext db, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        if (!caller.CanDispatch)
        {
            return TypedResults.Forbid();
        }
        var feeds = await db.CalendarFeeds.AsNoTracking().Where(f => f.FirmId == caller.FirmId)
            .OrderBy(f => f.RevokedAt != null).ThenByDescending(f => f.CreatedAt).Take(MaxListed).ToListAsync(ct);
        var names = await db.Engineers.AsNoTracking().Where(e => e.FirmId == caller.FirmId).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        return TypedResults.Ok(feeds.Select(f => CalendarFeedView.From(f, f.EngineerId is { } e ? names.GetValueOrDefault(e) : null)).ToList());
    }

    public static async Task<Results<Ok<CalendarFeedView>, NotFound, ForbidHttpResult>> Get(Guid id, ClaimsPrincipal user, SchedulingDbContext db, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        var feed = await db.CalendarFeeds.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id && f.FirmId == caller.FirmId, ct);
        if (feed is null)
        {
            return TypedResults.NotFound();
        }
        if (!caller.CanDispatch)
        {
            return TypedResults.Forbid();
        }
        var engineer = feed.EngineerId is { } e ? await db.Engineers.AsNoTracking().Where(x => x.Id == e).Select(x => x.Name).FirstOrDefaultAsync(ct) : null;
        return TypedResults.Ok(CalendarFeedView.From(feed, engineer));
    }

    /// <summary>Revoking twice is the same 204; another firm's feed is a 404.</summary>
    public static async Task<Results<NoContent, NotFound, ForbidHttpResult>> Revoke(Guid id, ClaimsPrincipal user, SchedulingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        var feed = await db.CalendarFeeds.FirstOrDefaultAsync(f => f.Id == id && f.FirmId == caller.FirmId, ct);
        if (feed is null)
        {
            return TypedResults.NotFound();
        }
        if (!caller.CanDispatch)
        {
            return TypedResults.Forbid();
        }
        feed.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// The feed as text/calendar. Every poll revalidates (<c>no-cache</c>) so a revoked address stops at once even behind a
    /// cache, and an unchanged feed costs a 304 on its ETag; <c>private</c> keeps shared caches from keeping a secret page.
    /// </summary>
    public static async Task<Results<FileContentHttpResult, NotFound>> Fetch(
        string token, HttpContext http, SchedulingDbContext db, IOptions<CalendarFeedOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (token.Length is < 20 or > 100)
        {
            return TypedResults.NotFound();
        }
        var hash = CalendarFeed.Hash(token);
        var feed = await db.CalendarFeeds.AsNoTracking().FirstOrDefaultAsync(f => f.TokenHash == hash && f.RevokedAt == null, ct);
        if (feed is null)
        {
            return TypedResults.NotFound();
        }
        var now = clock.GetUtcNow();
        var contents = await FeedReader.ReadAsync(db, feed, options.Value, Instant.FromDateTimeOffset(now), ct);
        var body = Encoding.UTF8.GetBytes(BookingsCalendar.Write(contents));
        if (feed.LastFetchedAt is null || feed.LastFetchedAt < now.AddHours(-1))
        {
            var stale = now.AddHours(-1);
            await db.CalendarFeeds.Where(f => f.Id == feed.Id && (f.LastFetchedAt == null || f.LastFetchedAt < stale))
                .ExecuteUpdateAsync(u => u.SetProperty(f => f.LastFetchedAt, now), ct);
        }
        http.Response.Headers.CacheControl = "private, no-cache";
        http.Response.Headers["X-Robots-Tag"] = "noindex";
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 16))}\"");
        // The file result answers If-None-Match with a 304 and no body.
        return TypedResults.Bytes(body, "text/calendar; charset=utf-8", entityTag: etag);
    }
}

/// <summary>What to make: <c>scope</c> "firm" or "engineer" (with <c>engineerId</c>), and an optional label of at most 100 characters.</summary>
public sealed record CalendarFeedRequest(string? Scope, Guid? EngineerId, string? Label);

public sealed record CalendarFeedView(Guid Id, string Scope, Guid? EngineerId, string? EngineerName, string Label, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt, DateTimeOffset? LastFetchedAt, string Status)
{
    public static CalendarFeedView From(CalendarFeed f, string? engineerName) => new(f.Id, f.EngineerId is null ? CalendarFeedsApi.FirmScope : CalendarFeedsApi.EngineerScope,
        f.EngineerId, engineerName, f.Label, f.CreatedBy, f.CreatedAt, f.RevokedAt, f.LastFetchedAt, f.IsLive ? "Live" : "Revoked");
}

/// <summary>The new feed and its subscription address (relative to the gateway's origin), shown this once.</summary>
public sealed record CreatedCalendarFeed(CalendarFeedView Feed, string Url);
