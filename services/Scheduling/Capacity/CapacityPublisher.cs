using Microsoft.Extensions.Options;
using Marketplace.Contracts;
using Marketplace.Messaging;
using Marketplace.Scheduling.Availability;
using Marketplace.Scheduling.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Scheduling.Capacity;

/// <summary>
/// Announces CapacityChanged for firms whose free hours moved, one snapshot per firm however many holds moved them
/// since the last one. Claimed with FOR UPDATE SKIP LOCKED, so two instances share the firms; a change that lands
/// while a snapshot is being taken bumps the version again and is announced on the next tick.
/// </summary>
public sealed class CapacityPublisher(IServiceScopeFactory scopes, TimeProvider clock, IOptions<SchedulingOptions> options, ILogger<CapacityPublisher> log)
    : PollingJob(log)
{
    public const int Weeks = 26;

    protected override TimeSpan Interval => options.Value.CapacityPublishInterval;

    public override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var due = await db.FirmCapacityChanges.FromSql($"""
            SELECT * FROM "FirmCapacityChanges" WHERE "Version" > "PublishedVersion"
            LIMIT 50 FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var earliest = Calendar.WorkingWeek.WeekStart(now.InUtc().Date).PlusWeeks(-1);
        var firms = await FirmAvailabilityLoader.LoadAsync(db, [.. due.Select(d => d.FirmId)], earliest, ct);
        foreach (var (change, firm) in due.Zip(firms))
        {
            var thisWeek = firm.Calendar.WeekOf(now);
            db.AddIntegrationEvent(new CapacityChanged(Guid.NewGuid(), now.ToDateTimeOffset(), firm.FirmId, thisWeek.ToDateOnly(),
                firm.FreeHours(thisWeek, Weeks)), firm.FirmId.ToString());
            change.PublishedVersion = change.Version;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return due.Count;
    }
}
