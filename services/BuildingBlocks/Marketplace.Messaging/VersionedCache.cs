using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Messaging;

/// <summary>What an in-memory index was built from: a version a write changes in the same transaction as the data.</summary>
public sealed class IndexVersion
{
    public string Name { get; set; } = "";
    /// <summary>A fresh value per change (not a counter: two writers at once cannot lose one another's change).</summary>
    public Guid Version { get; set; }
}

public static class IndexVersions
{
    public static ModelBuilder AddIndexVersions(this ModelBuilder model)
    {
        model.Entity<IndexVersion>(e =>
        {
            e.ToTable("IndexVersions");
            e.HasKey(v => v.Name);
            e.Property(v => v.Name).HasMaxLength(100);
        });
        return model;
    }

    /// <summary>Marks the index changed; saved with the caller's SaveChanges, so the change and its version commit together.</summary>
    public static async Task TouchIndexAsync(this DbContext db, string name, CancellationToken ct)
    {
        var row = await db.Set<IndexVersion>().FindAsync([name], ct);
        if (row is null)
        {
            db.Add(new IndexVersion { Name = name, Version = Guid.NewGuid() });
        }
        else
        {
            row.Version = Guid.NewGuid();
        }
    }
}

/// <summary>
/// An immutable in-memory index every replica keeps right: it reads the index's version from the database at most once
/// per interval (at once after its own writes, <see cref="Invalidate"/>), and when the version moved it builds a new
/// index and swaps it in whole. The version is read before the data, so a build never claims a version newer than
/// what it loaded.
/// </summary>
public sealed class VersionedCache<TIndex, TDbContext>(IServiceScopeFactory scopes, string name, TimeSpan interval, TimeProvider clock,
    Func<TDbContext, CancellationToken, Task<TIndex>> build) : IDisposable
    where TIndex : class
    where TDbContext : DbContext
{
    private sealed record Built(TIndex Index, Guid? Version);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Built? _current;
    private long _checkAfterTicks;

    public void Dispose() => _gate.Dispose();

    /// <summary>After this replica's own write: the next read looks at the version at once.</summary>
    public void Invalidate() => Interlocked.Exchange(ref _checkAfterTicks, 0);

    public async Task<TIndex> GetAsync(CancellationToken ct)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && clock.GetUtcNow().UtcTicks < Interlocked.Read(ref _checkAfterTicks))
        {
            return current.Index;
        }
        await _gate.WaitAsync(ct);
        try
        {
            current = Volatile.Read(ref _current);
            if (current is not null && clock.GetUtcNow().UtcTicks < Interlocked.Read(ref _checkAfterTicks))
            {
                return current.Index; // another caller just looked
            }
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
            var version = await db.Set<IndexVersion>().AsNoTracking().Where(v => v.Name == name).Select(v => (Guid?)v.Version).FirstOrDefaultAsync(ct);
            if (current is null || current.Version != version)
            {
                current = new Built(await build(db, ct), version);
                Volatile.Write(ref _current, current);
            }
            Interlocked.Exchange(ref _checkAfterTicks, (clock.GetUtcNow() + interval).UtcTicks);
            return current.Index;
        }
        finally
        {
            _gate.Release();
        }
    }
}
