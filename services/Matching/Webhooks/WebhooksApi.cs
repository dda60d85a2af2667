using System.Security.Claims;
using Marketplace.Matching.Data;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Marketplace.Matching.Webhooks;

public static class WebhooksApi
{
    public const int MaxPerFirm = 10;

    /// <summary>Why a URL that points inside is refused; plain, and the same whichever check caught it.</summary>
    public const string InsideMessage = "This address points inside a private network; webhooks must reach a public https address.";

    public static RouteGroupBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/matching/webhooks").RequireAuthorization().WithTags("Webhooks");
        group.MapPost("/", Subscribe);
        group.MapGet("/", List);
        group.MapDelete("/{id:guid}", Remove);
        group.MapGet("/{id:guid}/deliveries", Deliveries);
        return group;
    }

    /// <summary>
    /// Registers a URL for some events; the answer carries the signing secret, once. The URL must reach a public
    /// receiver: hosts that point inside (by address, by name, or by what the name resolves to now) are refused here,
    /// and every delivery checks again when it connects.
    /// </summary>
    public static async Task<Results<Created<NewWebhookView>, ValidationProblem, ForbidHttpResult>> Subscribe(
        WebhookRequest request, ClaimsPrincipal user, MatchingDbContext db, IOptions<WebhookOptions> options, [FromServices] WebhookTargetGuard guard,
        TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        if (!caller.IsOwner)
        {
            return TypedResults.Forbid();
        }
        var events = request.Events ?? [];
        var allowHttp = options.Value.WebhooksAllowHttp;
        var wellFormed = Uri.TryCreate(request.Url, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || (allowHttp && url.Scheme == Uri.UriSchemeHttp))
            && request.Url!.Length <= 500;
        // Only a well-formed URL is worth a DNS lookup.
        var verdict = wellFormed ? await guard.CheckAsync(url!, ct) : WebhookTargetVerdict.Allowed;
        var validation = new Validation()
            .Require(wellFormed, "url", "url must be an absolute https address of at most 500 characters.")
            .Require(verdict == WebhookTargetVerdict.Allowed, "url", Explain(verdict))
            .Require(events.Count > 0 && events.All(WebhookSubscription.EventTypes.Contains), "events",
                $"events must name one or more of: {string.Join(", ", WebhookSubscription.EventTypes)}.")
            .Require(await db.WebhookSubscriptions.CountAsync(s => s.FirmId == caller.FirmId && s.Active, ct) < MaxPerFirm, "url", $"At most {MaxPerFirm} webhooks per firm.");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var subscription = new WebhookSubscription
        {
            Id = Guid.CreateVersion7(), FirmId = caller.FirmId, Url = request.Url!, Events = [.. events.Distinct()], Secret = WebhookSubscription.NewSecret(),
            CreatedAt = Instant.FromDateTimeOffset(clock.GetUtcNow()),
        };
        db.WebhookSubscriptions.Add(subscription);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/matching/webhooks/{subscription.Id}", new NewWebhookView(subscription.Id, subscription.Url, subscription.Events, subscription.Secret));
    }

    private static string Explain(WebhookTargetVerdict verdict) => verdict switch
    {
        WebhookTargetVerdict.CarriesCredentials => "url must not contain a user name or password.",
        WebhookTargetVerdict.UnusualHost => "url must name its host by a DNS name or an IP address written the usual way.",
        WebhookTargetVerdict.Inside => InsideMessage,
        WebhookTargetVerdict.DoesNotResolve => "This address's host name does not resolve; webhooks must reach a public https address.",
        _ => "",
    };

    public static async Task<Ok<List<WebhookView>>> List(ClaimsPrincipal user, MatchingDbContext db, CancellationToken ct)
    {
        var firm = Caller.Of(user).FirmId;
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.FirmId == firm && s.Active).OrderBy(s => s.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(subscriptions.Select(s => new WebhookView(s.Id, s.Url, s.Events, s.CreatedAt.ToDateTimeOffset())).ToList());
    }

    public static async Task<Results<NoContent, NotFound, ForbidHttpResult>> Remove(Guid id, ClaimsPrincipal user, MatchingDbContext db, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        if (!await db.WebhookSubscriptions.AnyAsync(s => s.Id == id && s.FirmId == caller.FirmId, ct))
        {
            return TypedResults.NotFound();
        }
        if (!caller.IsOwner)
        {
            return TypedResults.Forbid();
        }
        await db.WebhookSubscriptions.Where(s => s.Id == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Active, false), ct);
        return TypedResults.NoContent();
    }

    /// <summary>The delivery log: each event, how many tries, and the last outcome.</summary>
    public static async Task<Results<Ok<List<DeliveryView>>, NotFound>> Deliveries(Guid id, ClaimsPrincipal user, MatchingDbContext db, CancellationToken ct)
    {
        var firm = Caller.Of(user).FirmId;
        if (!await db.WebhookSubscriptions.AnyAsync(s => s.Id == id && s.FirmId == firm, ct))
        {
            return TypedResults.NotFound();
        }
        var deliveries = await db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == id).OrderByDescending(d => d.CreatedAt).Take(100).ToListAsync(ct);
        return TypedResults.Ok(deliveries.Select(d => new DeliveryView(d.Id, d.EventType, d.Status.ToString(), d.Attempts, d.LastStatusCode, d.LastError,
            d.CreatedAt.ToDateTimeOffset(), d.DeliveredAt?.ToDateTimeOffset(), d.Status == DeliveryStatus.Pending ? d.NextAttemptAt.ToDateTimeOffset() : null)).ToList());
    }
}

public sealed record WebhookRequest(string? Url, List<string>? Events);
public sealed record NewWebhookView(Guid Id, string Url, IReadOnlyList<string> Events, string Secret);
public sealed record WebhookView(Guid Id, string Url, IReadOnlyList<string> Events, DateTimeOffset CreatedAt);
public sealed record DeliveryView(Guid Id, string Event, string Status, int Attempts, int? LastStatusCode, string? LastError, DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt, DateTimeOffset? NextAttemptAt);
