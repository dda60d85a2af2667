using Marketplace.Messaging;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shouldly;

namespace Marketplace.BuildingBlocks.Tests;

public sealed class OutboxTests
{
    [Fact]
    public async Task Two_dispatchers_on_one_table_publish_every_row_exactly_once_and_each_aggregate_in_order()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scene = await OutboxScene.StartAsync();
        var (db, vhost, received) = (scene.Db, scene.VirtualHost, scene.Received);

        // 1,000 events over 25 aggregates, interleaved as a busy service writes them.
        const int total = 1_000;
        await using (var context = Hosts.Open(db))
        {
            var at = DateTimeOffset.UtcNow;
            for (var i = 0; i < total; i++)
            {
                var aggregate = $"agg-{i % 25}";
                context.AddIntegrationEvent(new SomethingHappened(Guid.NewGuid(), at, aggregate, i / 25), aggregate);
            }
            await context.SaveChangesAsync(ct);
        }

        using var first = await Hosts.StartServiceAsync(db, vhost, _ => { });
        using var second = await Hosts.StartServiceAsync(db, vhost, _ => { });

        (await Eventually.TrueAsync(() => Task.FromResult(received.All.Count >= total), TimeSpan.FromSeconds(90))).ShouldBeTrue(
            $"only {received.All.Count} of {total} arrived");
        await using (var check = Hosts.Open(db))
        {
            (await Eventually.TrueAsync(async () => await check.Set<OutboxMessage>().CountAsync(m => m.SentAt == null, ct) == 0, TimeSpan.FromSeconds(30)))
                .ShouldBeTrue("every row recorded as sent");
        }
        await first.StopAsync(ct);
        await second.StopAsync(ct);

        var all = await scene.EverythingPublishedAsync(); // a duplicate published before the dispatchers stopped is in here
        all.Count.ShouldBe(total);
        all.Select(m => m.EventId).Distinct().Count().ShouldBe(total);
        foreach (var aggregate in all.GroupBy(m => m.Aggregate))
        {
            aggregate.Select(m => m.Number).ShouldBe(Enumerable.Range(0, total / 25), $"{aggregate.Key} arrived out of order");
        }
    }

    [Fact]
    public async Task A_row_whose_publish_fails_backs_off_and_holds_back_the_rest_of_its_aggregate()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scene = await OutboxScene.StartAsync();
        var (db, vhost, received) = (scene.Db, scene.VirtualHost, scene.Received);

        await using (var context = Hosts.Open(db))
        {
            var at = DateTimeOffset.UtcNow;
            // A row whose type no longer resolves cannot be published: it must block only its own aggregate.
            context.Set<OutboxMessage>().Add(new OutboxMessage(Guid.NewGuid())
            {
                MessageType = "Marketplace.Contracts.NoSuchEvent", Body = "{}", AggregateKey = "blocked", CreatedAt = at, NextAttemptAt = at,
            });
            context.AddIntegrationEvent(new SomethingHappened(Guid.NewGuid(), at, "blocked", 1), "blocked");
            context.AddIntegrationEvent(new SomethingHappened(Guid.NewGuid(), at, "free", 1), "free");
            await context.SaveChangesAsync(ct);
        }

        using var service = await Hosts.StartServiceAsync(db, vhost, _ => { });
        await using var check = Hosts.Open(db);
        // Both aggregates were in the dispatcher's first batch: once the bad row has failed, that batch is over.
        (await Eventually.TrueAsync(async () => await check.Set<OutboxMessage>().AnyAsync(m => m.AggregateKey == "blocked" && m.Attempts > 0, ct),
            TimeSpan.FromSeconds(30))).ShouldBeTrue("the unpublishable row was tried");
        await service.StopAsync(ct);

        (await scene.EverythingPublishedAsync()).Select(m => m.Aggregate).ShouldBe(["free"]);
        var stuck = await check.Set<OutboxMessage>().Where(m => m.AggregateKey == "blocked").OrderBy(m => m.Sequence).ToListAsync(ct);
        stuck[0].Attempts.ShouldBeGreaterThan(0);
        stuck[0].LastError.ShouldNotBeNull().ShouldContain("NoSuchEvent");
        stuck[0].NextAttemptAt.ShouldBeGreaterThan(stuck[0].CreatedAt);
        stuck[1].SentAt.ShouldBeNull();
    }

    [Fact]
    public void Backoff_grows_and_is_capped()
    {
        var options = new OutboxOptions { MaxBackoff = TimeSpan.FromSeconds(30) };
        options.Backoff(1).ShouldBeInRange(TimeSpan.FromMilliseconds(800), TimeSpan.FromMilliseconds(1_200));
        options.Backoff(3).ShouldBeGreaterThan(options.Backoff(1) * 2);
        options.Backoff(50).ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(30));
    }
}

/// <summary>A database with the outbox table, a virtual host, and another service listening on it.</summary>
internal sealed class OutboxScene : IAsyncDisposable
{
    private IHost _listener = null!;

    public TestDatabase Db { get; private init; } = null!;
    public TestVirtualHost VirtualHost { get; private init; } = null!;
    public Received Received { get; } = new();

    public static async Task<OutboxScene> StartAsync()
    {
        var scene = new OutboxScene { Db = await TestDatabase.CreateAsync("outbox"), VirtualHost = await TestVirtualHost.CreateAsync() };
        await Hosts.CreateSchemaAsync(scene.Db);
        scene._listener = await Hosts.StartListenerAsync(scene.VirtualHost, scene.Received);
        return scene;
    }

    /// <summary>
    /// What the listener received, once a marker published after everything else has arrived: the queue is FIFO and
    /// consumed one at a time, so anything published before the marker (a duplicate included) arrived before it.
    /// </summary>
    public async Task<IReadOnlyList<SomethingHappened>> EverythingPublishedAsync()
    {
        var marker = new SomethingHappened(Guid.NewGuid(), DateTimeOffset.UtcNow, "marker", 0);
        await _listener.Services.GetRequiredService<IBus>().Publish(marker, TestContext.Current.CancellationToken);
        (await Eventually.TrueAsync(() => Task.FromResult(Received.All.Any(m => m.EventId == marker.EventId)), TimeSpan.FromSeconds(30)))
            .ShouldBeTrue("the marker arrived");
        return [.. Received.All.TakeWhile(m => m.EventId != marker.EventId)];
    }

    public async ValueTask DisposeAsync()
    {
        await _listener.StopAsync();
        _listener.Dispose();
        await VirtualHost.DisposeAsync();
        await Db.DisposeAsync();
    }
}
