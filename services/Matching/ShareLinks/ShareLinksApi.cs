using System.Globalization;
using System.Security.Claims;
using Marketplace.Matching.Data;
using Marketplace.Matching.Offers;
using Marketplace.Matching.Ranking;
using Marketplace.Matching.Referrals;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Matching.ShareLinks;

public static class ShareLinksApi
{
    public static IEndpointRouteBuilder MapShareLinksApi(this IEndpointRouteBuilder app)
    {
        var links = app.MapGroup("/api/matching/referrals/{referralId:guid}/share-links").RequireAuthorization().WithTags("Share links");
        links.MapPost("/", Create);
        links.MapDelete("/{id:guid}", Revoke);
        // The client's page: no account, only the unguessable token.
        app.MapGet("/status/{token}", Status).AllowAnonymous().WithTags("Share links");
        app.MapMethods("/status/{token}/calendar.ics", [HttpMethods.Get, HttpMethods.Head], StartCalendarApi.Get).AllowAnonymous().WithTags("Share links")
            .WithSummary("The confirmed start as an all-day event in the client's zone, for the client's calendar; 404 when there is none to add");
        return app;
    }

    public static async Task<Results<Created<ShareLinkView>, NotFound, ForbidHttpResult, ValidationProblem>> Create(
        Guid referralId, CreateShareLinkRequest? request, ClaimsPrincipal user, MatchingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        var days = request?.Days ?? ShareLink.DefaultDays;
        var validation = ClientContact.Check(new Validation().Require(days is >= 1 and <= ShareLink.MaxDays, "days", $"days must be 1 to {ShareLink.MaxDays}.")
            .Text(request?.Title, "title", ClientContact.MaxTitle, required: false)
            .Require(request?.Title is null || !request.Title.Any(char.IsControl), "title", "title must be one line."), request?.ContactName, request?.ContactEmail);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        if (!await db.Referrals.AnyAsync(r => r.Id == referralId && r.ReferrerFirmId == caller.FirmId, ct))
        {
            return TypedResults.NotFound();
        }
        if (!caller.CanDispatch)
        {
            return TypedResults.Forbid();
        }
        var (link, token) = ShareLink.Create(referralId, Instant.FromDateTimeOffset(clock.GetUtcNow()), days, request?.Title,
            ClientContact.Chosen(request?.ContactName, request?.ContactEmail, user));
        db.ShareLinks.Add(link);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/matching/referrals/{referralId}/share-links/{link.Id}", new ShareLinkView(link.Id, $"/status/{token}", link.ExpiresAt.ToDateTimeOffset()));
    }

    public static async Task<Results<NoContent, NotFound, ForbidHttpResult>> Revoke(
        Guid referralId, Guid id, ClaimsPrincipal user, MatchingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        if (!await db.Referrals.AnyAsync(r => r.Id == referralId && r.ReferrerFirmId == caller.FirmId, ct))
        {
            return TypedResults.NotFound();
        }
        if (!caller.CanDispatch)
        {
            return TypedResults.Forbid();
        }
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var revoked = await db.ShareLinks.Where(l => l.Id == id && l.ReferralId == referralId && l.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.RevokedAt, now), ct);
        return revoked == 1 || await db.ShareLinks.AnyAsync(l => l.Id == id && l.ReferralId == referralId, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    /// <summary>
    /// Where the client's job stands, in plain language and in the client's zone. An unknown, expired or revoked link
    /// is the same 404, so a guess learns nothing.
    /// </summary>
    public static async Task<Results<Ok<ClientStatusView>, NotFound>> Status(string token, MatchingDbContext db, RankingIndexSource indexes, TimeProvider clock, CancellationToken ct)
    {
        var link = await LiveLinkAsync(db, token, Instant.FromDateTimeOffset(clock.GetUtcNow()), ct);
        if (link is null)
        {
            return TypedResults.NotFound();
        }
        var referral = await db.Referrals.AsNoTracking().Include(r => r.Offers).FirstAsync(r => r.Id == link.ReferralId, ct);
        var (referrer, partner) = await NamesAsync(db, referral, ct);
        var calendar = await PartnerCalendarAsync(referral, indexes, ct);
        var zone = referral.ClientZone;
        var timeline = await db.ReferralTransitions.AsNoTracking().Where(t => t.ReferralId == referral.Id && t.From != t.To).OrderBy(t => t.At).ThenBy(t => t.Id)
            .Select(t => new { t.At, t.To }).ToListAsync(ct);
        return TypedResults.Ok(new ClientStatusView(referral.Status.ToString(), Headline(referral, partner, calendar, zone), referrer, referral.HoursPerWeek,
            ClientDate(referral.PlannedStart, calendar, zone, start: true), ClientDate(referral.PlannedFinish, calendar, zone, start: false), zone.Id,
            [.. timeline.Select(t => new ClientStep(t.At.InZone(zone).ToDateTimeOffset(), Step(t.To)))],
            StartCalendar.Offers(referral) ? $"/status/{token}/calendar.ics" : null,
            ShareLink.ClientTitle(link.Title, referral), ClientContact.Of(link.ContactName, link.ContactEmail)));
    }

    /// <summary>The live link with this token; an unknown, expired or revoked one is null alike, so a guess learns nothing.</summary>
    internal static async Task<ShareLink?> LiveLinkAsync(MatchingDbContext db, string token, Instant now, CancellationToken ct)
    {
        if (token.Length is < 20 or > 100)
        {
            return null;
        }
        var hash = ShareLink.Hash(token);
        var link = await db.ShareLinks.AsNoTracking().FirstOrDefaultAsync(l => l.TokenHash == hash, ct);
        return link is not null && link.IsLive(now) ? link : null;
    }

    /// <summary>
    /// The referrer's name, and who the client is told does the work. White-label: the partner works under the
    /// referrer's brand, so the client never sees who the partner is.
    /// </summary>
    internal static async Task<(string? Referrer, string? Partner)> NamesAsync(MatchingDbContext db, Referral referral, CancellationToken ct)
    {
        var names = await db.Partners.AsNoTracking().Where(x => x.FirmId == referral.ReferrerFirmId || x.FirmId == referral.PartnerFirmId)
            .ToDictionaryAsync(x => x.FirmId, x => x.Name, ct);
        var referrer = names.GetValueOrDefault(referral.ReferrerFirmId);
        // A referral that allows white-label work may be done under the referrer's brand: the partner stays unnamed then too.
        var partner = referral.Mode.HasFlag(EngagementModes.WhiteLabel) ? referrer ?? "Your specialist team"
            : referral.PartnerFirmId is { } p ? names.GetValueOrDefault(p) : null;
        return (referrer, partner);
    }

    internal static async Task<Calendar.WorkingWeek?> PartnerCalendarAsync(Referral referral, RankingIndexSource indexes, CancellationToken ct) =>
        referral.PartnerFirmId is { } firm ? (await indexes.GetAsync(ct)).Profile(firm)?.Calendar : null;


    private static string Headline(Referral r, string? partner, Calendar.WorkingWeek? calendar, DateTimeZone zone)
    {
        var who = partner ?? "Your specialist";
        string Day(LocalDate? d, bool start) => ClientDate(d, calendar, zone, start)?.ToString(start ? "ddd d MMM yyyy" : "d MMM", CultureInfo.InvariantCulture) ?? "soon";
        return r.Status switch
        {
            ReferralStatus.Posted or ReferralStatus.Offering =>
                $"We are finding a specialist for you: {r.Offers.Count} {(r.Offers.Count == 1 ? "has" : "have")} been asked so far.",
            ReferralStatus.Accepted => $"A specialist has accepted; the start date is being confirmed.",
            ReferralStatus.Confirmed => $"{who} starts {Day(r.PlannedStart, true)}, about {r.HoursPerWeek} h a week, expected done by {Day(r.PlannedFinish, false)}.",
            ReferralStatus.InProgress => $"{who} is working on it, about {r.HoursPerWeek} h a week, expected done by {Day(r.PlannedFinish, false)}.",
            ReferralStatus.Completed => $"{who} has finished the work.",
            ReferralStatus.Unmatched => "No specialist could take this on in time; we will be in touch about the next step.",
            _ => "This request was withdrawn.",
        };
    }

    /// <summary>A partner's working day as a date in the client's zone: the start of its first day, the end of its last.</summary>
    internal static DateOnly? ClientDate(LocalDate? date, Calendar.WorkingWeek? calendar, DateTimeZone zone, bool start)
    {
        if (date is not { } d)
        {
            return null;
        }
        if (calendar?.WindowOn(d) is not { } window)
        {
            return d.ToDateOnly();
        }
        return (start ? window.Start : window.End).InZone(zone).Date.ToDateOnly();
    }

    private static string Step(ReferralStatus to) => to switch
    {
        ReferralStatus.Offering => "Specialists asked",
        ReferralStatus.Accepted => "A specialist accepted",
        ReferralStatus.Confirmed => "Start confirmed",
        ReferralStatus.InProgress => "Work started",
        ReferralStatus.Completed => "Work finished",
        ReferralStatus.Unmatched => "No specialist available in time",
        ReferralStatus.Cancelled => "Withdrawn",
        _ => "Request received",
    };
}

/// <summary>How long the link lives, and what the client reads on it: the job's title and whom to contact (each optional; see <see cref="ClientContact"/>).</summary>
public sealed record CreateShareLinkRequest(int? Days, string? Title = null, string? ContactName = null, string? ContactEmail = null);
public sealed record ShareLinkView(Guid Id, string Url, DateTimeOffset ExpiresAt);
/// <summary>What the client sees: the referrer (the firm that sent the link) by name; the partner only when the work is handed off, never in white-label work.</summary>
/// <param name="CalendarUrl">The start as an .ics file for the client's calendar, once it is confirmed; null before and after.</param>
/// <param name="JobTitle">The job as the client reads it (<see cref="ShareLink.ClientTitle"/>).</param>
/// <param name="Contact">Whom to contact about it, as the referrer chose on the link (or the member who made it).</param>
public sealed record ClientStatusView(string Status, string Headline, string? ReferrerName, int HoursPerWeek, DateOnly? StartsOn, DateOnly? ExpectedDoneBy, string TimeZone,
    IReadOnlyList<ClientStep> Timeline, string? CalendarUrl = null, string? JobTitle = null, ClientContact? Contact = null);
public sealed record ClientStep(DateTimeOffset At, string What);
