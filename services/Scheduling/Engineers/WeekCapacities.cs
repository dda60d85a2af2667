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
    /// sees the lower figure; a week whose allocations no longer fit fails the database's check on SaveChanges.
    /// </summary>
    public static async Task ApplyAsync(SchedulingDbContext db, Engineer engineer, WorkingWeek calendar, LocalDate fromWeek, CancellationToken ct)
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
            row.CapacityHours = engineer.CapacityIn(row.WeekStart, calendar, daysOff);
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The firm's calendar, or the default one while Network's profile has not arrived.</summary>
    public static async Task<Firms.FirmCalendar> CalendarOfAsync(SchedulingDbContext db, Guid firmId, CancellationToken ct) =>
        await db.FirmCalendars.AsNoTracking().FirstOrDefaultAsync(f => f.FirmId == firmId, ct) ?? Firms.FirmCalendar.Unknown(firmId);

    public static LocalDate ThisWeek(Firms.FirmCalendar calendar, TimeProvider clock) =>
        calendar.Week.WeekOf(Instant.FromDateTimeOffset(clock.GetUtcNow()));
}
