using Marketplace.Network.Data;
using Marketplace.Network.Members;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Network.SignIn;

/// <summary>The outcome of a password sign-in: the member, or the sentence to refuse with.</summary>
public sealed record SignInOutcome(Member? Member, string? Refusal);

/// <summary>
/// Checks a member's password under its address's throttle: one try at a time per address (the throttle's row lock),
/// the same work for unknown addresses (a password hash is checked either way), and the throttle updated with the
/// answer in the same transaction. No remote call is made while it is open.
/// </summary>
public static class PasswordSignIn
{
    public const string WrongPassword = "The e-mail address or password is wrong.";

    public static async Task<SignInOutcome> CheckAsync(NetworkDbContext db, string email, string password, SignInThrottleOptions rules, TimeProvider clock, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"""INSERT INTO "SignInThrottles" ("Email", "Failures") VALUES ({email}, 0) ON CONFLICT DO NOTHING""", ct);
        var throttle = await db.SignInThrottles.FromSql($"""SELECT * FROM "SignInThrottles" WHERE "Email" = {email} FOR UPDATE""").SingleAsync(ct);
        var now = clock.GetUtcNow();
        SignInOutcome outcome;
        if (throttle.WaitFor(now, rules) is not null)
        {
            outcome = new(null, throttle.Refusal(now, rules)); // too soon (or locked): refused unchecked, nothing changes
        }
        else
        {
            var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Email == email, ct);
            var right = member is null ? Member.CheckAgainstNobody(password) : member.HasPassword(password);
            if (right && member is not null)
            {
                throttle.Succeeded();
                outcome = new(member, null);
            }
            else
            {
                throttle.Failed(now, rules);
                // Past the free tries the person is told to wait (how long), whatever the clock did between tries.
                outcome = new(null, throttle.Failures >= rules.FreeFailures ? throttle.Refusal(now, rules) : WrongPassword);
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return outcome;
    }
}
