using Marketplace.Matching.Data;
using Marketplace.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Matching.Tests;

/// <summary>Matching's consumers under MassTransit's test harness, on a real, migrated database of the test's own.</summary>
public sealed class MatchingHarness : IAsyncDisposable
{
    private TestDatabase _db = null!;
    private ServiceProvider _provider = null!;

    public ITestHarness Harness { get; private set; } = null!;

    /// <summary>Scopes over the harness's database, for building a replica's own singletons (an index source, say).</summary>
    public IServiceScopeFactory Scopes => _provider.GetRequiredService<IServiceScopeFactory>();

    public static async Task<MatchingHarness> StartAsync()
    {
        var db = await TestDatabase.CreateAsync("matching");
        var provider = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddMetrics().AddSingleton<Marketplace.ServiceDefaults.MarketplaceMeter>() // the inbox counts redeliveries on the host's meter
            .AddDbContext<MatchingDbContext>(o => o.UseNpgsql(db.ConnectionString, n => n.UseNodaTime()))
            .AddMassTransitTestHarness(x => x.AddConsumers(typeof(MatchingDbContext).Assembly))
            .BuildServiceProvider(true);
        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MatchingDbContext>().Database.MigrateAsync();
        }
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        return new MatchingHarness { _db = db, _provider = provider, Harness = harness };
    }

    /// <summary>Publishes the messages one after another, each handled before the next goes out.</summary>
    public async Task DeliverInOrderAsync(params object[] messages)
    {
        foreach (var message in messages)
        {
            var before = Harness.Consumed.Select(_ => true).Count();
            await Harness.Bus.Publish(message);
            await Eventually.TrueAsync(() => Task.FromResult(Harness.Consumed.Select(_ => true).Count() > before), TimeSpan.FromSeconds(10));
            await Harness.InactivityTask; // the consumer has finished with it
        }
    }

    public async Task<T> QueryAsync<T>(Func<MatchingDbContext, Task<T>> query)
    {
        await using var scope = _provider.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<MatchingDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
        await _db.DisposeAsync();
    }
}
