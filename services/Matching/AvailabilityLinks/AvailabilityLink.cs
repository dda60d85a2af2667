using System.Security.Claims;
using Marketplace.Http;
using Marketplace.Matching.Data;
using Marketplace.Matching.ShareLinks;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Matching.AvailabilityLinks;

/// <summary>
/// A link a referrer gives its clients: "when could a specialist in this skill start, about this many hours a week?"
/// Answered from Scheduling among the referrer's own partners only, in plain language, with no partner named.
/// </summary>
public sealed class AvailabilityLink
{
    public Guid Id { get; init; }
    public Guid ReferrerFirmId { get; init; }
    public string SkillId { get; init; } = "";
    public int HoursPerWeek { get; init; }
    public int EffortHours { get; init; }
    public byte[] TokenHash { get; init; } = [];
    public Instant CreatedAt { get; init; }
    public Instant ExpiresAt { get; init; }
    public Instant? RevokedAt { get; set; }

    public bool IsLive(Instant now) => RevokedAt is null && ExpiresAt > now;
}

public static class AvailabilityLinksApi
{
    public static IEndpointRouteBuilder MapAvailabilityLinksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/matching/availability-links").RequireAuthorization().WithTags("Availability links");
        group.MapPost("/", Create).WithSummary("Make a link for clients: when could a specialist in this skill start?");
        group.MapGet("/", List).WithSummary("The firm's availability links, newest first, with whether each still answers");
        group.MapDelete("/{id:guid}", Revoke).WithSummary("Withdraw a link: from now on it answers 404");
        app.MapGet("/availability/{token}", Answer).AllowAnonymous().WithTags("Availability links")
            .WithSummary("The client's answer behind a link, in plain language, no partner named");
        return app;
    }

    public static async Task<Results<Created<AvailabilityLinkView>, ValidationProblem, ForbidHttpResult>> Create(
        AvailabilityLinkRequest request, ClaimsPrincipal user, MatchingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        if (!caller.CanDispatch)
        {
            return TypedResults.Forbid();
        }
        var validation = new Validation()
            .Text(request.SkillId, "skillId", 100)
            .Require(request.HoursPerWeek is >= 1 and <= 80, "hoursPerWeek", "hoursPerWeek must be 1 to 80.")
            .Require(request.EffortHours is null || (request.EffortHours >= 1 && request.EffortHours <= (request.HoursPerWeek ?? 0) * 26), "effortHours",
                "effortHours must fit in 26 weeks at hoursPerWeek.")
            .Require(request.Days is null or (>= 1 and <= 90), "days", "days must be 1 to 90.");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var token = ShareLink.NewToken();
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var link = new AvailabilityLink
        {
            Id = Guid.CreateVersion7(), ReferrerFirmId = caller.FirmId, SkillId = request.SkillId!.Trim(), HoursPerWeek = request.HoursPerWeek!.Value,
            EffortHours = request.EffortHours ?? request.HoursPerWeek.Value * 4, TokenHash = ShareLink.Hash(token), CreatedAt = now,
            ExpiresAt = now + Duration.FromDays(request.Days ?? 30),
        };
        db.AvailabilityLinks.Add(link);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/availability/{token}", new AvailabilityLinkView(link.Id, $"/availability/{token}", link.ExpiresAt.ToDateTimeOffset()));
    }

    /// <summary>The links the firm made (the token itself is never stored, so it cannot be shown again).</summary>
    public static async Task<Ok<List<AvailabilityLinkItem>>> List(ClaimsPrincipal user, MatchingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var firm = Caller.Of(user).FirmId;
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var links = await db.AvailabilityLinks.AsNoTracking().Where(l => l.ReferrerFirmId == firm).OrderByDescending(l => l.CreatedAt).Take(200).ToListAsync(ct);
        return TypedResults.Ok(links.Select(l => new AvailabilityLinkItem(l.Id, l.SkillId, l.HoursPerWeek, l.EffortHours, l.CreatedAt.ToDateTimeOffset(),
            l.ExpiresAt.ToDateTimeOffset(), l.RevokedAt?.ToDateTimeOffset(), l.RevokedAt is not null ? "Revoked" : l.IsLive(now) ? "Live" : "Expired")).ToList());
    }

    /// <summary>Owners and dispatchers withdraw their firm's link; revoking twice is the same 204, another firm's link a 404.</summary>
    public static async Task<Results<NoContent, NotFound, ForbidHttpResult>> Revoke(Guid id, ClaimsPrincipal user, MatchingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        var link = await db.AvailabilityLinks.FirstOrDefaultAsync(l => l.Id == id && l.ReferrerFirmId == caller.FirmId, ct);
        if (link is null)
        {
            return TypedResults.NotFound();
        }
        if (!caller.CanDispatch)
        {
            return TypedResults.Forbid();
        }
        link.RevokedAt ??= Instant.FromDateTimeOffset(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>The client's answer; an unknown, expired or revoked link is the same 404.</summary>
    public static async Task<Results<Ok<SchedulingAnswer>, NotFound, ValidationProblem>> Answer(
        string token, string? tz, MatchingDbContext db, ISchedulingApi scheduling, TimeProvider clock, CancellationToken ct)
    {
        var zone = tz ?? "UTC";
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["tz"] = ["tz must be an IANA time zone such as Europe/London."] });
        }
        var hash = ShareLink.Hash(token);
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var link = await db.AvailabilityLinks.AsNoTracking().FirstOrDefaultAsync(l => l.TokenHash == hash, ct);
        if (link is null || !link.IsLive(now))
        {
            return TypedResults.NotFound();
        }
        var partners = await db.PartnerLinks.AsNoTracking().Where(l => l.Active && (l.InviterFirmId == link.ReferrerFirmId || l.InviteeFirmId == link.ReferrerFirmId))
            .Select(l => l.InviterFirmId == link.ReferrerFirmId ? l.InviteeFirmId : l.InviterFirmId).Distinct().ToArrayAsync(ct);
        if (partners.Length == 0)
        {
            return TypedResults.Ok(new SchedulingAnswer("No specialist partner is set up yet; the firm that sent this link will get back to you.", null, null, zone));
        }
        var answer = await scheduling.GetAnswer(partners, link.SkillId, link.HoursPerWeek, link.EffortHours, zone, ct);
        return answer is { IsSuccessStatusCode: true, Content: { } content }
            ? TypedResults.Ok(content)
            : throw new DependencyUnavailableException("Availability cannot be checked just now; try again in a minute.");
    }
}

public sealed record AvailabilityLinkRequest(string? SkillId, int? HoursPerWeek, int? EffortHours, int? Days);
public sealed record AvailabilityLinkView(Guid Id, string Url, DateTimeOffset ExpiresAt);
public sealed record AvailabilityLinkItem(Guid Id, string SkillId, int HoursPerWeek, int EffortHours, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt, string Status);
