using Marketplace.Messaging;
using Marketplace.Scheduling.Capacity;
using Microsoft.Extensions.Options;

namespace Marketplace.Scheduling.Holds;

/// <summary>
/// Holds release themselves when nobody confirms them in time: a database-polled job (never in-memory timers, so any
/// replica may run it and they share the work) has the ledger give the hours back and announce HoldExpired.
/// </summary>
public sealed class HoldExpiryJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<SchedulingOptions> options, ILogger<HoldExpiryJob> log)
    : PollingJob(log)
{
    protected override TimeSpan Interval => options.Value.HoldExpiryInterval;

    public override Task<int> RunOnceAsync(CancellationToken ct) => ExpireAsync(ct);

    /// <summary>Expires one batch of overdue holds; returns how many.</summary>
    public async Task<int> ExpireAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CapacityLedger>().ExpireDueAsync(clock.GetUtcNow(), ct);
    }
}
