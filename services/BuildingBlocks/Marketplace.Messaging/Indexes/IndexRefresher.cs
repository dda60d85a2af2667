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

/// <summary>
/// Keeps a replica's index within an interval of every replica's writes. It looks twice per interval, so the index
/// is never older than the interval when a request reads it and requests do not look themselves (the request that
/// would otherwise pay for a refresh of a thousand moved partners).
/// </summary>
public sealed class IndexRefresher<TIndex>(TIndex index, ILogger<IndexRefresher<TIndex>> log) : PollingJob(log) where TIndex : IRefreshedIndex
{
    protected override TimeSpan Interval => index.RefreshInterval / 2;

    public override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await index.RefreshAsync(ct);
        return 0; // one look per tick
    }
}
