using System.Security.Claims;
using Marketplace.Contracts;
using Marketplace.Http;
using Marketplace.Matching.Data;
using Marketplace.Matching.Fees;
using Marketplace.Matching.Idempotency;
using Marketplace.Matching.Offers;
using Marketplace.Matching.Ranking;
using Marketplace.Messaging;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Matching.Referrals;

public static class ReferralsApi
{
    public static RouteGroupBuilder MapReferralsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/matching/referrals").RequireAuthorization().WithTags("Referrals");
        group.MapPost("/", Post);
        group.MapGet("/", List);
        group.MapGet("/{id:guid}", Get);
        group.MapGet("/{id:guid}/candidates", Candidates);
        group.MapGet("/{id:guid}/timeline", Timeline);
        group.MapPost("/{id:guid}/confirm", Confirm);
        group.MapPost("/{id:guid}/start", Start);
        group.MapPost("/{id:guid}/complete", Complete);
        group.MapPost("/{id:guid}/cancel", Cancel);
        group.MapWavesAndReposts();
        return group;
    }

    /// <summary>Posts a referral: ranked, explained candidates at once, and the first wave of offers out.</summary>
    /// <remarks>
    /// With an Idempotency-Key header (IETF draft) a retried post returns the referral the first one made, never a
    /// second; the same key with a different body is a 422, and while the first request is still running a 409.
    /// </remarks>
    public static async Task<Results<Created<ReferralView>, ValidationProblem, ForbidHttpResult, ProblemHttpResult>> Post(
        PostReferralRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, ClaimsPrincipal user, MatchingDbContext db,
        Matchmaker matchmaker, SkillNames skills, MatchingMetrics metrics, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        if (!caller.CanDispatch)
        {
            return TypedResults.Forbid();
        }
        if (idempotencyKey is { Length: 0 or > IdempotencyKeys.MaxLength } || idempotencyKey?.Any(char.IsControl) == true)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Idempotency-Key"] = [$"Idempotency-Key must be 1 to {IdempotencyKeys.MaxLength} printable characters."] });
        }
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        if (idempotencyKey is not null)
        {
            switch (await IdempotencyKeys.ClaimAsync(db, caller.FirmId, Scope, idempotencyKey, IdempotencyKeys.Fingerprint(request), now, ct))
            {
                case KeyClaim.Refused refused:
                    return refused.Problem;
                case KeyClaim.Done done:
                    var earlier = await db.Referrals.AsNoTracking().Include(r => r.Offers).FirstAsync(r => r.Id == done.ResourceId, ct);
                    return TypedResults.Created($"/api/matching/referrals/{earlier.Id}", ReferralView.For(earlier, caller.FirmId, Instant.FromDateTimeOffset(clock.GetUtcNow())));
            }
        }
        var validation = request.Validate(now);
        var names = validation.IsValid ? await skills.ResolveAsync(request.Skills!.Select(s => s.SkillId!), ct) : [];
        for (var i = 0; validation.IsValid && i < request.Skills!.Count; i++)
        {
            validation.Require(names.ContainsKey(request.Skills[i].SkillId!), $"skills[{i}].skillId", $"No skill has the id '{request.Skills[i].SkillId}' (see /api/catalog/skills).");
        }
        if (!validation.IsValid)
        {
            if (idempotencyKey is not null)
            {
                await IdempotencyKeys.ReleaseAsync(db, caller.FirmId, Scope, idempotencyKey, ct);
            }
            return TypedResults.ValidationProblem(validation.Errors);
        }

        var referral = request.ToReferral(caller.FirmId, idempotencyKey, names, now);
        int offered;
        try
        {
            referral.Record(ReferralStatus.Posted, ReferralStatus.Posted, now, caller.Subject, "posted");
            var (candidates, nearMisses) = await matchmaker.ShortlistAsync(referral, now, ct);
            offered = await matchmaker.PostAsync(db, referral, candidates, nearMisses, now, ct);
            if (idempotencyKey is not null)
            {
                await IdempotencyKeys.CompleteAsync(db, caller.FirmId, Scope, idempotencyKey, referral.Id, ct);
            }
            await db.SaveChangesAsync(ct);
        }
        catch when (idempotencyKey is not null)
        {
            // The post failed half-way (bad text PostgreSQL refuses, a dependency down): nothing was stored, so the key is free again.
            db.ChangeTracker.Clear();
            await IdempotencyKeys.ReleaseAsync(db, caller.FirmId, Scope, idempotencyKey, CancellationToken.None);
            throw;
        }
        metrics.ReferralPosted();
        metrics.AfterWave(referral, offered);
        return TypedResults.Created($"/api/matching/referrals/{referral.Id}", ReferralView.For(referral, caller.FirmId, Instant.FromDateTimeOffset(clock.GetUtcNow())));
    }

    private const string Scope = "referrals";

    public static async Task<Ok<List<ReferralView>>> List(ClaimsPrincipal user, MatchingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var firm = Caller.Of(user).FirmId;
        var referrals = await db.Referrals.AsNoTracking().Include(r => r.Offers)
            .Where(r => r.ReferrerFirmId == firm || r.PartnerFirmId == firm).OrderByDescending(r => r.PostedAt).Take(100).ToListAsync(ct);
        return TypedResults.Ok(referrals.Select(r => ReferralView.For(r, firm, Instant.FromDateTimeOffset(clock.GetUtcNow()))).ToList());
    }

    /// <summary>The referrer sees its referral; the partner who won it sees it too (with the client's name once accepted).</summary>
    public static async Task<Results<Ok<ReferralView>, NotFound>> Get(Guid id, ClaimsPrincipal user, MatchingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var firm = Caller.Of(user).FirmId;
        var referral = await db.Referrals.AsNoTracking().Include(r => r.Offers).FirstOrDefaultAsync(r => r.Id == id && (r.ReferrerFirmId == firm || r.PartnerFirmId == firm), ct);
        return referral is null ? TypedResults.NotFound() : TypedResults.Ok(ReferralView.For(referral, firm, Instant.FromDateTimeOffset(clock.GetUtcNow())));
    }

    /// <summary>
    /// The ranked candidates, best first, each with its factors' points (for bars), its latest offer and what the partner
    /// answered; whether the next wave may go now (and why not); and for an unmatched referral, the changes it could be
    /// reposted with, each ranked afresh as the repost would be.
    /// </summary>
    public static async Task<Results<Ok<CandidatesView>, NotFound>> Candidates(Guid id, ClaimsPrincipal user, MatchingDbContext db, RankingIndexSource indexes,
        Matchmaker matchmaker, TimeProvider clock, CancellationToken ct)
    {
        var firm = Caller.Of(user).FirmId;
        var referral = await db.Referrals.AsNoTracking().Include(r => r.Offers)
            .FirstOrDefaultAsync(r => r.Id == id && r.ReferrerFirmId == firm, ct);
        if (referral is null)
        {
            return TypedResults.NotFound();
        }
        var offers = referral.Offers.ToLookup(o => o.PartnerFirmId);
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var suggestions = referral.Status == ReferralStatus.Unmatched && referral.RepostedAs is null
            ? Matchmaker.Suggestions(await indexes.GetAsync(ct), referral, now).Select(RepostSuggestionView.Of).ToList() : null;
        return TypedResults.Ok(new CandidatesView(
            [.. referral.Candidates.OrderBy(c => c.Rank).Select(c => View(c, offers[c.FirmId].OrderBy(o => o.Wave).LastOrDefault()))],
            [.. referral.NearMisses.Select(m => new NearMissView(m.FirmId, m.Name, m.Reasons))], NextWave(referral, matchmaker.PlanFor(referral, now).Size), suggestions));
    }

    /// <summary>A candidate with its latest offer; an open one says when it runs out, for the referrer's countdown; a declined one what the partner said.</summary>
    private static CandidateView View(Candidacy c, Offer? offer) => new(c.Rank, c.FirmId, c.Name, c.Score, c.EarliestStart, c.StartConfirmed,
        c.ExistingPartner, offer?.Status.ToString(), offer?.Status == OfferStatus.Open ? offer.DueAt.ToDateTimeOffset() : null, [.. c.Explanation],
        offer?.Status == OfferStatus.Declined ? (offer.DeclineNote is { } note ? $"{offer.DeclineReason}: {note}" : offer.DeclineReason) : null,
        offer?.DeclineCode?.ToString(), offer?.RespondedAt?.ToDateTimeOffset(), offer?.Wave);

    /// <summary>While offers are out: the next wave's size and whether it may go now.</summary>
    private static NextWaveView? NextWave(Referral referral, int size)
    {
        if (referral.Status != ReferralStatus.Offering)
        {
            return null;
        }
        var left = referral.Candidates.Count(c => !c.Offered);
        try
        {
            referral.RequireEarlyWave();
            return new NextWaveView(Math.Min(left, size), left, null);
        }
        catch (ReferralRuleException refused)
        {
            return new NextWaveView(Math.Min(left, size), left, refused.Message);
        }
    }

    /// <summary>
    /// The audit trail as the caller may see it: the referrer all of it; the partner that won its own steps and the
    /// referral's; a partner that was offered it and did not win, only the steps of its own offer (its questions, an
    /// extension, its answer), nothing of how the referral went on. No partner sees another partner's steps.
    /// </summary>
    public static async Task<Results<Ok<List<TransitionView>>, NotFound>> Timeline(Guid id, ClaimsPrincipal user, MatchingDbContext db, CancellationToken ct)
    {
        var firm = Caller.Of(user).FirmId;
        var sides = await db.Referrals.Where(r => r.Id == id && (r.ReferrerFirmId == firm || r.PartnerFirmId == firm || r.Offers.Any(o => o.PartnerFirmId == firm)))
            .Select(r => new { r.ReferrerFirmId, r.PartnerFirmId }).FirstOrDefaultAsync(ct);
        if (sides is null)
        {
            return TypedResults.NotFound();
        }
        var referrerFirm = sides.ReferrerFirmId;
        var ownOfferOnly = firm != referrerFirm && firm != sides.PartnerFirmId;
        var steps = await db.ReferralTransitions.AsNoTracking().Where(t => t.ReferralId == id).OrderBy(t => t.At).ThenBy(t => t.Id).ToListAsync(ct);
        return TypedResults.Ok(steps.Where(t => ownOfferOnly ? t.AboutFirmId == firm : t.VisibleTo(firm, referrerFirm))
            .Select(t => new TransitionView(t.At.ToDateTimeOffset(), t.From.ToString(), t.To.ToString(), t.ByAsSeenBy(firm, referrerFirm), t.WhyAsSeenBy(firm, referrerFirm))).ToList());
    }

    /// <summary>
    /// The referrer confirms the partner who accepted: the hold becomes a booking. Three steps, so that no transaction
    /// is open while Scheduling is asked: mark the confirmation pending and commit; book the partner's time (holding it
    /// first when accepting could not); then, under the lock again, finish the confirmation or give it up, releasing any
    /// hold this confirmation placed. A confirmation left pending by a request that died is given up by the job.
    /// </summary>
    public static async Task<Results<Ok<ReferralView>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem>> Confirm(
        Guid id, ClaimsPrincipal user, MatchingDbContext db, Matchmaker matchmaker, ISchedulingApi scheduling, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        var attempt = Guid.Empty;
        var begun = await ReferralStore.ChangeAsync(db, id, caller, ReferralStore.Referrer, (referral, now) => { attempt = referral.BeginConfirm(now, caller.Subject); }, clock, ct);
        if (begun is not ReferralChange.Done { Row: var accepted })
        {
            return begun.Answer(r => ReferralView.For(r, caller.FirmId, Instant.FromDateTimeOffset(clock.GetUtcNow())));
        }

        // Once begun, the step is seen through even if the referrer goes away (each call to Scheduling has the resilience
        // handler's timeouts), so that a pending step is left to the job only when this instance dies.
        var (placed, failure) = await BookAsync(accepted, matchmaker, scheduling, CancellationToken.None);
        ReferralChange finished;
        try
        {
            finished = await ReferralStore.ChangeAsync(db, id, null, ReferralStore.Referrer, (referral, now) =>
            {
                if (failure is not null)
                {
                    referral.AbandonConfirm(attempt, failure, now, caller.Subject);
                    return;
                }
                referral.FinishConfirm(attempt, now, caller.Subject, placed);
                db.AddIntegrationEvent(new ReferralMatched(Guid.NewGuid(), now.ToDateTimeOffset(), referral.Id, referral.ReferrerFirmId, referral.PartnerFirmId!.Value,
                    referral.PlannedStart?.ToDateOnly(), referral.PlannedFinish?.ToDateOnly()), referral.Id.ToString());
            }, clock, CancellationToken.None);
        }
        catch
        {
            await matchmaker.ReleaseAsync(placed?.Holds ?? []); // the database failed: what this confirmation held goes back
            throw;
        }
        if (finished is not ReferralChange.Done || failure is not null)
        {
            await matchmaker.ReleaseAsync(placed?.Holds ?? []);
        }
        return failure is not null ? Problems.Conflict(failure) : finished.Answer(r => ReferralView.For(r, caller.FirmId, Instant.FromDateTimeOffset(clock.GetUtcNow())));
    }

    /// <summary>
    /// Books the accepted partner's time in Scheduling, holding it first if accepting could not (Scheduling was down then).
    /// Returns the holds this placed, or why booking failed (in words, for the referrer). No transaction may be open.
    /// </summary>
    private static async Task<(HeldTime? Placed, string? Failure)> BookAsync(Referral referral, Matchmaker matchmaker, ISchedulingApi scheduling, CancellationToken ct)
    {
        HeldTime? placed = null;
        var holds = referral.HoldIds;
        if (holds.Count == 0)
        {
            switch (await matchmaker.HoldAsync(referral, referral.PartnerFirmId!.Value, partnerAsks: false, ct))
            {
                case HoldOutcome.Held held:
                    (placed, holds) = (held.Time, [.. held.Time.Holds]);
                    break;
                case HoldOutcome.Refused refused:
                    return (null, refused.Why);
                default:
                    return (null, "Scheduling cannot be reached to book the partner's time just now; confirm again in a minute.");
            }
        }
        try
        {
            foreach (var hold in holds)
            {
                var booked = await scheduling.ConfirmHold(hold, ct);
                if (!booked.IsSuccessStatusCode)
                {
                    return (placed, $"The partner's hold could not be booked ({booked.StatusCode}); it may have expired. Ask the partner to accept again.");
                }
            }
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            return (placed, "Scheduling cannot be reached to book the partner's time just now; confirm again in a minute.");
        }
        return (placed, null);
    }

    /// <summary>The partner who won the referral says work has started.</summary>
    public static async Task<Results<Ok<ReferralView>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem>> Start(
        Guid id, ClaimsPrincipal user, MatchingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        return (await ReferralStore.ChangeAsync(db, id, caller, ReferralStore.Partner, (referral, now) => referral.Start(now, caller.Subject), clock, ct))
            .Answer(r => ReferralView.For(r, caller.FirmId, Instant.FromDateTimeOffset(clock.GetUtcNow())));
    }

    /// <summary>
    /// Work done: the referrer states the job's value and currency (ISO 4217). The fee is computed from the agreement
    /// version shown on the accepted offer and stays pending until the partner confirms the value (or disputes it and
    /// the operator settles it); both sides are asked to rate.
    /// </summary>
    public static async Task<Results<Ok<ReferralView>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem>> Complete(
        Guid id, CompleteRequest request, ClaimsPrincipal user, MatchingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        var validation = new Validation()
            .Require(Money.IsAmount(request.JobValue), "jobValue", $"jobValue is required: the job's value, 0 to {Money.Max:N0} with at most two decimals.")
            .Require(request.Currency is null || Currencies.IsKnown(request.Currency), "currency", $"currency {Currencies.Rule}");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        return (await ReferralStore.ChangeAsync(db, id, caller, ReferralStore.Referrer, async (referral, now) =>
        {
            referral.Complete(request.JobValue!.Value, now, caller.Subject);
            db.Fees.Add(await FeeCalculator.StatedAsync(db, referral, request.Currency ?? referral.Currency ?? "USD", caller.Subject, now, ct));
            db.AddIntegrationEvent(new ReferralCompleted(Guid.NewGuid(), now.ToDateTimeOffset(), referral.Id, referral.ReferrerFirmId, referral.PartnerFirmId!.Value),
                referral.Id.ToString());
        }, clock, ct)).Answer(r => ReferralView.For(r, caller.FirmId, Instant.FromDateTimeOffset(clock.GetUtcNow())));
    }

    /// <summary>The referrer withdraws the referral; the partner's held or booked time is given back once that is committed.</summary>
    public static async Task<Results<Ok<ReferralView>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem>> Cancel(
        Guid id, CancelRequest request, ClaimsPrincipal user, MatchingDbContext db, Matchmaker matchmaker, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        var validation = new Validation().Text(request.Reason, "reason", 500);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var cancelled = await ReferralStore.ChangeAsync(db, id, caller, ReferralStore.Referrer, (referral, now) => referral.Cancel(request.Reason!.Trim(), now, caller.Subject), clock, ct);
        if (cancelled is ReferralChange.Done done)
        {
            await matchmaker.ReleaseAsync(done.Row.HoldIds); // after the commit; an unconfirmed hold also expires by itself
        }
        return cancelled.Answer(r => ReferralView.For(r, caller.FirmId, Instant.FromDateTimeOffset(clock.GetUtcNow())));
    }

}
