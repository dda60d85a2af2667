using System.Security.Claims;
using Marketplace.Contracts;
using Marketplace.Matching.Data;
using Marketplace.Matching.Ranking;
using Marketplace.Matching.Referrals;
using Marketplace.Messaging;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Matching.Offers;

public static class OffersApi
{
    public static RouteGroupBuilder MapOffersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/matching/offers").RequireAuthorization().WithTags("Offers");
        group.MapGet("/", Inbox);
        group.MapPost("/{id:guid}/accept", Accept);
        group.MapPost("/{id:guid}/decline", Decline);
        return group;
    }

    /// <summary>
    /// The partner's open offers with the time left and the terms accepting binds both firms to (the agreement version
    /// in force when the offer was made); the client is not named while the referral is confidential.
    /// </summary>
    public static async Task<Ok<List<InboxOfferView>>> Inbox(ClaimsPrincipal user, MatchingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var firm = Caller.Of(user).FirmId;
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var open = await db.Offers.AsNoTracking().Where(o => o.PartnerFirmId == firm && o.Status == OfferStatus.Open && o.DueAt > now)
            .Join(db.Referrals, o => o.ReferralId, r => r.Id, (o, r) => new { Offer = o, Referral = r }).OrderBy(x => x.Offer.DueAt).ToListAsync(ct);
        var partnerships = open.Where(x => x.Offer.PartnershipId is not null).Select(x => x.Offer.PartnershipId!.Value).Distinct().ToList();
        var versions = (await db.AgreementVersions.AsNoTracking().Where(a => partnerships.Contains(a.PartnershipId)).ToListAsync(ct))
            .ToDictionary(a => (a.PartnershipId, a.Version));
        return TypedResults.Ok(open.Select(x => new InboxOfferView(x.Offer.Id, x.Referral.Id, x.Referral.Summary,
            [.. x.Referral.Skills.Select(s => new SkillView(s.SkillId, s.Name, s.MinLevel, s.Weight))], x.Referral.EffortHours, x.Referral.HoursPerWeek,
            x.Referral.EarliestStart.ToDateOnly(), x.Referral.LatestStart.ToDateOnly(), x.Referral.Mode.ToString(), x.Referral.Urgency.ToString(),
            x.Referral.Confidential ? null : x.Referral.ClientName, x.Offer.Wave, x.Offer.DueAt.ToDateTimeOffset(),
            (long)(x.Offer.DueAt - now).TotalMinutes,
            OfferTermsView.Of(x.Offer.PartnershipId is { } p && versions.TryGetValue((p, x.Offer.AgreementVersion), out var v) ? v : null))).ToList());
    }

    /// <summary>First accept wins, once: under the referral's row lock the state machine lets exactly one through; the partner's time is held.</summary>
    public static async Task<Results<Ok<ReferralView>, NotFound, ForbidHttpResult, ProblemHttpResult>> Accept(
        Guid id, ClaimsPrincipal user, MatchingDbContext db, Matchmaker matchmaker, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        Action? after = null;
        var result = await RespondAsync(db, id, caller, async (referral, offer, now) =>
        {
            referral.Accept(offer.Id, now, caller.Subject);
            if (await matchmaker.HoldAsync(referral, offer.PartnerFirmId, ct) is { } held)
            {
                referral.Held(held.Holds, held.Start, held.Finish);
            }
            else
            {
                referral.Record(referral.Status, referral.Status, now, "system", "hold pending: Scheduling could not be reached; it is placed on confirmation");
            }
            after = () => MatchingMetrics.OfferAccepted((now - referral.PostedAt).ToTimeSpan());
            db.AddIntegrationEvent(new OfferAccepted(Guid.NewGuid(), now.ToDateTimeOffset(), offer.Id, referral.Id, referral.ReferrerFirmId, offer.PartnerFirmId),
                referral.Id.ToString());
        }, clock, ct);
        Committed(result, after);
        return result;
    }

    public static async Task<Results<Ok<ReferralView>, NotFound, ForbidHttpResult, ProblemHttpResult>> Decline(
        Guid id, DeclineRequest request, ClaimsPrincipal user, MatchingDbContext db, Matchmaker matchmaker, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 500)
        {
            return TypedResults.Problem(title: "reason is required (at most 500 characters): it helps the referrer and the ranking.", statusCode: StatusCodes.Status400BadRequest);
        }
        Action? after = null;
        var result = await RespondAsync(db, id, caller, async (referral, offer, now) =>
        {
            var waveOver = referral.Decline(offer.Id, request.Reason.Trim(), now, caller.Subject);
            db.AddIntegrationEvent(new OfferDeclined(Guid.NewGuid(), now.ToDateTimeOffset(), offer.Id, referral.Id, referral.ReferrerFirmId, offer.PartnerFirmId,
                request.Reason.Trim()), referral.Id.ToString());
            var offered = waveOver ? await matchmaker.OfferNextWaveAsync(db, referral, now, "system", $"wave {referral.Wave} declined; next wave", ct) : 0;
            after = () =>
            {
                MatchingMetrics.OfferDeclined();
                MatchingMetrics.AfterWave(referral, offered);
            };
        }, clock, ct);
        Committed(result, after);
        return result;
    }

    /// <summary>Counts only what was committed: a refused response changed nothing.</summary>
    private static void Committed(Results<Ok<ReferralView>, NotFound, ForbidHttpResult, ProblemHttpResult> result, Action? after)
    {
        if (result.Result is Ok<ReferralView>)
        {
            after?.Invoke();
        }
    }

    private static async Task<Results<Ok<ReferralView>, NotFound, ForbidHttpResult, ProblemHttpResult>> RespondAsync(
        MatchingDbContext db, Guid offerId, Caller caller, Func<Referral, Offer, Instant, Task> respond, TimeProvider clock, CancellationToken ct)
    {
        var referralId = await db.Offers.Where(o => o.Id == offerId && o.PartnerFirmId == caller.FirmId).Select(o => (Guid?)o.ReferralId).FirstOrDefaultAsync(ct);
        if (referralId is null)
        {
            return TypedResults.NotFound();
        }
        if (!caller.CanDispatch)
        {
            return TypedResults.Forbid();
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var referral = (await ReferralStore.LockAsync(db, referralId.Value, ct))!;
        try
        {
            await respond(referral, referral.Offers.Single(o => o.Id == offerId), Instant.FromDateTimeOffset(clock.GetUtcNow()));
        }
        catch (ReferralRuleException ex)
        {
            return TypedResults.Problem(title: ex.Message, statusCode: StatusCodes.Status409Conflict);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(ReferralView.For(referral, caller.FirmId));
    }
}

public sealed record DeclineRequest(string? Reason);
public sealed record InboxOfferView(Guid OfferId, Guid ReferralId, string Summary, IReadOnlyList<SkillView> Skills, int EffortHours, int HoursPerWeek,
    DateOnly EarliestStart, DateOnly LatestStart, string EngagementMode, string Urgency, string? ClientName, int Wave, DateTimeOffset DueAt, long MinutesLeft,
    OfferTermsView Terms);

/// <summary>
/// The terms on an offer, as the fee will be computed: the partnership's agreement version, or the open directory's
/// platform terms (version 0: no fee, both modes, 4 business hours to answer).
/// </summary>
public sealed record OfferTermsView(Guid? PartnershipId, int AgreementVersion, string FeeKind, decimal? FeePercent, decimal? FeeAmount, string? FeeCurrency,
    IReadOnlyList<string> EngagementModes, int ResponseSlaBusinessHours, int NonSolicitMonths, string Summary)
{
    public static OfferTermsView Of(Partnerships.AgreementVersion? a) => a is null
        ? new(null, 0, "None", null, null, null, ["HandOff", "WhiteLabel"], Ranker.DirectoryTerms.ResponseSlaHours, 0,
            "Platform terms (no partnership): no referral fee.")
        : new(a.PartnershipId, a.Version, a.FeeKind, a.FeePercent, a.FeeAmount, a.FeeCurrency, a.EngagementModes, a.ResponseSlaBusinessHours, a.NonSolicitMonths,
            $"Agreement v{a.Version}: {Fees.FeeCalculator.Describe(a)}; {string.Join(" or ", a.EngagementModes)}; answer within {a.ResponseSlaBusinessHours} business hours; " +
            $"no soliciting the client for {a.NonSolicitMonths} months.");
}
