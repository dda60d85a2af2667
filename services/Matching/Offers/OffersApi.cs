using System.Security.Claims;
using Marketplace.Contracts;
using Marketplace.Matching.Data;
using Marketplace.Matching.Questions;
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
        group.MapGet("/counts", Counts).WithSummary("Open offers, those new to the member and those due within two business hours, for the menu");
        group.MapPost("/read", Read).WithSummary("The member has seen the offers made up to a moment: they are no longer new to them");
        group.MapPost("/{id:guid}/accept", Accept);
        group.MapPost("/{id:guid}/decline", Decline);
        return group;
    }

    /// <summary>
    /// The partner's open offers, soonest due first, with the facts to decide on: the referrer and where it works (unless the
    /// referral is confidential), the client's zone, the budget and the fee accepting would cost from the terms in force
    /// when the offer was made, effort and weeks, whether less than two of the partner's business hours are left, and
    /// whether the offer is new to the member asking (made since they last opened the inbox, see <c>POST …/offers/read</c>).
    /// Also the offer's questions to the referrer with their answers, and whether the deadline was extended.
    /// </summary>
    public static async Task<Ok<List<InboxOfferView>>> Inbox(ClaimsPrincipal user, MatchingDbContext db, Matchmaker matchmaker, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        var firm = caller.FirmId;
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var open = await db.Offers.AsNoTracking().Where(o => o.PartnerFirmId == firm && o.Status == OfferStatus.Open && o.DueAt > now)
            .Join(db.Referrals, o => o.ReferralId, r => r.Id, (o, r) => new { Offer = o, Referral = r }).OrderBy(x => x.Offer.DueAt).ToListAsync(ct);
        var partnerships = open.Where(x => x.Offer.PartnershipId is not null).Select(x => x.Offer.PartnershipId!.Value).Distinct().ToList();
        var versions = (await db.AgreementVersions.AsNoTracking().Where(a => partnerships.Contains(a.PartnershipId)).ToListAsync(ct))
            .ToDictionary(a => (a.PartnershipId, a.Version));
        var questions = await OfferThreads.QuestionsOnAsync(db, [.. open.Select(x => x.Offer.Id)], ct);
        // Only the referrers of referrals that name them: a confidential referral's referrer is not even looked up.
        var named = open.Where(x => !x.Referral.Confidential).Select(x => x.Referral.ReferrerFirmId).Distinct().ToList();
        var referrers = await db.Partners.AsNoTracking().Where(p => named.Contains(p.FirmId)).ToDictionaryAsync(p => p.FirmId, ct);
        var readUpTo = await ReadUpToAsync(db, caller, ct);
        var week = await matchmaker.BusinessWeekOfAsync(firm, ct);
        return TypedResults.Ok(open.Select(x =>
        {
            var (o, r) = (x.Offer, x.Referral);
            var terms = o.PartnershipId is { } p && versions.TryGetValue((p, o.AgreementVersion), out var v) ? v : null;
            var referrer = r.Confidential ? null : referrers.GetValueOrDefault(r.ReferrerFirmId);
            return new InboxOfferView(o.Id, r.Id, r.Summary,
                [.. r.Skills.Select(s => new SkillView(s.SkillId, s.Name, s.MinLevel, s.Weight))], r.EffortHours, r.HoursPerWeek,
                r.EarliestStart.ToDateOnly(), r.LatestStart.ToDateOnly(), r.Mode.ToString(), r.Urgency.ToString(),
                r.Confidential ? null : r.ClientName, o.Wave, o.DueAt.ToDateTimeOffset(), (long)(o.DueAt - now).TotalMinutes, OfferTermsView.Of(terms, r.Confidential),
                [.. questions[o.Id].Select(QuestionView.Of)], Math.Max(0, OfferQuestion.MaxPerOffer - questions[o.Id].Count()),
                o.ExtendedAt?.ToDateTimeOffset(), o.OriginalDueAt?.ToDateTimeOffset(),
                o.MadeAt.ToDateTimeOffset(), InboxRead.IsNew(o.MadeAt, readUpTo), referrer?.Name, referrer?.Regions ?? [], r.ClientTimeZone,
                r.BudgetMin is null && r.BudgetMax is null ? null : new BudgetView(r.BudgetMin, r.BudgetMax, r.Currency),
                ExpectedFee.Of(terms, r.BudgetMin, r.BudgetMax, r.Currency), r.Need.Weeks, o.DueSoon(now, week));
        }).ToList());
    }

    /// <summary>
    /// How many open offers the firm has, how many are new to the member asking, and how many are due within two of the
    /// firm's business hours: for the menu's badges, without loading the whole inbox.
    /// </summary>
    public static async Task<Ok<InboxCountsView>> Counts(ClaimsPrincipal user, MatchingDbContext db, Matchmaker matchmaker, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var open = await db.Offers.AsNoTracking().Where(o => o.PartnerFirmId == caller.FirmId && o.Status == OfferStatus.Open && o.DueAt > now).ToListAsync(ct);
        var readUpTo = await ReadUpToAsync(db, caller, ct);
        var week = await matchmaker.BusinessWeekOfAsync(caller.FirmId, ct);
        return TypedResults.Ok(new InboxCountsView(open.Count, open.Count(o => InboxRead.IsNew(o.MadeAt, readUpTo)), open.Count(o => o.DueSoon(now, week))));
    }

    /// <summary>
    /// The member has seen the offers made up to <c>upTo</c> (default: now; never later than now, never moving back): they are
    /// no longer new to them. The portal posts this after showing the inbox, with the newest offer it showed.
    /// </summary>
    public static async Task<Results<NoContent, ValidationProblem>> Read(MarkReadRequest? request, ClaimsPrincipal user, MatchingDbContext db, TimeProvider clock,
        CancellationToken ct)
    {
        var caller = Caller.Of(user);
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var upTo = request?.UpTo is { } at ? Instant.FromDateTimeOffset(at) : now;
        if (caller.Subject.Length is 0 or > MaxSubject)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sub"] = ["Only a member's token has an inbox of its own to mark as read."] });
        }
        await InboxRead.MarkAsync(db, caller.FirmId, caller.Subject, upTo > now ? now : upTo, ct);
        return TypedResults.NoContent();
    }

    private const int MaxSubject = 200;

    private static async Task<Instant?> ReadUpToAsync(MatchingDbContext db, Caller caller, CancellationToken ct) =>
        await db.InboxReads.AsNoTracking().Where(r => r.FirmId == caller.FirmId && r.Subject == caller.Subject).Select(r => (Instant?)r.ReadUpTo).FirstOrDefaultAsync(ct);

    /// <summary>
    /// First accept wins, once, and the partner's time is held. Three steps, so that no transaction is open while
    /// Scheduling is asked: under the referral's lock the offer becomes Accepting (a second accept is refused from here
    /// on) and that is committed; the partner's time is planned and held, planned again when another accept took it
    /// meanwhile; under the lock again the accept is finished, or given up (the offer open again) with the holds
    /// released. When Scheduling cannot be reached the accept still goes through and the time is held on confirmation.
    /// </summary>
    public static async Task<Results<Ok<ReferralView>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem>> Accept(
        Guid id, ClaimsPrincipal user, MatchingDbContext db, Matchmaker matchmaker, MatchingMetrics metrics, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        if (await ReferralOf(db, id, caller, ct) is not { } referralId)
        {
            return TypedResults.NotFound();
        }
        var attempt = Guid.Empty;
        var begun = await ReferralStore.ChangeAsync(db, referralId, caller, PartnerOf(id), (referral, now) => { attempt = referral.BeginAccept(id, now, caller.Subject); }, clock, ct);
        if (begun is not ReferralChange.Done { Row: var accepting })
        {
            return begun.Answer(r => ReferralView.For(r, caller.FirmId, Instant.FromDateTimeOffset(clock.GetUtcNow())));
        }

        // Once begun, the accept is seen through even if the partner goes away (each call to Scheduling has the
        // resilience handler's timeouts), so that a pending accept is left to the job only when this instance dies.
        var outcome = await matchmaker.HoldAsync(accepting, caller.FirmId, partnerAsks: true, CancellationToken.None);
        var kept = false;
        Action? after = null;
        var finished = await FinishingAsync(outcome, matchmaker, () => ReferralStore.ChangeAsync(db, referralId, null, PartnerOf(id), async (referral, now) =>
        {
            if (outcome is HoldOutcome.Refused refusal && matchmaker.MovesOnAfterFailedHold)
            {
                // The partner cannot take it: its offer is closed and the next candidate asked now, not when the wave times out.
                referral.CloseFailedAccept(attempt, refusal.Why, now);
                db.AddIntegrationEvent(new OfferDeclined(Guid.NewGuid(), now.ToDateTimeOffset(), id, referral.Id, referral.ReferrerFirmId, caller.FirmId,
                    referral.Offers.Single(o => o.Id == id).DeclineReason!), referral.Id.ToString());
                var replaced = await matchmaker.OfferReplacementAsync(db, referral, now, CancellationToken.None);
                after = () => metrics.AfterWave(referral, replaced);
                return;
            }
            if (outcome is HoldOutcome.Refused refused)
            {
                var offer = referral.Offers.Single(o => o.Id == id);
                var waveOver = referral.AbandonAccept(attempt, refused.Why, now);
                if (offer.Status == OfferStatus.Expired)
                {
                    db.AddIntegrationEvent(new OfferExpired(Guid.NewGuid(), now.ToDateTimeOffset(), offer.Id, referral.Id, referral.ReferrerFirmId, offer.PartnerFirmId),
                        referral.Id.ToString());
                }
                var offered = waveOver ? await matchmaker.OfferNextWaveAsync(db, referral, now, "system", $"wave {referral.Wave} over; next wave", CancellationToken.None) : 0;
                after = () => metrics.AfterWave(referral, offered);
                return;
            }
            if (referral.FinishAccept(id, attempt, now, caller.Subject))
            {
                db.AddIntegrationEvent(new OfferAccepted(Guid.NewGuid(), now.ToDateTimeOffset(), id, referral.Id, referral.ReferrerFirmId, caller.FirmId),
                    referral.Id.ToString());
                after = () => metrics.OfferAccepted((now - referral.PostedAt).ToTimeSpan());
                if (outcome is HoldOutcome.Unreachable unreachable)
                {
                    referral.Record(referral.Status, referral.Status, now, "system", $"hold pending: {unreachable.Why}; it is placed on confirmation");
                }
            }
            // Also when the job finished this accept while Scheduling was being asked: the holds are still the partner's.
            kept = outcome is HoldOutcome.Held held && referral.KeepHolds(held.Time);
        }, clock, CancellationToken.None));
        if (outcome is HoldOutcome.Held placed && !(kept && finished is ReferralChange.Done))
        {
            await matchmaker.ReleaseAsync(placed.Time.Holds); // the referral moved on (cancelled) or the accept was given up
        }
        if (finished is ReferralChange.Done)
        {
            after?.Invoke(); // counted only once committed
        }
        return outcome is HoldOutcome.Refused why && finished is ReferralChange.Done
            ? Problems.Conflict(matchmaker.MovesOnAfterFailedHold ? $"{why.Why} The offer is closed and the referral goes on to the next partner." : why.Why)
            : finished.Answer(r => ReferralView.For(r, caller.FirmId, Instant.FromDateTimeOffset(clock.GetUtcNow())));
    }

    /// <summary>
    /// The partner says no: one of the four reasons (<c>code</c>: TooBusy, OutsideSkills, Budget, Dates) with an optional note, or
    /// (clients from before the codes) a reason in its own words. The referrer reads it; the next wave goes out when it was
    /// the wave's last open offer.
    /// </summary>
    public static async Task<Results<Ok<ReferralView>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem>> Decline(
        Guid id, DeclineRequest request, ClaimsPrincipal user, MatchingDbContext db, Matchmaker matchmaker, MatchingMetrics metrics, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        var (answer, errors) = request.Validate();
        if (answer is null)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (await ReferralOf(db, id, caller, ct) is not { } referralId)
        {
            return TypedResults.NotFound();
        }
        Action? after = null;
        var result = await ReferralStore.ChangeAsync(db, referralId, caller, PartnerOf(id), async (referral, now) =>
        {
            var waveOver = referral.Decline(id, answer, now, caller.Subject);
            db.AddIntegrationEvent(new OfferDeclined(Guid.NewGuid(), now.ToDateTimeOffset(), id, referral.Id, referral.ReferrerFirmId, caller.FirmId,
                answer.Sentence, answer.Code?.ToString()), referral.Id.ToString());
            var offered = waveOver ? await matchmaker.OfferNextWaveAsync(db, referral, now, "system", $"wave {referral.Wave} declined; next wave", ct) : 0;
            after = () =>
            {
                metrics.OfferDeclined();
                metrics.AfterWave(referral, offered);
            };
        }, clock, ct);
        if (result is ReferralChange.Done)
        {
            after?.Invoke(); // counted only once committed: a refused answer changed nothing
        }
        return result.Answer(r => ReferralView.For(r, caller.FirmId, Instant.FromDateTimeOffset(clock.GetUtcNow())));
    }

    /// <summary>The last step of an accept; should it fail outright (the database), the holds just placed are given back before the error goes on.</summary>
    private static async Task<ReferralChange> FinishingAsync(HoldOutcome outcome, Matchmaker matchmaker, Func<Task<ReferralChange>> finish)
    {
        try
        {
            return await finish();
        }
        catch when (outcome is HoldOutcome.Held held)
        {
            await matchmaker.ReleaseAsync(held.Time.Holds);
            throw;
        }
    }

    /// <summary>The referral an offer to the caller's firm belongs to; null when there is no such offer for the caller.</summary>
    private static async Task<Guid?> ReferralOf(MatchingDbContext db, Guid offerId, Caller caller, CancellationToken ct) =>
        await db.Offers.Where(o => o.Id == offerId && o.PartnerFirmId == caller.FirmId).Select(o => (Guid?)o.ReferralId).FirstOrDefaultAsync(ct);

    /// <summary>An answer to an offer belongs to the firm it was made to.</summary>
    private static Func<Referral, Guid?> PartnerOf(Guid offerId) => referral => referral.Offers.FirstOrDefault(o => o.Id == offerId)?.PartnerFirmId;

}

/// <summary>
/// A decline: <paramref name="Code"/> (TooBusy, OutsideSkills, Budget, Dates) with an optional <paramref name="Note"/>, or a
/// <paramref name="Reason"/> in the partner's own words (as before the codes; with a code it is taken as the note when no
/// note is given).
/// </summary>
public sealed record DeclineRequest(string? Reason, string? Code = null, string? Note = null)
{
    public (DeclineAnswer? Answer, Dictionary<string, string[]> Errors) Validate()
    {
        var max = DeclineAnswer.MaxText;
        if (Code is null)
        {
            return new Validation().Text(Reason, "reason", max).IsValid ? (DeclineAnswer.Typed(Reason!), []) : (null, new()
            {
                ["reason"] = [$"Choose a reason (code: {string.Join(", ", Enum.GetNames<DeclineCode>())}) or say why in at most {max} characters: it helps the referrer and the ranking."],
            });
        }
        var note = Note ?? Reason;
        var v = new Validation()
            .Require(Enum.GetNames<DeclineCode>().Contains(Code, StringComparer.Ordinal), "code",
                $"code must be one of {string.Join(", ", Enum.GetNames<DeclineCode>())}.")
            .Text(note, Note is null ? "reason" : "note", max, required: false);
        return v.IsValid ? (DeclineAnswer.Of(Enum.Parse<DeclineCode>(Code), note), []) : (null, new(v.Errors));
    }
}

public sealed record MarkReadRequest(DateTimeOffset? UpTo);

/// <summary>The firm's open offers, those new to the member asking, and those due within two of the firm's business hours.</summary>
public sealed record InboxCountsView(int Open, int New, int DueSoon);

public sealed record BudgetView(decimal? Min, decimal? Max, string? Currency);

/// <param name="ReferrerName">Null while the referral is confidential (nor are its regions given).</param>
/// <param name="IsNew">Made since the member asking last opened the inbox.</param>
/// <param name="Budget">Null when the referrer stated none.</param>
/// <param name="ExpectedFee">What accepting costs the partner, from <paramref name="Terms"/> and the budget.</param>
/// <param name="DueSoon">Less than two of the partner's business hours left.</param>
public sealed record InboxOfferView(Guid OfferId, Guid ReferralId, string Summary, IReadOnlyList<SkillView> Skills, int EffortHours, int HoursPerWeek,
    DateOnly EarliestStart, DateOnly LatestStart, string EngagementMode, string Urgency, string? ClientName, int Wave, DateTimeOffset DueAt, long MinutesLeft,
    OfferTermsView Terms, IReadOnlyList<QuestionView> Questions, int QuestionsLeft, DateTimeOffset? DeadlineExtendedAt, DateTimeOffset? OriginalDueAt,
    DateTimeOffset MadeAt, bool IsNew, string? ReferrerName, IReadOnlyList<string> ReferrerRegions, string ClientTimeZone, BudgetView? Budget,
    ExpectedFee ExpectedFee, int Weeks, bool DueSoon);

/// <summary>
/// The terms on an offer, as the fee will be computed: the partnership's agreement version, or the open directory's
/// platform terms (version 0: no fee, both modes, 4 business hours to answer).
/// </summary>
public sealed record OfferTermsView(Guid? PartnershipId, int AgreementVersion, string FeeKind, decimal? FeePercent, decimal? FeeAmount, string? FeeCurrency,
    IReadOnlyList<string> EngagementModes, int ResponseSlaBusinessHours, int NonSolicitMonths, string Summary)
{
    /// <param name="confidential">For a partner that has not accepted a confidential referral: the partnership's id would name
    /// the referrer (the partner's own list of partnerships has it), so it is left out; the terms stay, as the fee follows them.</param>
    public static OfferTermsView Of(Partnerships.AgreementVersion? a, bool confidential = false) => a is null
        ? new(null, 0, "None", null, null, null, ["HandOff", "WhiteLabel"], Ranker.DirectoryTerms.ResponseSlaHours, 0,
            "Platform terms (no partnership): no referral fee.")
        : new(confidential ? null : a.PartnershipId, a.Version, a.FeeKind, a.FeePercent, a.FeeAmount, a.FeeCurrency, a.EngagementModes, a.ResponseSlaBusinessHours, a.NonSolicitMonths,
            $"Agreement v{a.Version}: {Fees.FeeCalculator.Describe(a)}; {string.Join(" or ", a.EngagementModes)}; answer within {a.ResponseSlaBusinessHours} business hours; " +
            $"no soliciting the client for {a.NonSolicitMonths} months.");
}
