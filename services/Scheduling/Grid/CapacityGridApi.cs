using System.Security.Claims;
using Marketplace.Calendar;
using Marketplace.Scheduling.Data;
using Marketplace.Scheduling.Engineers;
using Marketplace.Scheduling.Holds;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Scheduling.Grid;

public static class CapacityGridApi
{
    public const int DefaultWeeks = 8, MaxWeeks = 26;

    public static RouteGroupBuilder MapCapacityGridApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/scheduling/capacity-grid").RequireAuthorization().WithTags("Capacity grid");
        group.MapGet("/", Get).WithSummary("The firm's engineers × weeks: closed days, time off, booked and held work by referral, and free hours");
        return group;
    }

    /// <summary>
    /// Every engineer of the caller's firm, week by week from <c>from</c>'s week (default this week, in the firm's calendar) for
    /// <c>weeks</c> weeks (1 to 26, default 8): the week's hours, what closed days and time off took, each hold and booking
    /// with its referral, and what is free. Any member of the firm reads it; nobody else's engineers are ever in it.
    /// </summary>
    public static async Task<Results<Ok<CapacityGridView>, ValidationProblem>> Get(DateOnly? from, int? weeks, ClaimsPrincipal user, SchedulingDbContext db,
        TimeProvider clock, CancellationToken ct)
    {
        var count = weeks ?? DefaultWeeks;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var validation = new Validation()
            .Require(count is >= 1 and <= MaxWeeks, "weeks", $"weeks must be 1 to {MaxWeeks}.")
            .Require(from is null || from >= today.AddYears(-Validation.MaxYearsAhead), "from", $"from must be within {Validation.MaxYearsAhead} years of today.")
            .WithinHorizon(from, today, "from");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var firm = Caller.Of(user).FirmId;
        var calendar = await WeekCapacities.CalendarOfAsync(db, firm, ct);
        var first = from is { } f ? WorkingWeek.WeekStart(LocalDate.FromDateOnly(f)) : WeekCapacities.ThisWeek(calendar, clock);
        var starts = Enumerable.Range(0, count).Select(first.PlusWeeks).ToList();
        var (last, end) = (starts[^1], starts[^1].PlusDays(6));
        var engineers = await db.Engineers.AsNoTracking().Where(e => e.FirmId == firm).OrderBy(e => e.Name).ThenBy(e => e.Id).ToListAsync(ct);
        var ids = engineers.Select(e => e.Id).ToList();
        var rows = await db.CapacityWeeks.AsNoTracking().Where(w => ids.Contains(w.EngineerId) && w.WeekStart >= first && w.WeekStart <= last)
            .ToDictionaryAsync(w => (w.EngineerId, w.WeekStart), w => w.CapacityHours, ct);
        var earliest = first.PlusWeeks(-Allocation.MaxWeeks); // nothing starting before this reaches the first week
        var allocations = await db.Allocations.AsNoTracking()
            .Where(a => a.FirmId == firm && a.Status != AllocationStatus.Released && a.FirstWeek <= last && a.FirstWeek > earliest).ToListAsync(ct);
        var timeOff = await db.TimeOff.AsNoTracking().Where(t => ids.Contains(t.EngineerId) && t.Last >= first && t.First <= end).ToListAsync(ct);
        var grid = CapacityGrid.Of(engineers, starts, calendar.Week, rows, allocations, timeOff);
        return TypedResults.Ok(new CapacityGridView([.. starts.Select(s => s.ToDateOnly())], [.. grid.Select(EngineerRowView.Of)]));
    }
}

public sealed record CapacityGridView(IReadOnlyList<DateOnly> Weeks, IReadOnlyList<EngineerRowView> Engineers);

public sealed record EngineerRowView(Guid Id, string Name, int HoursPerWeek, IReadOnlyList<string> Skills, IReadOnlyList<GridCellView> Weeks)
{
    public static EngineerRowView Of(EngineerWeeks row) => new(row.Engineer.Id, row.Engineer.Name, row.Engineer.WeeklyCapacityHours, row.Engineer.Skills,
        [.. row.Weeks.Select(GridCellView.Of)]);
}

/// <summary>One engineer's week: the hours as <see cref="WeekCell"/> counts them, the days away, and each block of work with its referral.</summary>
public sealed record GridCellView(DateOnly Week, int CapacityHours, int BookedHours, int HeldHours, int TimeOffHours, int ClosedHours, int FreeHours,
    IReadOnlyList<DateOnly> DaysOff, IReadOnlyList<TimeOffView> TimeOff, IReadOnlyList<ClosedDayView> ClosedDays, IReadOnlyList<GridBlockView> Blocks)
{
    public static GridCellView Of(WeekCell c) => new(c.Week.ToDateOnly(), c.CapacityHours, c.BookedHours, c.HeldHours, c.TimeOffHours, c.ClosedHours, c.FreeHours,
        [.. c.DaysOff.Select(d => d.ToDateOnly())], [.. c.TimeOff.Select(TimeOffView.From)], [.. c.ClosedDays.Select(d => new ClosedDayView(d.Date.ToDateOnly(), d.Name))],
        [.. c.Blocks.Select(GridBlockView.Of)]);
}

/// <summary>A hold or booking in a week: Status "Held" (accepted, waiting for the referrer's confirmation; until <see cref="ExpiresAt"/>) or "Booked".</summary>
public sealed record GridBlockView(Guid AllocationId, Guid ReferralId, string Status, int HoursPerWeek, DateOnly FirstWeek, int Weeks, DateTimeOffset? ExpiresAt)
{
    public static GridBlockView Of(Allocation a) => new(a.Id, a.ReferralId, a.Status == AllocationStatus.Booking ? "Booked" : "Held", a.HoursPerWeek,
        a.FirstWeek.ToDateOnly(), a.Weeks, a.ExpiresAt);
}
