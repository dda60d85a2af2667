using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Messaging;

/// <summary>
/// Applies pending migrations, then seeds, before the other hosted services (the bus, the dispatcher) start.
/// EF Core's migration lock serialises two instances starting together; the seed has a lock of its own, so of two
/// replicas starting on a new database one seeds and the other, waiting, then finds it seeded.
/// </summary>
internal sealed class DatabaseMigrator<TDbContext>(IServiceScopeFactory scopes, Func<TDbContext, CancellationToken, Task>? seed)
    : IHostedService where TDbContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        if (seed is not null)
        {
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('marketplace-seed'))", cancellationToken);
            await seed(db, cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
