using Marketplace.Matching.Data;
using Marketplace.Messaging;
using Marketplace.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Matching.Referrals;

public static class ReferralStore
{
    /// <summary>
    /// Every change to one referral (accepts, declines, expiries, confirmations, cancellations, the jobs), one way
    /// (<see cref="RowChanges.ChangeAsync{T}"/>): under the referral's row lock, checked that the caller's firm is the
    /// <paramref name="party"/> the change belongs to and that the caller may dispatch for it. A null
    /// <paramref name="caller"/> is the platform itself. <paramref name="change"/> must not call another service
    /// (DESIGN "Replicas").
    /// </summary>
    public static Task<ReferralChange> ChangeAsync(MatchingDbContext db, Guid id, Caller? caller, Func<Referral, Guid?> party,
        Func<Referral, Instant, Task> change, TimeProvider clock, CancellationToken ct, bool skipLocked = false) =>
        RowChanges.ChangeAsync(db, "Referrals", "Id", id,
            // Split: joined, the referral's row (its jsonb candidates above all) would be read and sent once per offer.
            async token => await db.Referrals.Include(r => r.Offers).AsSplitQuery().FirstAsync(r => r.Id == id, token) is var referral
                && (caller is null || party(referral) == caller.FirmId) ? referral : null,
            referral => caller is null || caller.CanDispatch,
            referral => change(referral, Instant.FromDateTimeOffset(clock.GetUtcNow())), ct, skipLocked);

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
