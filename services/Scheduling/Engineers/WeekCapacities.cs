using Marketplace.Calendar;
using Marketplace.Scheduling.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Scheduling.Engineers;

/// <summary>Keeps the engineer-week rows' capacity equal to the weekly hours less time off.</summary>
public static class WeekCapacities
{
    /// <summary>
    /// Takes the engineer's row lock so no hold reads a weekly capacity that is about to change (holds take it
    /// shared); call inside the transaction.
    /// </summary>
    public static Task<Engineer> LockAsync(SchedulingDbContext db, Guid engineerId, CancellationToken ct) =>
        db.Engineers.FromSql($"""SELECT * FROM "Engineers" WHERE "Id" = {engineerId} FOR UPDATE""").SingleAsync(ct);

    /// <summary>
    /// Sets every week's capacity from <paramref name="fromWeek"/> on. Weeks with time off get a row so a later hold
    /// sees the lower figure; a week whose allocations no longer fit fails the database's check on SaveChanges, unless
    /// <paramref name="keepPromised"/>: then such a week keeps room for exactly what was promised (nothing free).
    /// </summary>
    public static async Task ApplyAsync(SchedulingDbContext db, Engineer engineer, WorkingWeek calendar, LocalDate fromWeek, CancellationToken ct,
        bool keepPromised = false)
    {
        var timeOff = await db.TimeOff.AsNoTracking().Where(t => t.EngineerId == engineer.Id && t.Last >= fromWeek).ToListAsync(ct);
        var daysOff = timeOff.SelectMany(t => t.Days()).ToHashSet();
        var weeks = daysOff.Select(WorkingWeek.WeekStart).Where(w => w >= fromWeek).Distinct().ToArray();
        if (weeks.Length > 0)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "CapacityWeeks" ("EngineerId", "WeekStart", "CapacityHours", "AllocatedHours")
                SELECT {engineer.Id}, w, {engineer.WeeklyCapacityHours}, 0 FROM unnest({weeks}) AS w
                ON CONFLICT DO NOTHING
                """, ct);
        }
        var rows = await db.CapacityWeeks.Where(w => w.EngineerId == engineer.Id && w.WeekStart >= fromWeek).ToListAsync(ct);
        foreach (var row in rows)
        {
            var capacity = engineer.CapacityIn(row.WeekStart, calendar, daysOff);
            row.CapacityHours = keepPromised ? Math.Max(capacity, row.AllocatedHours) : capacity;
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Counts every engineer's weeks of the firm again from this week on, after its working week or closed days changed
    /// (Network announced the profile), under each engineer's row lock like a time-off change. Network has already accepted
    /// the change, so hours already promised stand: a week whose holidays now leave less than was promised keeps exactly
    /// that much (nothing free) instead of refusing the event.
    /// </summary>
    public static async Task RecountFirmAsync(SchedulingDbContext db, Firms.FirmCalendar calendar, TimeProvider clock, CancellationToken ct)
    {
        var week = calendar.Week;
        var thisWeek = week.WeekOf(Instant.FromDateTimeOffset(clock.GetUtcNow()));
        var ids = await db.Engineers.AsNoTracking().Where(e => e.FirmId == calendar.FirmId).OrderBy(e => e.Id).Select(e => e.Id).ToListAsync(ct);
        foreach (var id in ids)
        {
            await ApplyAsync(db, await LockAsync(db, id, ct), week, thisWeek, ct, keepPromised: true);
        }
    }

    /// <summary>
    /// For each of <paramref name="weeks"/> weeks from <paramref name="firstWeek"/>: the working time left and the regular
    /// working time when the firm is closed on some working day of that week, null when it is open all week (weekly hours).
    /// </summary>
    public static (Duration Left, Duration Regular)?[] ClosedShares(WorkingWeek calendar, LocalDate firstWeek, int weeks)
    {
        var shares = new (Duration, Duration)?[calendar.Closed.IsEmpty ? 0 : weeks];
        for (var i = 0; i < shares.Length; i++)
        {
            var week = firstWeek.PlusWeeks(i);
            if (calendar.ClosedDaysInWeek(week).Count > 0)
            {
                shares[i] = (calendar.WorkingTimeInWeek(week), calendar.Regular.WorkingTimeInWeek(week));
            }
        }
        return shares;
    }

    /// <summary>The firm's calendar, or the default one while Network's profile has not arrived.</summary>
    public static async Task<Firms.FirmCalendar> CalendarOfAsync(SchedulingDbContext db, Guid firmId, CancellationToken ct) =>
        await db.FirmCalendars.AsNoTracking().FirstOrDefaultAsync(f => f.FirmId == firmId, ct) ?? Firms.FirmCalendar.Unknown(firmId);

    public static LocalDate ThisWeek(Firms.FirmCalendar calendar, TimeProvider clock) =>
        calendar.Week.WeekOf(Instant.FromDateTimeOffset(clock.GetUtcNow()));
}
