using System.Security.Claims;
using Marketplace.Contracts;
using Marketplace.Matching.Data;
using Marketplace.Matching.Idempotency;
using Marketplace.Matching.Referrals;
using Marketplace.Messaging;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Matching.Questions;

/// <summary>
/// Questions before accepting: on an open offer the partner asks, the referrer answers, and the referrer may extend the
/// deadline once. Only the offer's two firms see the thread; anyone else (another partner of the same referral included)
/// gets a 404, and the client's status page never shows it.
/// </summary>
public static class QuestionsApi
{
    private const string Scope = "offer-questions";

    public static IEndpointRouteBuilder MapQuestionsApi(this IEndpointRouteBuilder app)
    {
        var offers = app.MapGroup("/api/matching/offers").RequireAuthorization().WithTags("Offer questions");
        offers.MapGet("/{id:guid}/questions", Thread).WithSummary("An offer's questions and answers, and its deadline, for the offer's two firms");
        offers.MapGet("/{id:guid}/questions/{questionId:guid}", Question).WithSummary("One question of an offer's thread, with its answer");
        offers.MapPost("/{id:guid}/questions", Ask).WithSummary("The partner asks the referrer a question about an open offer (the deadline runs on)");
        offers.MapPost("/{id:guid}/questions/{questionId:guid}/answer", Answer).WithSummary("The referrer answers a question on an open offer, once");
        offers.MapPost("/{id:guid}/extend", Extend).WithSummary("The referrer extends an open offer's deadline once, by the partner's business hours");
        app.MapGroup("/api/matching/referrals").RequireAuthorization().WithTags("Offer questions")
            .MapGet("/{id:guid}/offers", OffersOf).WithSummary("A referral's offers with their threads: every offer for the referrer, its own for a partner");
        return app;
    }

    /// <summary>The thread of one offer, for the partner it was made to and the referrer (any of their members).</summary>
    public static async Task<Results<Ok<OfferThreadView>, NotFound>> Thread(Guid id, ClaimsPrincipal user, MatchingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        if (await OfferThreads.SidesAsync(db, id, caller.FirmId, ct) is null)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok((await OfferThreads.ThreadsAsync(db, db.Offers.Where(o => o.Id == id), Now(clock), ct)).Single());
    }

    /// <summary>One question, for the same two firms as its thread.</summary>
    public static async Task<Results<Ok<QuestionView>, NotFound>> Question(Guid id, Guid questionId, ClaimsPrincipal user, MatchingDbContext db, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        var question = await OfferThreads.SidesAsync(db, id, caller.FirmId, ct) is null ? null
            : await db.OfferQuestions.AsNoTracking().FirstOrDefaultAsync(q => q.Id == questionId && q.OfferId == id, ct);
        return question is null ? TypedResults.NotFound() : TypedResults.Ok(QuestionView.Of(question));
    }

    /// <summary>Every offer of the referral with its thread for the referrer; a partner that had an offer on it sees that one only.</summary>
    public static async Task<Results<Ok<List<OfferThreadView>>, NotFound>> OffersOf(Guid id, ClaimsPrincipal user, MatchingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var firm = Caller.Of(user).FirmId;
        var referrer = await db.Referrals.Where(r => r.Id == id).Select(r => (Guid?)r.ReferrerFirmId).FirstOrDefaultAsync(ct);
        var offers = db.Offers.Where(o => o.ReferralId == id && (referrer == firm || o.PartnerFirmId == firm));
        if (referrer is null || (referrer != firm && !await offers.AnyAsync(ct)))
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(await OfferThreads.ThreadsAsync(db, offers, Now(clock), ct));
    }

    /// <summary>
    /// The partner asks (an Owner or Dispatcher of the firm the offer was made to) while the offer is open, up to
    /// <see cref="OfferQuestion.MaxPerOffer"/> questions. With an Idempotency-Key a retried request asks once.
    /// </summary>
    public static async Task<Results<Created<QuestionView>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem>> Ask(
        Guid id, QuestionRequest? request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, ClaimsPrincipal user, MatchingDbContext db,
        TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        var validation = (request ?? new(null)).Validate()
            .Require(idempotencyKey is null || (idempotencyKey.Length is > 0 and <= IdempotencyKeys.MaxLength && !idempotencyKey.Any(char.IsControl)),
                "Idempotency-Key", $"Idempotency-Key must be 1 to {IdempotencyKeys.MaxLength} printable characters.");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        if (await OfferThreads.SidesAsync(db, id, caller.FirmId, ct) is not { } sides)
        {
            return TypedResults.NotFound();
        }
        var text = request!.Text!.Trim();
        if (idempotencyKey is not null && caller.CanDispatch)
        {
            switch (await IdempotencyKeys.ClaimAsync(db, caller.FirmId, Scope, idempotencyKey, IdempotencyKeys.Fingerprint(new { id, text }), Now(clock), ct))
            {
                case KeyClaim.Refused refused:
                    return refused.Problem;
                case KeyClaim.Done done:
                    var earlier = await db.OfferQuestions.AsNoTracking().FirstAsync(q => q.Id == done.ResourceId, ct);
                    return TypedResults.Created(Location(earlier), QuestionView.Of(earlier));
            }
        }
        else
        {
            idempotencyKey = null; // nothing is reserved for a caller who may not ask: the refusal below is all they get
        }

        OfferQuestion? asked = null;
        ReferralChange change;
        try
        {
            change = await ReferralStore.ChangeAsync(db, sides.ReferralId, caller, OfferThreads.SideOf(id, caller.FirmId), async (referral, now) =>
            {
                var count = await db.OfferQuestions.CountAsync(q => q.OfferId == id, ct);
                asked = referral.Ask(id, caller.FirmId, count, text, now, caller.Subject);
                db.OfferQuestions.Add(asked);
                var offer = referral.Offers.Single(o => o.Id == id);
                db.AddIntegrationEvent(new OfferQuestionAsked(Guid.NewGuid(), now.ToDateTimeOffset(), asked.Id, id, referral.Id, referral.ReferrerFirmId,
                    offer.PartnerFirmId, asked.Number, text, offer.DueAt.ToDateTimeOffset()), referral.Id.ToString());
                if (idempotencyKey is not null)
                {
                    await IdempotencyKeys.CompleteAsync(db, caller.FirmId, Scope, idempotencyKey, asked.Id, ct);
                }
            }, clock, ct);
        }
        catch when (idempotencyKey is not null)
        {
            db.ChangeTracker.Clear(); // nothing was stored (text PostgreSQL refuses, the database gone): the key is free again
            await IdempotencyKeys.ReleaseAsync(db, caller.FirmId, Scope, idempotencyKey, CancellationToken.None);
            throw;
        }
        if (change is not ReferralChange.Done && idempotencyKey is not null)
        {
            await IdempotencyKeys.ReleaseAsync(db, caller.FirmId, Scope, idempotencyKey, CancellationToken.None);
        }
        return change switch
        {
            ReferralChange.Done => TypedResults.Created(Location(asked!), QuestionView.Of(asked!)),
            ReferralChange.Refused refused => Problems.Conflict(refused.Why),
            ReferralChange.Forbidden => TypedResults.Forbid(),
            _ => TypedResults.NotFound(),
        };
    }

    /// <summary>
    /// The referrer (an Owner or Dispatcher) answers a question, once, while the offer is open. While the referral keeps the
    /// client's name from partners, an answer naming the client is refused: the partner learns it on accepting.
    /// </summary>
    public static async Task<Results<Ok<QuestionView>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem>> Answer(
        Guid id, Guid questionId, QuestionRequest? request, ClaimsPrincipal user, MatchingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        var validation = (request ?? new(null)).Validate();
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        if (await OfferThreads.SidesAsync(db, id, caller.FirmId, ct) is not { } sides
            || !await db.OfferQuestions.AnyAsync(q => q.Id == questionId && q.OfferId == id, ct))
        {
            return TypedResults.NotFound();
        }
        var text = request!.Text!.Trim();
        if (sides.IsReferrer(caller.FirmId) && sides.NamesHiddenClient(text))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["text"] = ["Your answer names the client, whose name stays hidden from partners until one accepts: describe the client without naming them."],
            });
        }
        OfferQuestion? answered = null;
        var change = await ReferralStore.ChangeAsync(db, sides.ReferralId, caller, OfferThreads.SideOf(id, caller.FirmId), async (referral, now) =>
        {
            answered = await db.OfferQuestions.FirstAsync(q => q.Id == questionId, ct);
            referral.Answer(answered, caller.FirmId, text, now, caller.Subject);
            var offer = referral.Offers.Single(o => o.Id == id);
            db.AddIntegrationEvent(new OfferQuestionAnswered(Guid.NewGuid(), now.ToDateTimeOffset(), answered.Id, id, referral.Id, referral.ReferrerFirmId,
                offer.PartnerFirmId, answered.Number, answered.Text, text, offer.DueAt.ToDateTimeOffset()), referral.Id.ToString());
        }, clock, ct);
        return change.Answer(_ => QuestionView.Of(answered!));
    }

    /// <summary>
    /// The referrer (an Owner or Dispatcher) gives the partner more time, once per offer, while it is open: the hours count in
    /// the partner's business week after the current deadline, as the deadline itself was counted. Expiry and the
    /// partner's reminder follow the new deadline.
    /// </summary>
    public static async Task<Results<Ok<OfferThreadView>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem>> Extend(
        Guid id, ExtendRequest? request, ClaimsPrincipal user, MatchingDbContext db, Matchmaker matchmaker, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        var validation = (request ?? new(null)).Validate();
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        if (await OfferThreads.SidesAsync(db, id, caller.FirmId, ct) is not { } sides)
        {
            return TypedResults.NotFound();
        }
        var hours = request!.BusinessHours!.Value;
        var week = await matchmaker.BusinessWeekOfAsync(sides.PartnerFirmId, ct); // read before the lock: the index may refresh from the database
        var change = await ReferralStore.ChangeAsync(db, sides.ReferralId, caller, OfferThreads.SideOf(id, caller.FirmId), (referral, now) =>
        {
            var offer = referral.ExtendDeadline(id, caller.FirmId, hours, (from, add) => week.AddWorkingTime(from, add), now, caller.Subject);
            db.AddIntegrationEvent(new OfferDeadlineExtended(Guid.NewGuid(), now.ToDateTimeOffset(), id, referral.Id, referral.ReferrerFirmId, offer.PartnerFirmId,
                offer.OriginalDueAt!.Value.ToDateTimeOffset(), offer.DueAt.ToDateTimeOffset(), hours), referral.Id.ToString());
        }, clock, ct);
        return change switch
        {
            ReferralChange.Done => TypedResults.Ok((await OfferThreads.ThreadsAsync(db, db.Offers.Where(o => o.Id == id), Now(clock), ct)).Single()),
            ReferralChange.Refused refused => Problems.Conflict(refused.Why),
            ReferralChange.Forbidden => TypedResults.Forbid(),
            _ => TypedResults.NotFound(),
        };
    }

    private static string Location(OfferQuestion q) => $"/api/matching/offers/{q.OfferId}/questions/{q.Id}";

    private static Instant Now(TimeProvider clock) => Instant.FromDateTimeOffset(clock.GetUtcNow());
}
