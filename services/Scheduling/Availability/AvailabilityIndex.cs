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
    private volatile bool _stale = true;

    public void MarkStale() => _stale = true;

    public void Dispose() => _refresh.Dispose();

    public async Task<ICollection<FirmAvailability>> FirmsAsync(CancellationToken ct)
    {
        if (_stale)
        {
            await RefreshAsync(ct);
        }
        return _firms.Values;
    }

    /// <summary>Reloads the firms whose capacity version moved; returns how many.</summary>
    public async Task<int> RefreshAsync(CancellationToken ct)
    {
        await _refresh.WaitAsync(ct);
        try
        {
            _stale = false; // before reading: a write that lands during the read marks it again
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
            return changed.Count;
        }
        catch
        {
            _stale = true;
            throw;
        }
        finally
        {
            _refresh.Release();
        }
    }
}

/// <summary>Keeps this instance's index within an interval of every other instance's writes.</summary>
public sealed class AvailabilityRefresher(AvailabilityIndex index, IConfiguration config, ILogger<AvailabilityRefresher> log) : PollingJob(log)
{
    protected override TimeSpan Interval => config.GetValue("Scheduling:AvailabilityRefreshInterval", TimeSpan.FromSeconds(1));

    public override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await index.RefreshAsync(ct);
        return 0; // one pass per tick
    }
}
