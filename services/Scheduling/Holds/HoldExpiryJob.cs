using Marketplace.Contracts;
using Marketplace.Messaging;
using Marketplace.Scheduling.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Scheduling.Holds;

/// <summary>
/// Holds release themselves when nobody confirms them in time: a database-polled job (FOR UPDATE SKIP LOCKED,
/// so two instances share the work, never in-memory timers) gives the hours back and announces HoldExpired,
/// in one transaction.
/// </summary>
public sealed class HoldExpiryJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<SchedulingOptions> options, HoldMetrics metrics,
    ILogger<HoldExpiryJob> log) : PollingJob(log)
{
    protected override TimeSpan Interval => options.Value.HoldExpiryInterval;

    public override Task<int> RunOnceAsync(CancellationToken ct) => ExpireAsync(ct);

    /// <summary>Expires one batch of overdue holds; returns how many.</summary>
    public async Task<int> ExpireAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var due = await db.Allocations.FromSql($"""
            SELECT * FROM "Allocations"
            WHERE "Status" = 'Hold' AND "ExpiresAt" <= {now}
            ORDER BY "ExpiresAt" LIMIT 100
            FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        foreach (var hold in due)
        {
            hold.Status = AllocationStatus.Released;
            await HoldsApi.GiveBackAsync(db, hold, ct);
            db.AddIntegrationEvent(new HoldExpired(Guid.NewGuid(), now, hold.Id, hold.FirmId, hold.ReferralId), hold.Id.ToString());
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        metrics.Record("expired", due.Count);
        return due.Count;
    }
}
