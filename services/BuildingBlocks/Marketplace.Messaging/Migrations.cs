using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Messaging;

/// <summary>
/// Applies pending migrations, then seeds, before the other hosted services (the bus, the dispatcher) start. Replicas
/// starting together on one database take turns (a PostgreSQL advisory lock held on one connection for both steps):
/// the first migrates and seeds, the next finds nothing left to do. EF's own migration lock alone let two replicas
/// run a hand-written SQL migration twice.
/// </summary>
internal sealed class DatabaseMigrator<TDbContext>(IServiceScopeFactory scopes, Func<TDbContext, CancellationToken, Task>? seed)
    : IHostedService where TDbContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            try
            {
                await creator.CreateAsync(cancellationToken);
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == "42P04")
            {
                // another replica created it a moment ago
            }
        }
        await db.Database.OpenConnectionAsync(cancellationToken); // kept open: migrations and seed run on it, under the lock
        try
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock(hashtext('marketplace-migrate'))", cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
            if (seed is not null)
            {
                await seed(db, cancellationToken);
            }
        }
        finally
        {
            // Released before the connection goes back to the pool: the lock is the session's, and the session outlives this use.
            try
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(hashtext('marketplace-migrate'))", CancellationToken.None);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
