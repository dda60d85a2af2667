using System.Security.Claims;
using Marketplace.Contracts;
using Marketplace.Matching.Data;
using Marketplace.Matching.Idempotency;
using Marketplace.Messaging;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Matching.Referrals;

/// <summary>The referrer does not wait: the next wave now, or an unmatched referral posted again with one change.</summary>
public static class WavesAndRepostsApi
{
    public static RouteGroupBuilder MapWavesAndReposts(this RouteGroupBuilder referrals)
    {
        referrals.MapPost("/{id:guid}/next-wave", NextWave)
            .WithSummary("Offer the next wave now, before the current one runs out (at most two waves out at once)");
        referrals.MapPost("/{id:guid}/repost", Repost)
            .WithSummary("Post an unmatched referral again with one change (lower a level, widen the window, allow the other mode, include the directory)");
        return referrals;
    }

    /// <summary>
    /// The referrer's owner or dispatcher asks the next candidates now: the current wave's offers stay open (the first accept
    /// still wins), the next <c>waveSize</c> candidates get offers with their own deadlines. Refused (409, in words) when no
    /// offers are out, a partner is accepting, nobody is left to ask, or the wave before is still out.
    /// </summary>
    public static async Task<Results<Ok<ReferralView>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem>> NextWave(
        Guid id, ClaimsPrincipal user, MatchingDbContext db, Matchmaker matchmaker, MatchingMetrics metrics, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        Action? after = null;
        var result = await ReferralStore.ChangeAsync(db, id, caller, ReferralStore.Referrer, async (referral, now) =>
        {
            referral.RequireEarlyWave();
            var offered = await matchmaker.OfferNextWaveAsync(db, referral, now, caller.Subject, referral.EarlyWaveWhy, ct);
            after = () => metrics.AfterWave(referral, offered);
        }, clock, ct);
        if (result is ReferralChange.Done)
        {
            after?.Invoke();
        }
        return result.Answer(r => ReferralView.For(r, caller.FirmId, Instant.FromDateTimeOffset(clock.GetUtcNow())));
    }

    private const string Scope = "reposts";

    /// <summary>
    /// A new referral copying an unmatched one with <c>change</c> (and, lowering a level, which <c>skillId</c>): ranked and
    /// offered like any new referral, dated from the client's today when the first window has begun, and without the
    /// partners who declined the first. The first is reposted once (a second repost is a 409 naming the new one), both
    /// audit trails say so, and an <c>Idempotency-Key</c> makes a retried repost return the same new referral.
    /// </summary>
    public static async Task<Results<Created<ReferralView>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem>> Repost(
        Guid id, RepostRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, ClaimsPrincipal user, MatchingDbContext db,
        Matchmaker matchmaker, MatchingMetrics metrics, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        var original = await db.Referrals.AsNoTracking().Include(r => r.Offers).FirstOrDefaultAsync(r => r.Id == id && r.ReferrerFirmId == caller.FirmId, ct);
        if (original is null)
        {
            return TypedResults.NotFound();
        }
        if (!caller.CanDispatch)
        {
            return TypedResults.Forbid();
        }
        var validation = request.Validate();
        if (idempotencyKey is { Length: 0 or > IdempotencyKeys.MaxLength } || idempotencyKey?.Any(char.IsControl) == true)
        {
            validation.Require(false, "Idempotency-Key", $"Idempotency-Key must be 1 to {IdempotencyKeys.MaxLength} printable characters.");
        }
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        if (idempotencyKey is not null)
        {
            switch (await IdempotencyKeys.ClaimAsync(db, caller.FirmId, Scope, idempotencyKey, IdempotencyKeys.Fingerprint(new { id, request }), now, ct))
            {
                case KeyClaim.Refused refused:
                    return refused.Problem;
                case KeyClaim.Done done:
                    var earlier = await db.Referrals.AsNoTracking().Include(r => r.Offers).FirstAsync(r => r.Id == done.ResourceId, ct);
                    return TypedResults.Created($"/api/matching/referrals/{earlier.Id}", ReferralView.For(earlier, caller.FirmId, Instant.FromDateTimeOffset(clock.GetUtcNow())));
            }
        }
        var change = Enum.Parse<RepostChange>(request.Change!);
        var today = now.InZone(original.ClientZone).Date;
        Referral copy;
        string words;
        try
        {
            words = original.Describe(change, request.SkillId, today);
            copy = original.RepostCopy(change, request.SkillId, today, now);
        }
        catch (ReferralRuleException refused)
        {
            await ReleaseAsync(db, caller, idempotencyKey);
            return Problems.Conflict(refused.Message);
        }

        // Ranked and its starts confirmed with Scheduling before the original's lock is taken: no remote call in a transaction.
        var (candidates, nearMisses) = await matchmaker.ShortlistAsync(copy, now, ct, exclude: original.Decliners);
        var offered = 0;
        ReferralChange reposted;
        try
        {
            reposted = await ReferralStore.ChangeAsync(db, id, caller, ReferralStore.Referrer, async (first, at) =>
            {
                first.Reposted(copy, words, at, caller.Subject); // again under the lock: a repost meanwhile is refused here
                offered = await matchmaker.PostAsync(db, copy, candidates, nearMisses, at, ct);
                if (idempotencyKey is not null)
                {
                    await IdempotencyKeys.CompleteAsync(db, caller.FirmId, Scope, idempotencyKey, copy.Id, ct);
                }
            }, clock, ct);
        }
        catch when (idempotencyKey is not null)
        {
            db.ChangeTracker.Clear();
            await ReleaseAsync(db, caller, idempotencyKey);
            throw;
        }
        if (reposted is not ReferralChange.Done)
        {
            await ReleaseAsync(db, caller, idempotencyKey);
            return reposted switch
            {
                ReferralChange.Refused refused => Problems.Conflict(refused.Why),
                ReferralChange.Forbidden => TypedResults.Forbid(),
                _ => TypedResults.NotFound(),
            };
        }
        metrics.ReferralPosted();
        metrics.AfterWave(copy, offered);
        return TypedResults.Created($"/api/matching/referrals/{copy.Id}", ReferralView.For(copy, caller.FirmId, Instant.FromDateTimeOffset(clock.GetUtcNow())));
    }

    private static async Task ReleaseAsync(MatchingDbContext db, Caller caller, string? key)
    {
        if (key is not null)
        {
            await IdempotencyKeys.ReleaseAsync(db, caller.FirmId, Scope, key, CancellationToken.None);
        }
    }
}

/// <summary>One change (LowerLevel, WidenWindow, AllowOtherMode, IncludeDirectory); lowering a level names the skill.</summary>
public sealed record RepostRequest(string? Change, string? SkillId)
{
    public Validation Validate() => new Validation()
        .Require(Change is not null && Enum.GetNames<RepostChange>().Contains(Change, StringComparer.Ordinal), "change",
            $"change must be one of {string.Join(", ", Enum.GetNames<RepostChange>())}.")
        .Require(Change != nameof(RepostChange.LowerLevel) || SkillId is { Length: > 0 and <= 100 }, "skillId",
            "skillId is required to lower a level: the skill whose minimum level goes down by one.")
        .Require(SkillId is null || SkillId.Length <= 100, "skillId", "skillId must be at most 100 characters.");
}
