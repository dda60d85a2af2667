using Microsoft.Extensions.Logging;

namespace Marketplace.Messaging;

/// <summary>An index kept by a <see cref="VersionedCache{TIndex,TDbContext}"/> that a background job refreshes.</summary>
public interface IRefreshedIndex
{
    /// <summary>How often the index looks for other replicas' changes.</summary>
    TimeSpan RefreshInterval { get; }

    /// <summary>Looks for changes now; returns how many change rows were new.</summary>
    Task<int> RefreshAsync(CancellationToken ct);
}

/// <summary>Keeps a replica's index within an interval of every replica's writes, so requests seldom wait for a look.</summary>
public sealed class IndexRefresher<TIndex>(TIndex index, ILogger<IndexRefresher<TIndex>> log) : PollingJob(log) where TIndex : IRefreshedIndex
{
    protected override TimeSpan Interval => index.RefreshInterval;

    public override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await index.RefreshAsync(ct);
        return 0; // one look per tick
    }
}
