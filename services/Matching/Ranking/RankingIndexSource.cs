using System.Collections.Immutable;
using Marketplace.Matching.Data;
using Marketplace.Messaging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Marketplace.Matching.Ranking;

/// <summary>
/// This replica's ranking index, kept right across replicas by the "ranking" index changes: triggers on every table
/// the ranking reads (partners, skills, reputations, free hours, offers made and answered, referrals taken, partnerships and their
/// terms) record the firm (or partnership) that moved, in the writing transaction. A refresh reloads only those firms,
/// so its cost follows the rate of change, not the number of partners.
/// </summary>
public sealed class RankingIndexSource(IServiceScopeFactory scopes, IOptions<MatchingOptions> options, TimeProvider clock) : IRefreshedIndex, IDisposable
{
    public const string Name = "ranking";

    private readonly VersionedCache<RankingIndex, MatchingDbContext> _cache = new(scopes, Name, options.Value.IndexRefreshInterval, clock,
        (db, previous, changed, ct) => RankingLoader.UpdateAsync(db, previous, changed, clock, ct));

    // Offers made on this replica that the loaded index may not show yet: firm → when. Counted at once for fairness
    // (a burst of posts for one skill must not all go to the same partners until the next look), without making every
    // post wait for a look of its own. Entries leave once an index shows them, or after a minute (a rolled-back offer).
    private ImmutableDictionary<Guid, Instant> _recentOffers = ImmutableDictionary<Guid, Instant>.Empty;

    /// <summary>The index, looked at again at most once per refresh interval (at once after <see cref="Invalidate"/>), with this replica's recent offers.</summary>
    public async Task<RankingIndex> GetAsync(CancellationToken ct)
    {
        var index = await _cache.GetAsync(ct);
        var recent = Volatile.Read(ref _recentOffers);
        if (recent.IsEmpty)
        {
            return index;
        }
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var shown = recent.Where(r => index.Profile(r.Key)?.LastOfferedAt >= r.Value || now - r.Value > Duration.FromMinutes(1)).Select(r => r.Key).ToList();
        if (shown.Count > 0)
        {
            ImmutableInterlocked.Update(ref _recentOffers, d => d.RemoveRange(shown.Where(f => d.TryGetValue(f, out var at) && at == recent[f])));
            recent = Volatile.Read(ref _recentOffers);
        }
        return recent.IsEmpty ? index : index.WithRecentOffers(recent);
    }

    /// <summary>Offers this replica is making: its next rankings count them for fairness before the index shows them.</summary>
    public void Offered(IEnumerable<Guid> firms, Instant at) =>
        ImmutableInterlocked.Update(ref _recentOffers, d => d.SetItems(firms.Select(f => KeyValuePair.Create(f, at))));

    /// <summary>After a write made here has committed: this replica's next ranking looks at the changes first.</summary>
    public void Invalidate() => _cache.Invalidate();

    public Task<int> RefreshAsync(CancellationToken ct) => _cache.RefreshAsync(ct);

    public TimeSpan RefreshInterval => options.Value.IndexRefreshInterval;

    public void Dispose() => _cache.Dispose();
}
