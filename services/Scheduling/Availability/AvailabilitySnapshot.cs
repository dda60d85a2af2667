using Marketplace.Calendar;
using Marketplace.Scheduling.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Scheduling.Availability;

/// <summary>
/// Every firm's availability as of one look. Never changed once built: an update copies the firms and replaces the ones
/// that moved, so a question being answered keeps reading the snapshot it started with.
/// </summary>
public sealed class AvailabilitySnapshot
{
    private const int Chunk = 500;

    private readonly Dictionary<Guid, FirmAvailability> _firms;

    private AvailabilitySnapshot(Dictionary<Guid, FirmAvailability> firms) => _firms = firms;

    public IReadOnlyCollection<FirmAvailability> Firms => _firms.Values;

    /// <summary>
    /// <paramref name="previous"/> with the <paramref name="changed"/> firms reloaded, or every firm loaded when either is null.
    /// </summary>
    /// <remarks>
    /// A firm's free hours are read from a week before this one in UTC, which covers today in every zone. A firm that has
    /// not moved keeps the weeks it was read with, even after the week turns: those reach further back, never less far,
    /// and rows it has no change for have not changed, so its answers stay right without a rebuild on Mondays.
    /// </remarks>
    public static async Task<AvailabilitySnapshot> UpdateAsync(SchedulingDbContext db, AvailabilitySnapshot? previous, IReadOnlySet<Guid>? changed,
        TimeProvider clock, CancellationToken ct)
    {
        var firstWeek = WorkingWeek.WeekStart(Instant.FromDateTimeOffset(clock.GetUtcNow()).InUtc().Date).PlusWeeks(-1);
        if (previous is null || changed is null)
        {
            // The firms whose capacity was ever recorded: the very firms the index's change rows name, so a replica that
            // loads everything and one that follows the changes hold the same firms.
            var all = await db.FirmCapacityChanges.AsNoTracking().Select(c => c.FirmId).ToListAsync(ct);
            return new(await LoadAsync(db, all, firstWeek, new Dictionary<Guid, FirmAvailability>(all.Count), ct));
        }
        return new(await LoadAsync(db, changed, firstWeek, new Dictionary<Guid, FirmAvailability>(previous._firms), ct));
    }

    private static async Task<Dictionary<Guid, FirmAvailability>> LoadAsync(SchedulingDbContext db, IEnumerable<Guid> firmIds, LocalDate firstWeek,
        Dictionary<Guid, FirmAvailability> into, CancellationToken ct)
    {
        foreach (var chunk in firmIds.Chunk(Chunk))
        {
            foreach (var firm in await FirmAvailabilityLoader.LoadAsync(db, chunk, firstWeek, ct))
            {
                into[firm.FirmId] = firm;
            }
        }
        return into;
    }
}
