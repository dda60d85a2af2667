using System.Diagnostics;
using System.Text.Json;
using Marketplace.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Messaging;

public static class Outbox
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Queues an event in the current unit of work: it is stored by the same SaveChanges (and transaction)
    /// as the state change, and published afterwards by the dispatcher.
    /// </summary>
    public static void AddIntegrationEvent<TEvent>(this DbContext db, TEvent @event, string aggregateKey)
        where TEvent : class, IIntegrationEvent
    {
        db.Set<OutboxMessage>().Add(new OutboxMessage(@event.EventId)
        {
            MessageType = typeof(TEvent).FullName!,
            Body = JsonSerializer.Serialize(@event, Json),
            AggregateKey = aggregateKey,
            CreatedAt = @event.OccurredAt,
            NextAttemptAt = @event.OccurredAt,
            TraceParent = Activity.Current?.Id,
        });
    }
}
