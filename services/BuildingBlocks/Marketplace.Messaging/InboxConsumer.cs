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
}
