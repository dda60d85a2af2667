using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Messaging;

/// <summary>
/// Builds an index, or brings the previous one up to date: <paramref name="changed"/> holds the keys that moved since
/// <paramref name="previous"/> was built, or is null for a build from scratch (the first, or a change of everything).
/// </summary>
public delegate Task<TIndex> IndexBuild<TIndex, in TDbContext>(TDbContext db, TIndex? previous, IReadOnlySet<Guid>? changed, CancellationToken ct)
    where TIndex : class;

/// <summary>
/// An immutable in-memory index every replica keeps right. Writes record <see cref="IndexChange"/> rows in their own
/// transactions; each replica reads the rows it has not seen at most once per interval (at once after its own writes,
/// <see cref="Invalidate"/>) and swaps in an index updated for just the keys that moved.
/// <para>
/// Changes commit out of order, so "rows after the last one I saw" would miss a slow transaction's row. Each look
/// therefore reads, in one repeatable-read snapshot, every row whose transaction is not older than the oldest
/// transaction still running at the previous look (the snapshot's xmin): a row below that mark was committed, and read,
/// by then. Rows read before are remembered by id, so nothing is applied twice and a quiet look costs one indexed query.
/// </para>
/// </summary>
public sealed class VersionedCache<TIndex, TDbContext>(IServiceScopeFactory scopes, string name, TimeSpan interval, TimeProvider clock,
    IndexBuild<TIndex, TDbContext> build) : IDisposable
    where TIndex : class
    where TDbContext : DbContext
{
    private sealed record Built(TIndex Index, long Watermark, HashSet<long> Seen, DateTimeOffset CheckedAt);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Built? _current;
    // This replica's writes, counted after each commits, and how many of them the current index covers: a reader
    // waits for a look that began after the last write it may have seen, never for one that began before it.
    private long _writes = 1;
    private long _covered;

    public void Dispose() => _gate.Dispose();

    /// <summary>After this replica's own write has committed: the next read looks at the changes first.</summary>
    public void Invalidate() => Interlocked.Increment(ref _writes);

    public async Task<TIndex> GetAsync(CancellationToken ct)
    {
        var wanted = Interlocked.Read(ref _writes);
        if (Volatile.Read(ref _current) is { } current && Interlocked.Read(ref _covered) >= wanted)
        {
            if (clock.GetUtcNow() - current.CheckedAt < interval || !await _gate.WaitAsync(TimeSpan.Zero, ct))
            {
                return current.Index; // fresh enough, or another caller is looking: go on rather than queue behind it
            }
        }
        else
        {
            await _gate.WaitAsync(ct);
        }
        try
        {
            return Interlocked.Read(ref _covered) >= wanted && Volatile.Read(ref _current) is { } fresh && clock.GetUtcNow() - fresh.CheckedAt < interval
                ? fresh.Index // another caller just looked
                : (await LookAsync(ct)).Built.Index;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Looks for changes now (a background refresher's tick); returns how many change rows were new.</summary>
    public async Task<int> RefreshAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return (await LookAsync(ct)).Fresh;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>One look: the index now, and how many change rows it had not seen (all of them after a build from scratch).</summary>
    private async Task<(Built Built, int Fresh)> LookAsync(CancellationToken ct)
    {
        var covered = Interlocked.Read(ref _writes); // every write counted here committed before the snapshot below
        var current = Volatile.Read(ref _current);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        await using var snapshot = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var xmin = await db.Database.SqlQueryRaw<long>("""SELECT (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint AS "Value" """).SingleAsync(ct);
        var now = clock.GetUtcNow();
        var full = current is null || now - current.CheckedAt > IndexChanges.Retention / 2; // rows it missed may be gone
        var rows = await db.Set<IndexChange>().AsNoTracking().Where(c => c.Index == name && c.TransactionId >= (full ? xmin : current!.Watermark))
            .Select(c => new { c.Id, c.Key, c.TransactionId }).ToListAsync(ct);
        TIndex index;
        var fresh = full ? rows : rows.Where(r => !current!.Seen.Contains(r.Id)).ToList();
        if (full)
        {
            index = await build(db, null, null, ct);
        }
        else
        {
            index = fresh.Count == 0 ? current!.Index
                : await build(db, fresh.Any(r => r.Key is null) ? null : current!.Index,
                    fresh.Any(r => r.Key is null) ? null : fresh.Select(r => r.Key!.Value).ToHashSet(), ct);
        }
        await snapshot.CommitAsync(ct);
        // Rows below the new mark will never be read again; the ones above it are remembered so they are not applied twice.
        var next = new Built(index, xmin, rows.Where(r => r.TransactionId >= xmin).Select(r => r.Id).ToHashSet(), now);
        Volatile.Write(ref _current, next);
        Interlocked.Exchange(ref _covered, Math.Max(Interlocked.Read(ref _covered), covered));
        return (next, fresh.Count);
    }
}
