using Marketplace.Matching.Data;
using Marketplace.Messaging;
using Microsoft.Extensions.Options;

namespace Marketplace.Matching.Ranking;

/// <summary>
/// This replica's ranking index, kept right across replicas by the "ranking" index changes: triggers on every table
/// the ranking reads (partners, skills, reputations, free hours, offers made, referrals taken, partnerships and their
/// terms) record the firm (or partnership) that moved, in the writing transaction. A refresh reloads only those firms,
/// so its cost follows the rate of change, not the number of partners.
/// </summary>
public sealed class RankingIndexSource(IServiceScopeFactory scopes, IOptions<MatchingOptions> options, TimeProvider clock) : IRefreshedIndex, IDisposable
{
    public const string Name = "ranking";

    private readonly VersionedCache<RankingIndex, MatchingDbContext> _cache = new(scopes, Name, options.Value.IndexRefreshInterval, clock,
        (db, previous, changed, ct) => RankingLoader.UpdateAsync(db, previous, changed, clock, ct));

    /// <summary>The index, looked at again at most once per refresh interval (at once after <see cref="Invalidate"/>).</summary>
    public Task<RankingIndex> GetAsync(CancellationToken ct) => _cache.GetAsync(ct);

    /// <summary>After offers made here have committed: this replica's next ranking counts them for fairness.</summary>
    public void Invalidate() => _cache.Invalidate();

    public Task<int> RefreshAsync(CancellationToken ct) => _cache.RefreshAsync(ct);

    public TimeSpan RefreshInterval => options.Value.IndexRefreshInterval;

    public void Dispose() => _cache.Dispose();
}
