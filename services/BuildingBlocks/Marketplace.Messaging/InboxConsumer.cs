using System.Diagnostics.Metrics;
using Marketplace.Contracts;
using Marketplace.ServiceDefaults;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Messaging;

/// <summary>
/// A consumer whose effect is recorded once per (consumer, event id): the inbox row and the state change
/// commit together, and a redelivered or concurrently delivered copy finds the row and does nothing.
/// </summary>
public abstract class InboxConsumer<TMessage, TDbContext>(TDbContext db, TimeProvider clock) : IConsumer<TMessage>
    where TMessage : class
    where TDbContext : DbContext
{
    protected TDbContext Db => db;

    protected TimeProvider Clock => clock;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = (context.Message as IIntegrationEvent)?.EventId ?? context.MessageId
            ?? throw new InvalidOperationException("A message without an id cannot be de-duplicated.");
        var consumer = GetType().Name;
        var ct = context.CancellationToken;
        if (!await ConcernsAnyoneAsync(context.Message, ct))
        {
            return; // nothing to record: no transaction, no inbox row, no commit to wait for
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Blocks behind a concurrent copy until it commits, then finds its row.
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "InboxMessages" ("Consumer", "MessageId", "ReceivedAt")
            VALUES ({consumer}, {messageId}, {clock.GetUtcNow()})
            ON CONFLICT DO NOTHING
            """, ct);
        if (inserted == 0)
        {
            context.GetServiceOrCreateInstance<InboxMetrics>().Duplicate(consumer);
            return;
        }

        await HandleAsync(context.Message, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    protected abstract Task HandleAsync(TMessage message, CancellationToken ct);

    /// <summary>
    /// Whether handling the message could change anything, asked before the inbox transaction; a consumer that most
    /// messages do not concern (webhooks nobody subscribed to) says so here and skips the transaction and its commit.
    /// A copy redelivered after this said no is asked again: what it then changes is still recorded once.
    /// </summary>
    protected virtual Task<bool> ConcernsAnyoneAsync(TMessage message, CancellationToken ct) => Task.FromResult(true);
}
