using Marketplace.Messaging;
using Marketplace.Network.Data;
using Marketplace.Network.Firms;
using Marketplace.Network.Members;
using Marketplace.ServiceDefaults;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Network.Account;

/// <summary>What follows from a member's address being verified, in the caller's transaction.</summary>
public static class Verification
{
    /// <summary>
    /// The member's address is verified (if it was not): MemberChanged is announced, and when the member is an Owner
    /// whose firm waited for that, the firm's wish to take referrals now counts (FirmUpdated).
    /// </summary>
    public static async Task MarkVerifiedAsync(NetworkDbContext db, Member member, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!member.VerifyEmail(now))
        {
            return;
        }
        db.AddIntegrationEvent(member.Changed(now), member.FirmId.ToString());
        await OwnerMayVouchAsync(db, member, clock, ct);
    }

    /// <summary>
    /// A verified Owner vouches for the firm: the first one makes the firm's wish to take referrals count. Takes the
    /// firm's row lock (as a profile change does), so what FirmUpdated says is what was committed. Needs a transaction.
    /// </summary>
    public static async Task OwnerMayVouchAsync(NetworkDbContext db, Member member, TimeProvider clock, CancellationToken ct)
    {
        if (member.Role != Roles.Owner || !member.EmailVerified)
        {
            return;
        }
        var firm = await db.Firms.FromSql($"""SELECT * FROM "Firms" WHERE "Id" = {member.FirmId} FOR UPDATE""").SingleAsync(ct);
        if (firm.OwnerHasVerified(clock) is { } updated)
        {
            db.AddIntegrationEvent(updated, firm.Id.ToString());
        }
    }

    /// <summary>
    /// Spends a one-time token of <paramref name="purpose"/> under its row lock (two requests with one token: the second
    /// finds it used) and lets <paramref name="act"/> change its member, all in one transaction. Null when the token is
    /// unknown, of another purpose, used or expired: nothing changes then.
    /// </summary>
    public static async Task<Member?> SpendAsync(NetworkDbContext db, string secret, AccountTokenPurpose purpose, TimeProvider clock,
        Func<Member, DateTimeOffset, Task> act, CancellationToken ct)
    {
        var hash = AccountToken.Hash(secret);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var token = await db.AccountTokens.FromSql($"""SELECT * FROM "AccountTokens" WHERE "TokenHash" = {hash} FOR UPDATE""").SingleOrDefaultAsync(ct);
        var now = clock.GetUtcNow();
        if (token is null || token.Purpose != purpose || !token.IsUsable(now))
        {
            return null;
        }
        token.Use(now);
        var member = await db.Members.SingleAsync(m => m.Id == token.MemberId, ct);
        await act(member, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return member;
    }

    /// <summary>The firm's name for a mail to one of its people.</summary>
    public static async Task<string> FirmNameAsync(NetworkDbContext db, Guid firmId, CancellationToken ct) =>
        await db.Firms.Where(f => f.Id == firmId).Select(f => f.Name).FirstOrDefaultAsync(ct) ?? "";
}
