using System.Security.Claims;
using Marketplace.Messaging;
using Marketplace.Network.Data;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Network.Ratings;

public static class RatingsApi
{
    public static IEndpointRouteBuilder MapRatingsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/network/ratings", Rate).RequireAuthorization().WithTags("Ratings");
        app.MapGet("/api/network/firms/{firmId:guid}/reputation", GetReputation).RequireAuthorization().WithTags("Ratings");
        return app;
    }

    public static async Task<Results<Created<RatingView>, ValidationProblem, NotFound, ForbidHttpResult, ProblemHttpResult>> Rate(
        RateRequest request, ClaimsPrincipal user, NetworkDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        var validation = new Validation()
            .Require(request.ReferralId is not null, "referralId", "referralId is required.")
            .Require(request.Score is >= 1 and <= 5, "score", "score must be 1 to 5.")
            .Text(request.Comment, "comment", Rating.MaxComment, required: false);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var referral = await db.CompletedReferrals.AsNoTracking().FirstOrDefaultAsync(r => r.ReferralId == request.ReferralId, ct);
        // A referral the caller's firm was not part of is none of its business.
        if (referral is null || (referral.ReferrerFirmId != caller.FirmId && referral.PartnerFirmId != caller.FirmId))
        {
            return TypedResults.NotFound();
        }
        if (!caller.CanDispatch)
        {
            return TypedResults.Forbid();
        }
        var (rating, recorded) = Rating.Record(referral, caller.FirmId, caller.Subject, request.Score!.Value, request.Comment, clock);
        db.Ratings.Add(rating);
        db.AddIntegrationEvent(recorded, rating.RatedFirmId.ToString());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return Problems.AlreadyExists("Your firm has already rated this referral.");
        }
        return TypedResults.Created($"/api/network/firms/{rating.RatedFirmId}/reputation",
            new RatingView(rating.ReferralId, rating.RatedFirmId, rating.Score, rating.Comment, rating.RatedAt));
    }

    /// <summary>Any member may see a firm's reputation: it is what the marketplace trusts partners by.</summary>
    public static async Task<Ok<Reputation>> GetReputation(Guid firmId, NetworkDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var ratings = await db.Ratings.AsNoTracking().Where(r => r.RatedFirmId == firmId).Select(r => new { r.Score, r.RatedAt }).ToListAsync(ct);
        return TypedResults.Ok(Reputation.Of([.. ratings.Select(r => (r.Score, r.RatedAt))], clock.GetUtcNow()));
    }
}

public sealed record RateRequest(Guid? ReferralId, int? Score, string? Comment);
public sealed record RatingView(Guid ReferralId, Guid RatedFirmId, int Score, string Comment, DateTimeOffset RatedAt);
