using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Marketplace.Matching.Data;
using Marketplace.Matching.Ranking;
using Marketplace.Matching.Referrals;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Matching.ShareLinks;

/// <summary>
/// "Add to calendar" on the client's status page: the confirmed start as one all-day event on the start date in the
/// client's zone (the date the status page shows), named as the status page names the work (white-label: the
/// referrer, never the partner). No link back to the page is written into it: calendars are shared more widely than
/// the link was meant to be.
/// </summary>
public static class StartCalendar
{
    public const string ProductId = "-//Marketplace//Client status//EN";

    /// <summary>Only a confirmed start is worth a place in the client's calendar: before that it may still change, after the work it is history.</summary>
    public static bool Offers(Referral referral) =>
        referral.Status is ReferralStatus.Confirmed or ReferralStatus.InProgress && referral.PlannedStart is not null;

    /// <param name="who">Who the client is told does the work (the referrer in white-label work).</param>
    /// <param name="startsOn">The start date in the client's zone.</param>
    public static string Write(Guid referralId, string? who, string? referrer, DateOnly startsOn, DateOnly? doneBy, int hoursPerWeek, Instant now)
    {
        var name = who ?? "Your specialist";
        var description = new StringBuilder($"{name} starts work on your request, about {hoursPerWeek} h a week");
        description.Append(doneBy is { } done ? $", expected done by {done.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}." : ".");
        if (referrer is not null && referrer != name)
        {
            description.Append(CultureInfo.InvariantCulture, $" Arranged by {referrer}.");
        }
        var calendar = new Ical.Net.Calendar { ProductId = ProductId, Method = "PUBLISH" };
        calendar.Events.Add(new CalendarEvent
        {
            // One UID per referral whatever link it came through, so downloading it again updates the event; derived, so the referral's id stays inside.
            Uid = $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"referral-start:{referralId}")).AsSpan(0, 16))}@status.marketplace.local",
            DtStamp = new CalDateTime(now.ToDateTimeUtc(), CalDateTime.UtcTzId),
            DtStart = new CalDateTime(startsOn),
            DtEnd = new CalDateTime(startsOn.AddDays(1)),
            Summary = $"{name} starts work on your request",
            Description = description.ToString(),
            Status = Ical.Net.EventStatus.Confirmed,
            Transparency = Ical.Net.TransparencyType.Transparent,
        });
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}

public static class StartCalendarApi
{
    /// <summary>
    /// The start as an .ics file. The same visibility as the status page: an unknown, expired or revoked link is a 404,
    /// and so is a referral with no confirmed start.
    /// </summary>
    public static async Task<Results<FileContentHttpResult, NotFound>> Get(
        string token, HttpContext http, MatchingDbContext db, RankingIndexSource indexes, TimeProvider clock, CancellationToken ct)
    {
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var link = await ShareLinksApi.LiveLinkAsync(db, token, now, ct);
        if (link is null)
        {
            return TypedResults.NotFound();
        }
        var referral = await db.Referrals.AsNoTracking().FirstAsync(r => r.Id == link.ReferralId, ct);
        if (!StartCalendar.Offers(referral))
        {
            return TypedResults.NotFound();
        }
        var (referrer, partner) = await ShareLinksApi.NamesAsync(db, referral, ct);
        var calendar = await ShareLinksApi.PartnerCalendarAsync(referral, indexes, ct);
        var zone = referral.ClientZone;
        var startsOn = ShareLinksApi.ClientDate(referral.PlannedStart, calendar, zone, start: true)!.Value;
        var doneBy = ShareLinksApi.ClientDate(referral.PlannedFinish, calendar, zone, start: false);
        var body = Encoding.UTF8.GetBytes(StartCalendar.Write(referral.Id, partner, referrer, startsOn, doneBy, referral.HoursPerWeek, now));
        http.Response.Headers.CacheControl = "private, no-store"; // behind a revocable secret: nothing keeps a copy
        return TypedResults.Bytes(body, "text/calendar; charset=utf-8", fileDownloadName: "start.ics");
    }
}
