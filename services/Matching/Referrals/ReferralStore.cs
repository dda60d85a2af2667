using Marketplace.Matching.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Matching.Referrals;

public static class ReferralStore
{
    /// <summary>
    /// Loads a referral with its offers and candidates after taking its row lock: every change to one referral
    /// (accepts, declines, expiries, confirmations) queues here, on one instance or two. Call inside a transaction.
    /// </summary>
    public static async Task<Referral?> LockAsync(MatchingDbContext db, Guid id, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "Referrals" WHERE "Id" = {id} FOR UPDATE""", ct);
        return await db.Referrals.Include(r => r.Offers).FirstOrDefaultAsync(r => r.Id == id, ct);
    }
}
