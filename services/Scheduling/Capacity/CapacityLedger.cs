using Marketplace.Contracts;
using Marketplace.Messaging;
using Marketplace.Scheduling.Availability;
using Marketplace.Scheduling.Data;
using Marketplace.Scheduling.Engineers;
using Marketplace.Scheduling.Holds;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Scheduling.Capacity;

/// <summary>
/// The hours promised out of engineers' weeks. A hold takes hours in every week asked or in none; a release or an expiry
/// gives them back once; each move commits with its event and the firm's capacity change. The guarantee against
/// overbooking lives in these conditional updates and the table's check, never in a process's memory, so any number of
/// replicas may take hours at once. After each commit the outcome is counted and this replica's availability index told,
/// so its next answer already sees the move.
/// </summary>
public sealed class CapacityLedger(SchedulingDbContext db, AvailabilityIndex index, HoldMetrics metrics)
{
    public static readonly Duration HoldLifetime = Duration.FromHours(24);
    private const int ExpiryBatch = 100;

    /// <summary>Holds <paramref name="hoursPerWeek"/> on the engineer in each of the weeks, or nothing and what each week has free.</summary>
    public async Task<HoldPlacement> HoldAsync(Engineer engineer, Guid referralId, int hoursPerWeek, IReadOnlyList<LocalDate> weeks, DateTimeOffset now,
        CancellationToken ct)
    {
        var starts = weeks.ToArray();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Shared with other holds, exclusive with capacity and time-off changes: the weekly hours read here stay true.
        var weekly = await db.Database.SqlQuery<int>($"""
            SELECT "WeeklyCapacityHours" AS "Value" FROM "Engineers" WHERE "Id" = {engineer.Id} FOR SHARE
            """).SingleAsync(ct);
        // Read under the engineer's lock: a change of the firm's holidays recounts the weeks under the exclusive lock, so
        // either it waits for this hold and recounts its rows, or this reads the calendar it committed.
        var capacities = await CapacitiesAsync(engineer.FirmId, weekly, starts, ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "CapacityWeeks" ("EngineerId", "WeekStart", "CapacityHours", "AllocatedHours")
            SELECT {engineer.Id}, w, c, 0 FROM unnest({starts}, {capacities}) AS t(w, c)
            ON CONFLICT DO NOTHING
            """, ct);
        await LockWeeksAsync(engineer.Id, starts, ct);
        // Row locks and the condition together: a concurrent hold on the same weeks waits, then sees the new total.
        var fitted = await db.Database.ExecuteSqlAsync($"""
            UPDATE "CapacityWeeks" SET "AllocatedHours" = "AllocatedHours" + {hoursPerWeek}
            WHERE "EngineerId" = {engineer.Id} AND "WeekStart" = ANY({starts}) AND "AllocatedHours" + {hoursPerWeek} <= "CapacityHours"
            """, ct);
        if (fitted != starts.Length)
        {
            await tx.RollbackAsync(ct);
            metrics.Record("refused");
            // Whoever planned this hold read free hours that another replica's hold had taken: this replica's next
            // answer (the caller's re-plan, most likely) looks at the changes first instead of proposing the same hours.
            index.Invalidate();
            return new HoldPlacement(null, await FreeAsync(engineer.Id, starts, capacities, ct));
        }

        var hold = new Allocation
        {
            Id = Guid.CreateVersion7(), FirmId = engineer.FirmId, EngineerId = engineer.Id, ReferralId = referralId, HoursPerWeek = hoursPerWeek,
            FirstWeek = starts[0], Weeks = starts.Length, Status = AllocationStatus.Hold, CreatedAt = now, ExpiresAt = now + HoldLifetime.ToTimeSpan(),
        };
        db.Allocations.Add(hold);
        db.AddIntegrationEvent(new HoldPlaced(Guid.NewGuid(), now, hold.Id, hold.FirmId, hold.EngineerId, hold.ReferralId, hold.HoursPerWeek,
            hold.FirstWeek.ToDateOnly(), hold.Weeks, hold.ExpiresAt.Value), hold.Id.ToString());
        await db.MarkCapacityChangedAsync(hold.FirmId, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        index.Invalidate();
        metrics.Record("placed");
        return new HoldPlacement(hold, []);
    }

    /// <summary>Books a live hold on the hours it took; false when it is overdue, released or booked already.</summary>
    public async Task<bool> ConfirmAsync(Allocation hold, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Conditional, so an overdue hold, or one the expiry job has just released, cannot be booked: its hours are gone.
        var confirmed = await db.Allocations.Where(a => a.Id == hold.Id && a.Status == AllocationStatus.Hold && a.ExpiresAt > now)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, AllocationStatus.Booking).SetProperty(a => a.ExpiresAt, (DateTimeOffset?)null), ct);
        if (confirmed == 0)
        {
            return false;
        }
        db.AddIntegrationEvent(new BookingConfirmed(Guid.NewGuid(), now, hold.Id, hold.FirmId, hold.ReferralId), hold.Id.ToString());
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        (hold.Status, hold.ExpiresAt) = (AllocationStatus.Booking, null);
        metrics.Record("confirmed");
        return true;
    }

    /// <summary>Releases a hold or booking and gives its hours back; false when it was released already.</summary>
    public async Task<bool> ReleaseAsync(Allocation hold, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The status flips in the same statement that checks it: two releases cannot both give the hours back.
        var released = await db.Allocations.Where(a => a.Id == hold.Id && a.Status != AllocationStatus.Released)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, AllocationStatus.Released), ct);
        if (released == 0)
        {
            return false;
        }
        await GiveBackAsync(hold, ct);
        db.AddIntegrationEvent(new BookingReleased(Guid.NewGuid(), now, hold.Id, hold.FirmId, hold.ReferralId), hold.Id.ToString());
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        hold.Status = AllocationStatus.Released;
        index.Invalidate();
        metrics.Record("released");
        return true;
    }

    /// <summary>
    /// Releases one batch of holds nobody confirmed by <paramref name="now"/> and announces HoldExpired; returns how many.
    /// FOR UPDATE SKIP LOCKED, so replicas share the overdue holds and none is given back twice.
    /// </summary>
    public async Task<int> ExpireDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var due = await db.Allocations.FromSql($"""
            SELECT * FROM "Allocations"
            WHERE "Status" = 'Hold' AND "ExpiresAt" <= {now}
            ORDER BY "ExpiresAt" LIMIT {ExpiryBatch}
            FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        // Every engineer's weeks in one order (engineer, then week: an engineer's holds are runs of weeks, so taking
        // them by first week keeps the whole batch's locks ascending), then every firm's change mark in one order: a
        // batch locks what holds and releases lock (weeks, then the firm), never holding a firm's mark while it waits.
        foreach (var hold in due.OrderBy(h => h.EngineerId).ThenBy(h => h.FirstWeek))
        {
            hold.Status = AllocationStatus.Released;
            await GiveBackAsync(hold, ct, markFirm: false);
            db.AddIntegrationEvent(new HoldExpired(Guid.NewGuid(), now, hold.Id, hold.FirmId, hold.ReferralId), hold.Id.ToString());
        }
        foreach (var firm in due.Select(h => h.FirmId).Distinct().Order())
        {
            await db.MarkCapacityChangedAsync(firm, ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (due.Count > 0)
        {
            index.Invalidate();
            metrics.Record("expired", due.Count);
        }
        return due.Count;
    }

    /// <summary>Returns an allocation's hours to its engineer's weeks, in the caller's transaction.</summary>
    private async Task GiveBackAsync(Allocation allocation, CancellationToken ct, bool markFirm = true)
    {
        var weeks = allocation.WeekStarts.ToArray();
        await LockWeeksAsync(allocation.EngineerId, weeks, ct);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE "CapacityWeeks" SET "AllocatedHours" = "AllocatedHours" - {allocation.HoursPerWeek}
            WHERE "EngineerId" = {allocation.EngineerId} AND "WeekStart" = ANY({weeks})
            """, ct);
        if (markFirm)
        {
            await db.MarkCapacityChangedAsync(allocation.FirmId, ct);
        }
    }

    /// <summary>
    /// Locks an engineer's week rows in week order before they change. An UPDATE locks rows in whatever order its plan
    /// reads them, and PostgreSQL promises no order (a bitmap scan reads the table's order, not the weeks'), so two
    /// holds on overlapping weeks could each wait for the other: the load harness met PostgreSQL's deadlock error at 100
    /// referrals/s (docs/benchmarks.md). An explicit ORDER BY … FOR UPDATE takes them in one order whatever the plan.
    /// </summary>
    private async Task LockWeeksAsync(Guid engineerId, LocalDate[] weeks, CancellationToken ct) =>
        await db.Database.SqlQuery<int>($"""
            SELECT 1 AS "Value" FROM "CapacityWeeks" WHERE "EngineerId" = {engineerId} AND "WeekStart" = ANY({weeks})
            ORDER BY "WeekStart" FOR UPDATE
            """).ToListAsync(ct);

    /// <summary>What a week without a row can hold: the weekly hours less the firm's closed days that week.</summary>
    private async Task<int[]> CapacitiesAsync(Guid firmId, int weekly, LocalDate[] weeks, CancellationToken ct)
    {
        var calendar = (await WeekCapacities.CalendarOfAsync(db, firmId, ct)).Week;
        return [.. weeks.Select(w => Engineer.CapacityIn(weekly, w, calendar, new HashSet<LocalDate>()))];
    }

    /// <summary>What each week has free now; a week nobody has allocated yet has the engineer's whole capacity that week free.</summary>
    private async Task<List<FreeWeek>> FreeAsync(Guid engineerId, LocalDate[] weeks, int[] capacities, CancellationToken ct)
    {
        var known = await db.CapacityWeeks.AsNoTracking().Where(w => w.EngineerId == engineerId && weeks.Contains(w.WeekStart))
            .ToDictionaryAsync(w => w.WeekStart, w => w.CapacityHours - w.AllocatedHours, ct);
        return [.. weeks.Select((w, i) => new FreeWeek(w.ToDateOnly(), known.GetValueOrDefault(w, capacities[i])))];
    }
}

/// <summary>The hold placed, or (when it is null) what each week asked for has free.</summary>
public sealed record HoldPlacement(Allocation? Hold, IReadOnlyList<FreeWeek> Free);

public sealed record FreeWeek(DateOnly Week, int FreeHours);
