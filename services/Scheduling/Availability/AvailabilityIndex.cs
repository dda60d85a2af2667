using Marketplace.Messaging;
using Marketplace.Scheduling.Data;
using Microsoft.Extensions.Options;

namespace Marketplace.Scheduling.Availability;

/// <summary>
/// Every firm's free hours in memory, so an earliest-start question over a thousand firms is answered without a
/// thousand firms' rows from the database. It follows the database, the same on every replica: each capacity change
/// records an "availability" index change for its firm in the writing transaction (a trigger on the version bump, see
/// the AvailabilityIndexTriggers migration), and each replica swaps in a snapshot with just those firms reloaded.
/// Writes on this replica <see cref="Invalidate"/> it so its next answer sees them; other replicas' within an interval.
/// Answers are advice: the guarantee against overbooking stays in the ledger's conditional updates.
/// </summary>
public sealed class AvailabilityIndex(IServiceScopeFactory scopes, IOptions<SchedulingOptions> options, TimeProvider clock) : IRefreshedIndex, IDisposable
{
    public const string Name = "availability";

    private readonly VersionedCache<AvailabilitySnapshot, SchedulingDbContext> _cache = new(scopes, Name, options.Value.AvailabilityRefreshInterval, clock,
        (db, previous, changed, ct) => AvailabilitySnapshot.UpdateAsync(db, previous, changed, clock, ct));

    /// <summary>Every firm's availability as of one look; never changed once returned.</summary>
    public async Task<IReadOnlyCollection<FirmAvailability>> FirmsAsync(CancellationToken ct) => (await _cache.GetAsync(ct)).Firms;

    /// <summary>After this replica's capacity write has committed: its next answer looks at the changes first.</summary>
    public void Invalidate() => _cache.Invalidate();

    /// <summary>Looks for other replicas' changes now; returns how many change rows were new.</summary>
    public Task<int> RefreshAsync(CancellationToken ct) => _cache.RefreshAsync(ct);

    public TimeSpan RefreshInterval => options.Value.AvailabilityRefreshInterval;

    public void Dispose() => _cache.Dispose();
}
