using System.Data.Common;
using System.Runtime.CompilerServices;
using Marketplace.Matching.Offers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Marketplace.Matching.Ranking;

/// <summary>
/// Offers made on this replica count for fairness in its next ranking at once, not after the next refresh: once a save
/// that added offers has committed (the save itself, or the transaction around it), the ranking index looks again.
/// </summary>
public sealed class OffersCommittedInterceptor(RankingIndexSource index) : DbTransactionInterceptor, ISaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, object> _pending = [];

    ValueTask<InterceptionResult<int>> ISaveChangesInterceptor.SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken)
    {
        if (eventData.Context is { } db && db.ChangeTracker.Entries<Offer>().Any(e => e.State == EntityState.Added))
        {
            _pending.AddOrUpdate(db, this);
        }
        return ValueTask.FromResult(result);
    }

    ValueTask<int> ISaveChangesInterceptor.SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken)
    {
        if (eventData.Context is { Database.CurrentTransaction: null } db && _pending.Remove(db))
        {
            index.Invalidate();
        }
        return ValueTask.FromResult(result);
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && _pending.Remove(db))
        {
            index.Invalidate();
        }
        return Task.CompletedTask;
    }

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db)
        {
            _pending.Remove(db);
        }
        return Task.CompletedTask;
    }
}
