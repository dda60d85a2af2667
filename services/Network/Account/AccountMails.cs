using Marketplace.Contracts;
using Marketplace.Messaging;
using Marketplace.Network.Data;
using Marketplace.Network.Members;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Network.Account;

/// <summary>
/// The mails about a person's account, queued in the outbox with the change that calls for them (Notifications sends
/// them). Each carries a link to the portal page that acts on it, with a one-time token; only the token's hash is kept here.
/// </summary>
public static class AccountMails
{
    public const string VerifyEmail = "verify-email";
    public const string ResetPassword = "reset-password";
    public const string Invitation = "invitation";

    /// <summary>A fresh verification link for the member's address (7 days).</summary>
    public static void SendVerification(NetworkDbContext db, Member member, string firmName, AccountOptions options, TimeProvider clock) =>
        Send(db, member, firmName, AccountTokenPurpose.VerifyEmail, VerifyEmail, "account/verify", options, clock);

    /// <summary>A link to choose a new password (30 minutes).</summary>
    public static void SendPasswordReset(NetworkDbContext db, Member member, string firmName, AccountOptions options, TimeProvider clock) =>
        Send(db, member, firmName, AccountTokenPurpose.ResetPassword, ResetPassword, "account/reset", options, clock);

    /// <summary>
    /// The invitation to the invitee's address: the portal's join page with the invitation's token. The invitee has told
    /// nobody their name yet, so Name is empty.
    /// </summary>
    public static void SendInvitation(NetworkDbContext db, Invitation invitation, string token, string firmName, AccountOptions options) =>
        db.AddIntegrationEvent(new AccountMailRequested(Guid.NewGuid(), invitation.CreatedAt, Invitation, invitation.Email, "", firmName,
            options.Link("join", token), invitation.ExpiresAt), invitation.FirmId.ToString());

    private static void Send(NetworkDbContext db, Member member, string firmName, AccountTokenPurpose purpose, string kind, string page,
        AccountOptions options, TimeProvider clock)
    {
        var (token, secret) = AccountToken.Issue(member.Id, purpose, clock);
        db.AccountTokens.Add(token);
        db.AddIntegrationEvent(new AccountMailRequested(Guid.NewGuid(), token.CreatedAt, kind, member.Email, member.Name, firmName,
            options.Link(page, secret), token.ExpiresAt), member.FirmId.ToString());
    }

    /// <summary>
    /// The address's mail count for this hour, under its row lock (held to the end of the caller's transaction, so two
    /// requests for one address count one after the other). Unknown addresses get a row like any other.
    /// </summary>
    public static async Task<AccountMailThrottle> ThrottleAsync(NetworkDbContext db, string email, DateTimeOffset now, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "AccountMailThrottles" ("Email", "WindowStartedAt", "Sent") VALUES ({email}, {now}, 0) ON CONFLICT DO NOTHING
            """, ct);
        return await db.AccountMailThrottles.FromSql($"""SELECT * FROM "AccountMailThrottles" WHERE "Email" = {email} FOR UPDATE""").SingleAsync(ct);
    }

    /// <summary>
    /// Someone asked for a password reset of <paramref name="email"/> (or registered it again): when it belongs to a
    /// member and the address has mails left this hour, a reset link goes to it. The same statements run whether or
    /// not anyone has the address (the address's throttle row is written either way, in one transaction), so neither
    /// the answer nor its time tells who is a member.
    /// </summary>
    public static async Task RequestPasswordResetAsync(NetworkDbContext db, string email, AccountOptions options, TimeProvider clock, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var throttle = await ThrottleAsync(db, email, now, ct);
        var allowed = throttle.TryTake(now, options.MailsPerAddressPerHour);
        var found = await db.Members.Where(m => m.Email == email)
            .Select(m => new { Member = m, FirmName = db.Firms.Where(f => f.Id == m.FirmId).Select(f => f.Name).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        if (allowed && found is not null)
        {
            SendPasswordReset(db, found.Member, found.FirmName ?? "", options, clock);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
