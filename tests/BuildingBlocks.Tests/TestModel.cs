using System.Collections.Concurrent;
using Marketplace.Contracts;
using Marketplace.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.BuildingBlocks.Tests;

public sealed record SomethingHappened(Guid EventId, DateTimeOffset OccurredAt, string Aggregate, int Number) : IIntegrationEvent;

public sealed record ThingCounted(Guid EventId, DateTimeOffset OccurredAt, string Counter) : IIntegrationEvent;

public sealed class Counter
{
    public required string Id { get; init; }
    public int Value { get; set; }
}

public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    public DbSet<Counter> Counters => Set<Counter>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Counter>().HasKey(c => c.Id);
        modelBuilder.AddOutboxAndInbox();
    }
}

/// <summary>Deliberately not idempotent by itself: every handled message adds one, so only the inbox keeps it right.</summary>
public sealed class CountingConsumer(TestDbContext db, TimeProvider clock, Deliveries deliveries)
    : InboxConsumer<ThingCounted, TestDbContext>(db, clock), IConsumer<ThingCounted> // re-implemented to observe every delivery
{
    public new async Task Consume(ConsumeContext<ThingCounted> context)
    {
        try
        {
            await base.Consume(context);
        }
        finally
        {
            deliveries.Add(context.Message.EventId);
        }
    }

    // An atomic increment, so concurrent different messages never lose an update; only the inbox stops a repeat.
    protected override async Task HandleAsync(ThingCounted message, CancellationToken ct) =>
        await Db.Database.ExecuteSqlAsync($"""UPDATE "Counters" SET "Value" = "Value" + 1 WHERE "Id" = {message.Counter}""", ct);
}

public sealed class Deliveries
{
    private readonly ConcurrentQueue<Guid> _seen = new();
    public void Add(Guid id) => _seen.Enqueue(id);
    public int Count => _seen.Count;
}

public sealed class Collector(Received received) : IConsumer<SomethingHappened>
{
    public Task Consume(ConsumeContext<SomethingHappened> context)
    {
        received.Add(context.Message);
        return Task.CompletedTask;
    }
}

public sealed class Received
{
    private readonly ConcurrentQueue<SomethingHappened> _messages = new();
    public void Add(SomethingHappened m) => _messages.Enqueue(m);
    public IReadOnlyList<SomethingHappened> All => _messages.ToArray();
}
