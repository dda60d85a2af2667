using Marketplace.Matching.Data;
using Marketplace.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Matching.Referrals;

/// <summary>What became of a change to a referral.</summary>
public abstract record ReferralChange
{
    public sealed record Done(Referral Referral) : ReferralChange;

    /// <summary>No such referral, or not the caller's to change (the two look the same to the caller).</summary>
    public sealed record NotFound : ReferralChange;

    /// <summary>The caller's firm may change it, but not with the caller's role.</summary>
    public sealed record Forbidden : ReferralChange;

    /// <summary>The state machine refused the move: nothing was saved; the reason is for the caller (a 409).</summary>
    public sealed record Refused(string Why) : ReferralChange;

    /// <summary>Another request or instance holds the referral's lock (only when asked to skip locked referrals).</summary>
    public sealed record Busy : ReferralChange;
}

public static class ReferralStore
{
    /// <summary>
    /// Every change to one referral (accepts, declines, expiries, confirmations, cancellations, the jobs), one way:
    /// in a short transaction of its own, take the referral's row lock, load it, check that the caller's firm is the
    /// <paramref name="party"/> the change belongs to and that the caller may act for it, make the change, save, commit.
    /// Changes to one referral thus queue on its lock, on one instance or several. A move the state machine refuses
    /// (<see cref="ReferralRuleException"/>) saves nothing. <paramref name="change"/> must not call another service:
    /// ask it before, or after the commit, never with the lock held (DESIGN "Replicas"). A null
    /// <paramref name="caller"/> is the platform itself; <paramref name="skipLocked"/> is for jobs, which leave a
    /// referral someone is changing to the next tick instead of waiting for it.
    /// </summary>
    public static async Task<ReferralChange> ChangeAsync(MatchingDbContext db, Guid id, Caller? caller, Func<Referral, Guid?> party,
        Func<Referral, Instant, Task> change, TimeProvider clock, CancellationToken ct, bool skipLocked = false)
    {
        // A change made after an earlier one in the same scope (the two halves of an accept) must see the referral as
        // committed now, including what others did in between, not the copy this context loaded before.
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var locked = await (skipLocked
            ? db.Database.SqlQuery<Guid>($"""SELECT "Id" AS "Value" FROM "Referrals" WHERE "Id" = {id} FOR UPDATE SKIP LOCKED""")
            : db.Database.SqlQuery<Guid>($"""SELECT "Id" AS "Value" FROM "Referrals" WHERE "Id" = {id} FOR UPDATE""")).ToListAsync(ct);
        if (locked.Count == 0)
        {
            return skipLocked && await db.Referrals.AnyAsync(r => r.Id == id, ct) ? new ReferralChange.Busy() : new ReferralChange.NotFound();
        }
        var referral = await db.Referrals.Include(r => r.Offers).FirstAsync(r => r.Id == id, ct);
        if (caller is not null && party(referral) != caller.FirmId)
        {
            return new ReferralChange.NotFound();
        }
        if (caller is not null && !caller.CanDispatch)
        {
            return new ReferralChange.Forbidden();
        }
        try
        {
            await change(referral, Instant.FromDateTimeOffset(clock.GetUtcNow()));
        }
        catch (ReferralRuleException ex)
        {
            return new ReferralChange.Refused(ex.Message);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new ReferralChange.Done(referral);
    }

    /// <summary>A change with nothing to await.</summary>
    public static Task<ReferralChange> ChangeAsync(MatchingDbContext db, Guid id, Caller? caller, Func<Referral, Guid?> party,
        Action<Referral, Instant> change, TimeProvider clock, CancellationToken ct, bool skipLocked = false) =>
        ChangeAsync(db, id, caller, party, (referral, now) =>
        {
            change(referral, now);
            return Task.CompletedTask;
        }, clock, ct, skipLocked);

    /// <summary>The firm a referral's referrer-side changes belong to.</summary>
    public static Guid? Referrer(Referral referral) => referral.ReferrerFirmId;

    /// <summary>The firm that won the referral (its partner-side changes).</summary>
    public static Guid? Partner(Referral referral) => referral.PartnerFirmId;
}
