using Marketplace.Messaging;
using Marketplace.Notifications.Data;
using Marketplace.Notifications.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Notifications.Sending;

/// <summary>
/// Sends due messages: claims a batch in one short statement (SKIP LOCKED, a lease, committed at once), sends it with no
/// database transaction open, then records each outcome. A failure waits twice as long as the one before; a mailbox
/// refused for good marks the address dead, and nothing more is sent to it.
/// </summary>
public sealed partial class SendingJob(IServiceScopeFactory scopes, SmtpMailer mailer, MailMetrics metrics, TimeProvider clock,
    IOptions<NotificationsOptions> options, ILogger<SendingJob> log) : PollingJob(log)
{
    protected override TimeSpan Interval => options.Value.SendInterval;

    /// <summary>Sends one batch; returns how many messages it tried.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var claim = Guid.NewGuid();
        var claimed = await ClaimAsync(claim, ct);
        if (claimed.Count == 0)
        {
            return 0;
        }
        var results = await mailer.SendAsync(claimed, ct);
        await RecordAsync(claim, results, ct);
        return claimed.Count;
    }

    private async Task<List<Message>> ClaimAsync(Guid claim, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        var now = clock.GetUtcNow();
        // Mail to an address that refused mail before fails without another try; account mail, which the person has just
        // asked for (a password reset), is tried all the same, and revives the address when it gets through.
        await db.Database.ExecuteSqlAsync($"""
            UPDATE "Messages" AS m SET "Status" = 'Failed', "LastError" = left('The address refused mail before: ' || d."Reason", 2000)
            FROM "DeadAddresses" AS d
            WHERE m."Email" = d."Email" AND m."Status" = 'Pending' AND m."Kind" NOT LIKE 'account-%'
            AND (m."LeasedUntil" IS NULL OR m."LeasedUntil" <= {now})
            """, ct);
        return await db.Messages.FromSql($"""
            UPDATE "Messages" SET "LeasedUntil" = {now + options.Value.SendLease}, "ClaimId" = {claim}, "Attempts" = "Attempts" + 1
            WHERE "Id" IN (
                SELECT "Id" FROM "Messages"
                WHERE "Status" = 'Pending' AND "NextAttemptAt" <= {now} AND ("LeasedUntil" IS NULL OR "LeasedUntil" <= {now})
                AND ("Kind" LIKE 'account-%' OR NOT EXISTS (SELECT 1 FROM "DeadAddresses" AS d WHERE d."Email" = "Messages"."Email"))
                ORDER BY "NextAttemptAt" LIMIT {options.Value.SendBatchSize}
                FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).AsNoTracking().ToListAsync(ct);
    }

    private async Task RecordAsync(Guid claim, IReadOnlyList<SendResult> results, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var (message, outcome, error) in results)
        {
            var mine = db.Messages.Where(m => m.Id == message.Id && m.ClaimId == claim);
            var lastError = error is { Length: > 2000 } ? error[..2000] : error;
            switch (outcome)
            {
                case SendOutcome.Sent:
                    await mine.ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Sent).SetProperty(m => m.SentAt, now)
                        .SetProperty(m => m.LastError, (string?)null).SetProperty(m => m.LeasedUntil, (DateTimeOffset?)null), ct);
                    if (message.Kind.StartsWith(MessageKinds.Account(""), StringComparison.Ordinal))
                    {
                        await db.DeadAddresses.Where(d => d.Email == message.Email).ExecuteDeleteAsync(ct); // it takes mail again
                    }
                    break;
                case SendOutcome.Retry:
                    await mine.ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, now + options.Value.RetryAfter(message.Attempts))
                        .SetProperty(m => m.LastError, lastError).SetProperty(m => m.LeasedUntil, (DateTimeOffset?)null), ct);
                    break;
                default:
                    if (outcome == SendOutcome.AddressRefused)
                    {
                        await db.Database.ExecuteSqlAsync($"""
                            INSERT INTO "DeadAddresses" ("Email", "Reason", "At") VALUES ({message.Email}, {lastError ?? ""}, {now})
                            ON CONFLICT DO NOTHING
                            """, ct);
                    }
                    await mine.ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Failed)
                        .SetProperty(m => m.LastError, lastError).SetProperty(m => m.LeasedUntil, (DateTimeOffset?)null), ct);
                    break;
            }
            metrics.Record(outcome);
        }
        await tx.CommitAsync(ct);
        if (results.FirstOrDefault(r => r.Outcome == SendOutcome.Retry) is { } retry)
        {
            LogRetry(log, results.Count(r => r.Outcome == SendOutcome.Retry), retry.Error ?? "");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} messages could not be sent and will be retried: {Error}")]
    private static partial void LogRetry(ILogger logger, int count, string error);
}
