using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Messaging;

/// <summary>Deletes sent outbox rows, inbox rows and index changes once they are older than their retention.</summary>
public sealed class MessagingJanitor<TDbContext>(
    IServiceScopeFactory scopes, IOptions<OutboxOptions> options, TimeProvider clock, ILogger<MessagingJanitor<TDbContext>> log)
    : PollingJob(log) where TDbContext : DbContext
{
    protected override TimeSpan Interval => options.Value.CleanupInterval;

    public override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await CleanAsync(ct);
        return 0; // one delete per table cleans everything due
    }

    public async Task CleanAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var now = clock.GetUtcNow();
        var sentBefore = now - options.Value.SentRetention;
        var receivedBefore = now - options.Value.InboxRetention;
        await db.Set<OutboxMessage>().Where(m => m.SentAt != null && m.SentAt < sentBefore).ExecuteDeleteAsync(ct);
        await db.Set<InboxMessage>().Where(m => m.ReceivedAt < receivedBefore).ExecuteDeleteAsync(ct);
        if (db.Model.FindEntityType(typeof(IndexChange)) is not null)
        {
            // Old, and written by a transaction older than any still running: a replica that looked since has read it.
            await db.Database.ExecuteSqlAsync($"""
                DELETE FROM "IndexChanges" WHERE "At" < {now - IndexChanges.Retention}
                AND "TransactionId" < (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint
                """, ct);
        }
    }
}
