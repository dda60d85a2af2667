using Marketplace.Scheduling.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Scheduling.Capacity;

/// <summary>
/// A firm whose free hours moved: every write that moves them bumps <see cref="Version"/> in its own transaction, so the
/// publisher sees it whichever replica made the change. A trigger on the bump records the firm's availability index change
/// in that same transaction (the AvailabilityIndexTriggers migration): one place, which no write path can forget.
/// </summary>
public sealed class FirmCapacityChange
{
    public Guid FirmId { get; init; }
    public long Version { get; set; }
    public long PublishedVersion { get; set; }
}

public static class CapacityChanges
{
    public const string Sequence = "FirmCapacityVersions";

    public static Task MarkCapacityChangedAsync(this SchedulingDbContext db, Guid firmId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO "FirmCapacityChanges" ("FirmId", "Version", "PublishedVersion")
            VALUES ({firmId}, nextval('"FirmCapacityVersions"'), 0)
            ON CONFLICT ("FirmId") DO UPDATE SET "Version" = EXCLUDED."Version"
            """, ct);
}
