using System.Security.Claims;
using Marketplace.Calendar;
using Marketplace.Messaging;
using Marketplace.Scheduling.Availability;
using Marketplace.Scheduling.Capacity;
using Marketplace.Scheduling.Data;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Scheduling.Engineers;

public static class EngineersApi
{
    public static RouteGroupBuilder MapEngineersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/scheduling/engineers").RequireAuthorization().WithTags("Engineers");
        group.MapGet("/", List);
        group.MapPut("/{id:guid}/capacity", SetCapacity);
        group.MapGet("/{id:guid}/weeks", Weeks);
        return group;
    }

    /// <summary>The firm's engineers, for its own people only.</summary>
    public static async Task<Ok<List<EngineerView>>> List(ClaimsPrincipal user, SchedulingDbContext db, CancellationToken ct)
    {
        var firmId = Caller.Of(user).FirmId;
        var engineers = await db.Engineers.AsNoTracking().Where(e => e.FirmId == firmId).OrderBy(e => e.Name).ToListAsync(ct);
        return TypedResults.Ok(engineers.Select(EngineerView.From).ToList());
    }

    /// <summary>
    /// Creates the engineer or changes their weekly capacity and skills from this week on. Lowering capacity below
    /// what is already allocated in some week is refused (the database's check says so), naming nothing it should not.
    /// </summary>
    public static async Task<Results<Ok<EngineerView>, ValidationProblem, NotFound, ForbidHttpResult, ProblemHttpResult>> SetCapacity(
        Guid id, CapacityRequest request, ClaimsPrincipal user, SchedulingDbContext db, AvailabilityIndex index, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        var calendar = await WeekCapacities.CalendarOfAsync(db, caller.FirmId, ct);
        var skills = request.Skills ?? [];
        var unclaimed = skills.Where(s => calendar.Skills.All(c => c.SkillId != s)).ToList();
        var validation = new Validation()
            .Text(request.Name, "name", 200)
            .Require(request.HoursPerWeek is >= 0 and <= Engineer.MaxWeeklyHours, "hoursPerWeek", $"hoursPerWeek must be 0 to {Engineer.MaxWeeklyHours}.")
            .Require(skills.Count <= 50, "skills", "At most 50 skills per engineer.")
            .Require(unclaimed.Count == 0, "skills", $"The firm does not claim {string.Join(", ", unclaimed.Take(5))} in Catalog; add the skill to the firm's profile first.");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var exists = await db.Engineers.AsNoTracking().Where(e => e.Id == id).Select(e => (Guid?)e.FirmId).FirstOrDefaultAsync(ct);
        if (exists is { } firm && firm != caller.FirmId)
        {
            return TypedResults.NotFound();
        }
        if (!caller.CanDispatch)
        {
            return TypedResults.Forbid();
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Engineer engineer;
        try
        {
            if (exists is null)
            {
                engineer = new Engineer { Id = id, FirmId = caller.FirmId };
                db.Engineers.Add(engineer);
            }
            else
            {
                engineer = await WeekCapacities.LockAsync(db, id, ct);
            }
            (engineer.Name, engineer.WeeklyCapacityHours, engineer.Skills) = (request.Name!.Trim(), request.HoursPerWeek!.Value, [.. skills.Distinct()]);
            await db.SaveChangesAsync(ct);
            await WeekCapacities.ApplyAsync(db, engineer, calendar.Week, WeekCapacities.ThisWeek(calendar, clock), ct);
            await db.MarkCapacityChangedAsync(caller.FirmId, ct);
            await tx.CommitAsync(ct);
        }
        catch (Exception ex) when (ex.IsCheckViolation())
        {
            return Problems.NotEnoughCapacity($"{request.Name} already has more than {request.HoursPerWeek} h allocated in some week; release or move that work first.");
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return Problems.ChangedConcurrently("This engineer was created at the same time; try again.");
        }
        index.Invalidate();
        return TypedResults.Ok(EngineerView.From(engineer));
    }

    /// <summary>
    /// Booked, held and free hours per week for the portal's chart, with the days the firm is closed that week (public
    /// holidays by name, its own closing days as "Closed"); only the engineer's own firm sees them.
    /// </summary>
    public static async Task<Results<Ok<List<WeekView>>, ValidationProblem, NotFound>> Weeks(
        Guid id, DateOnly? from, int? weeks, ClaimsPrincipal user, SchedulingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var count = weeks ?? 12;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var validation = new Validation()
            .Require(count is >= 1 and <= 52, "weeks", "weeks must be 1 to 52.")
            .Require(from is null || from >= today.AddYears(-Validation.MaxYearsAhead), "from", $"from must be within {Validation.MaxYearsAhead} years of today.")
            .WithinHorizon(from, today, "from");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var engineer = await db.Engineers.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id && e.FirmId == Caller.Of(user).FirmId, ct);
        if (engineer is null)
        {
            return TypedResults.NotFound();
        }
        var calendar = await WeekCapacities.CalendarOfAsync(db, engineer.FirmId, ct);
        var week = calendar.Week;
        var first = from is { } f ? WorkingWeek.WeekStart(LocalDate.FromDateOnly(f)) : WeekCapacities.ThisWeek(calendar, clock);
        var starts = Enumerable.Range(0, count).Select(first.PlusWeeks).ToList();
        var last = starts[^1];
        var capacity = await db.CapacityWeeks.AsNoTracking().Where(w => w.EngineerId == id && w.WeekStart >= first && w.WeekStart <= last)
            .ToDictionaryAsync(w => w.WeekStart, w => w.CapacityHours, ct);
        var earliest = first.PlusWeeks(-Holds.Allocation.MaxWeeks); // nothing starting before this reaches the first week
        var live = await db.Allocations.AsNoTracking()
            .Where(a => a.EngineerId == id && a.Status != Holds.AllocationStatus.Released && a.FirstWeek <= last && a.FirstWeek > earliest)
            .ToListAsync(ct);
        var noDaysOff = new HashSet<LocalDate>();
        return TypedResults.Ok(starts.Select(start =>
        {
            var covering = live.Where(a => a.WeekStarts.Contains(start)).ToList();
            var booked = covering.Where(a => a.Status == Holds.AllocationStatus.Booking).Sum(a => a.HoursPerWeek);
            var held = covering.Where(a => a.Status == Holds.AllocationStatus.Hold).Sum(a => a.HoursPerWeek);
            var total = capacity.TryGetValue(start, out var row) ? row : engineer.CapacityIn(start, week, noDaysOff);
            return new WeekView(start.ToDateOnly(), total, booked, held, total - booked - held,
                [.. week.ClosedDaysInWeek(start).Select(d => new ClosedDayView(d.Date.ToDateOnly(), d.Name))]);
        }).ToList());
    }
}

public sealed record CapacityRequest(string? Name, int? HoursPerWeek, List<string>? Skills);
public sealed record EngineerView(Guid Id, string Name, int HoursPerWeek, IReadOnlyList<string> Skills)
{
    public static EngineerView From(Engineer e) => new(e.Id, e.Name, e.WeeklyCapacityHours, e.Skills);
}
public sealed record WeekView(DateOnly Week, int CapacityHours, int BookedHours, int HeldHours, int FreeHours, IReadOnlyList<ClosedDayView> ClosedDays);

/// <summary>A working weekday the firm is closed: a public holiday's name, or "Closed" for one of the firm's own closing days.</summary>
public sealed record ClosedDayView(DateOnly Date, string Name);
