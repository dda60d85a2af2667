using System.Security.Claims;
using Marketplace.Http;
using Marketplace.Matching.Data;
using Marketplace.Matching.Referrals;
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
    /// <summary>The skill's name when the link was made, for the client's page (Catalog may be away when it is opened).</summary>
    public string? SkillName { get; init; }
    /// <summary>Whom the client contacts: chosen on the link, or the member who made it.</summary>
    public string? ContactName { get; init; }
    public string? ContactEmail { get; init; }

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

    /// <summary>The stable type of the refusal to make a link nobody could answer.</summary>
    public static readonly string NoPartnerForSkill = Problems.TypeOf("no-partner-for-skill");

    /// <summary>
    /// Makes a link for the firm's clients. A link is an answer waiting to be asked for, so one nobody could answer is
    /// refused: when none of the firm's active partners claims the skill, a 409 (type <see cref="NoPartnerForSkill"/>) says
    /// so and what to do, instead of a client later reading that nobody is set up. An unknown skill is a 400.
    /// </summary>
    public static async Task<Results<Created<AvailabilityLinkView>, ValidationProblem, ForbidHttpResult, ProblemHttpResult>> Create(
        AvailabilityLinkRequest request, ClaimsPrincipal user, MatchingDbContext db, SkillNames skills, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        if (!caller.CanDispatch)
        {
            return TypedResults.Forbid();
        }
        var validation = ClientContact.Check(new Validation()
            .Text(request.SkillId, "skillId", 100)
            .Require(request.HoursPerWeek is >= 1 and <= 80, "hoursPerWeek", "hoursPerWeek must be 1 to 80.")
            .Require(request.EffortHours is null || (request.EffortHours >= 1 && request.EffortHours <= (request.HoursPerWeek ?? 0) * 26), "effortHours",
                "effortHours must fit in 26 weeks at hoursPerWeek.")
            .Require(request.Days is null or (>= 1 and <= 90), "days", "days must be 1 to 90."), request.ContactName, request.ContactEmail);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var skill = request.SkillId!.Trim();
        if (!(await skills.ResolveAsync([skill], ct)).TryGetValue(skill, out var skillName))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["skillId"] = [$"No skill has the id '{skill}' (see /api/catalog/skills)."] });
        }
        if ((await AnswerersAsync(db, caller.FirmId, skill, ct)).Length == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: NoPartnerForSkill, title: "No partner could answer",
                detail: $"None of your active partners claims {skillName}, so a client opening this link would get no answer. Partner with a firm that does " +
                        "(Partnerships, or the directory) and make the link then.");
        }
        var token = ShareLink.NewToken();
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var contact = ClientContact.Chosen(request.ContactName, request.ContactEmail, user);
        var link = new AvailabilityLink
        {
            Id = Guid.CreateVersion7(), ReferrerFirmId = caller.FirmId, SkillId = skill, HoursPerWeek = request.HoursPerWeek!.Value,
            EffortHours = request.EffortHours ?? request.HoursPerWeek.Value * 4, TokenHash = ShareLink.Hash(token), CreatedAt = now,
            ExpiresAt = now + Duration.FromDays(request.Days ?? 30), SkillName = skillName, ContactName = contact.Name, ContactEmail = contact.Email,
        };
        db.AvailabilityLinks.Add(link);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/availability/{token}", new AvailabilityLinkView(link.Id, $"/availability/{token}", link.ExpiresAt.ToDateTimeOffset()));
    }

    /// <summary>The firm's active partners that claim the skill: who could answer a client about it.</summary>
    private static async Task<Guid[]> AnswerersAsync(MatchingDbContext db, Guid firm, string skill, CancellationToken ct)
    {
        var partners = db.PartnerLinks.Where(l => l.Active && (l.InviterFirmId == firm || l.InviteeFirmId == firm))
            .Select(l => l.InviterFirmId == firm ? l.InviteeFirmId : l.InviterFirmId);
        return await db.PartnerSkills.AsNoTracking().Where(s => s.SkillId == skill && partners.Contains(s.FirmId)).Select(s => s.FirmId).Distinct().ToArrayAsync(ct);
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

    /// <summary>
    /// The client's answer among the referrer's partners that claim the skill, with who sent the link and whom to contact. When
    /// none is left (a partnership ended since the link was made) the answer says what happens next instead of a date
    /// (<c>answered</c> false). An unknown, expired or revoked link is the same 404.
    /// </summary>
    public static async Task<Results<Ok<AvailabilityLinkAnswer>, NotFound, ValidationProblem>> Answer(
        string token, string? tz, MatchingDbContext db, ISchedulingApi scheduling, TimeProvider clock, CancellationToken ct)
    {
        var zone = tz ?? "UTC";
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["tz"] = ["tz must be an IANA time zone such as Europe/London."] });
        }
        if (token.Length is < 20 or > 100)
        {
            return TypedResults.NotFound();
        }
        var hash = ShareLink.Hash(token);
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var link = await db.AvailabilityLinks.AsNoTracking().FirstOrDefaultAsync(l => l.TokenHash == hash, ct);
        if (link is null || !link.IsLive(now))
        {
            return TypedResults.NotFound();
        }
        var referrer = await db.Partners.AsNoTracking().Where(p => p.FirmId == link.ReferrerFirmId).Select(p => p.Name).FirstOrDefaultAsync(ct);
        var contact = ClientContact.Of(link.ContactName, link.ContactEmail);
        var partners = await AnswerersAsync(db, link.ReferrerFirmId, link.SkillId, ct);
        if (partners.Length == 0)
        {
            var who = contact?.Name ?? referrer ?? "The firm that sent this link";
            return TypedResults.Ok(new AvailabilityLinkAnswer(
                $"No date can be given here just now: {referrer ?? "the firm that sent this link"} has no specialist partner for {link.SkillName ?? "this skill"} at the moment. " +
                $"{who} will get back to you{(contact?.Email is { } email ? $" from {email}" : "")} with when help can start.",
                null, null, zone, referrer, link.SkillName, contact, Answered: false));
        }
        var answer = await scheduling.GetAnswer(partners, link.SkillId, link.HoursPerWeek, link.EffortHours, zone, ct);
        return answer is { IsSuccessStatusCode: true, Content: { } content }
            ? TypedResults.Ok(new AvailabilityLinkAnswer(content.Answer, content.EarliestStart, content.ProjectedFinish, content.TimeZone, referrer, link.SkillName,
                contact, Answered: true))
            : throw new DependencyUnavailableException("Availability cannot be checked just now; try again in a minute.");
    }
}

/// <summary>
/// The client's answer: Scheduling's sentence and dates in the zone asked (no partner named), who sent the link, the skill,
/// and whom to contact. <paramref name="Answered"/> is false when no partner could answer; the sentence then says what happens next.
/// </summary>
public sealed record AvailabilityLinkAnswer(string Answer, DateOnly? EarliestStart, DateOnly? ProjectedFinish, string TimeZone, string? ReferrerName,
    string? SkillName, ClientContact? Contact, bool Answered);

/// <summary>The question a client's link asks, how long it lives, and whom the client contacts (optional; see <see cref="ClientContact"/>).</summary>
public sealed record AvailabilityLinkRequest(string? SkillId, int? HoursPerWeek, int? EffortHours, int? Days, string? ContactName = null, string? ContactEmail = null);
public sealed record AvailabilityLinkView(Guid Id, string Url, DateTimeOffset ExpiresAt);
public sealed record AvailabilityLinkItem(Guid Id, string SkillId, int HoursPerWeek, int EffortHours, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt, string Status);
