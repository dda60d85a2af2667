using Microsoft.Extensions.Options;
using System.Collections.Concurrent;
using Marketplace.Calendar;
using Marketplace.Messaging;
using Marketplace.Scheduling.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Scheduling.Availability;

/// <summary>
/// Every firm's free hours in memory, so an earliest-start question over a thousand firms is answered without a
/// thousand firms' rows from the database. It follows the database, not the other way round: each firm carries the
/// version of its last capacity change; a refresh reloads only firms whose version moved (written by any instance).
/// Writes on this instance mark it stale so its next answer sees them; other instances' within a refresh interval.
/// Answers are advice: the guarantee against overbooking stays in the holds' conditional updates.
/// </summary>
public sealed class AvailabilityIndex(IServiceScopeFactory scopes, TimeProvider clock) : IDisposable
{
    private readonly ConcurrentDictionary<Guid, FirmAvailability> _firms = new();
    private readonly Dictionary<Guid, long> _versions = [];
    private readonly SemaphoreSlim _refresh = new(1, 1);
    // This instance's writes, counted after each commits, and how many of them the index has read: a reader waits for
    // a refresh that began after the last write it may have seen, never for one that began before it.
    private long _writes = 1;
    private long _read;

    public void MarkStale() => Interlocked.Increment(ref _writes);

    public void Dispose() => _refresh.Dispose();

    public async Task<ICollection<FirmAvailability>> FirmsAsync(CancellationToken ct)
    {
        var wanted = Interlocked.Read(ref _writes);
        if (Interlocked.Read(ref _read) < wanted)
        {
            await RefreshAsync(wanted, ct);
        }
        return _firms.Values;
    }

    /// <summary>Reloads the firms whose capacity version moved (any instance's writes); returns how many.</summary>
    public Task<int> RefreshAsync(CancellationToken ct) => RefreshAsync(long.MaxValue, ct);

    private async Task<int> RefreshAsync(long wanted, CancellationToken ct)
    {
        await _refresh.WaitAsync(ct);
        try
        {
            if (wanted != long.MaxValue && Interlocked.Read(ref _read) >= wanted)
            {
                return 0; // a refresh that began after those writes has already read them
            }
            var covered = Interlocked.Read(ref _writes); // every write counted here committed before the reads below
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
            var versions = await db.FirmCapacityChanges.AsNoTracking().Select(c => new { c.FirmId, c.Version }).ToListAsync(ct);
            var changed = versions.Where(v => _versions.GetValueOrDefault(v.FirmId) != v.Version).ToList();
            // A week earlier than today in UTC covers today in every zone.
            var firstWeek = WorkingWeek.WeekStart(Instant.FromDateTimeOffset(clock.GetUtcNow()).InUtc().Date).PlusWeeks(-1);
            foreach (var chunk in changed.Chunk(500))
            {
                foreach (var firm in await FirmAvailabilityLoader.LoadAsync(db, [.. chunk.Select(c => c.FirmId)], firstWeek, ct))
                {
                    _firms[firm.FirmId] = firm;
                }
                foreach (var c in chunk)
                {
                    _versions[c.FirmId] = c.Version;
                }
            }
            Interlocked.Exchange(ref _read, Math.Max(Interlocked.Read(ref _read), covered));
            return changed.Count;
        }
        finally
        {
            _refresh.Release();
        }
    }
}

/// <summary>Keeps this instance's index within an interval of every other instance's writes.</summary>
public sealed class AvailabilityRefresher(AvailabilityIndex index, IOptions<SchedulingOptions> options, ILogger<AvailabilityRefresher> log) : PollingJob(log)
{
    protected override TimeSpan Interval => options.Value.AvailabilityRefreshInterval;

    public override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await index.RefreshAsync(ct);
        return 0; // one pass per tick
    }
}
