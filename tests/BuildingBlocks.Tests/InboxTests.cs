using Marketplace.Messaging;
using Marketplace.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Marketplace.BuildingBlocks.Tests;

public sealed class InboxTests
{
    [Fact]
    public async Task The_same_message_delivered_many_times_changes_state_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync("inbox");
        await using var vhost = await TestVirtualHost.CreateAsync();
        await Hosts.CreateSchemaAsync(db);
        var deliveries = new Deliveries();
        using var service = await Hosts.StartServiceAsync(db, vhost,
            x => x.AddConsumer<CountingConsumer>(c => c.ConcurrentMessageLimit = 8),
            s => s.AddSingleton(deliveries));
        var bus = service.Services.GetRequiredService<IBus>();
        await using (var context = Hosts.Open(db))
        {
            context.Counters.Add(new Counter { Id = "c1" });
            await context.SaveChangesAsync(ct);
        }

        var once = new ThingCounted(Guid.NewGuid(), DateTimeOffset.UtcNow, "c1");
        var other = new ThingCounted(Guid.NewGuid(), DateTimeOffset.UtcNow, "c1");
        // Redelivered one after another, and concurrently (as with two consumers racing).
        for (var i = 0; i < 3; i++)
        {
            await bus.Publish(once, ct);
        }
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => bus.Publish(once, ct)));
        await bus.Publish(other, ct);

        (await Eventually.TrueAsync(() => Task.FromResult(deliveries.Count >= 12), TimeSpan.FromSeconds(30))).ShouldBeTrue(
            $"{deliveries.Count} of 12 deliveries seen");

        await using var check = Hosts.Open(db);
        (await check.Counters.SingleAsync(c => c.Id == "c1", ct)).Value.ShouldBe(2);
        (await check.Set<InboxMessage>().CountAsync(ct)).ShouldBe(2);
    }

    [Fact]
    public async Task Inbox_rows_outlive_redelivery_and_are_cleaned_only_after_the_retention()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync("inbox");
        await using var vhost = await TestVirtualHost.CreateAsync();
        await Hosts.CreateSchemaAsync(db);
        using var service = await Hosts.StartServiceAsync(db, vhost, _ => { });

        var now = DateTimeOffset.UtcNow;
        await using (var context = Hosts.Open(db))
        {
            context.Set<InboxMessage>().AddRange(
                new InboxMessage { Consumer = "c", MessageId = Guid.NewGuid(), ReceivedAt = now - TimeSpan.FromDays(2) },
                new InboxMessage { Consumer = "c", MessageId = Guid.NewGuid(), ReceivedAt = now - TimeSpan.FromDays(31) });
            await context.SaveChangesAsync(ct);
        }

        var janitor = service.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<MessagingJanitor<TestDbContext>>().Single();
        await janitor.CleanAsync(ct);

        await using var check = Hosts.Open(db);
        var left = await check.Set<InboxMessage>().ToListAsync(ct);
        left.Count.ShouldBe(1);
        left[0].ReceivedAt.ShouldBeGreaterThan(now - TimeSpan.FromDays(3));
    }
}
