using System.Security.Claims;
using Marketplace.Calendar;
using Marketplace.Messaging;
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
        group.MapPut("/{id:guid}/capacity", SetCapacity);
        group.MapGet("/{id:guid}/weeks", Weeks);
        return group;
    }

    /// <summary>
    /// Creates the engineer or changes their weekly capacity from this week on. Lowering it below what is
    /// already allocated in some week is refused (the database's check says so), naming nothing it should not.
    /// </summary>
    public static async Task<Results<Ok<EngineerView>, ValidationProblem, NotFound, ForbidHttpResult, ProblemHttpResult>> SetCapacity(
        Guid id, CapacityRequest request, ClaimsPrincipal user, SchedulingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        var validation = new Validation()
            .Text(request.Name, "name", 200)
            .Require(request.HoursPerWeek is >= 0 and <= Engineer.MaxWeeklyHours, "hoursPerWeek", $"hoursPerWeek must be 0 to {Engineer.MaxWeeklyHours}.");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var engineer = await db.Engineers.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (engineer is not null && engineer.FirmId != caller.FirmId)
        {
            return TypedResults.NotFound();
        }
        if (!caller.CanDispatch)
        {
            return TypedResults.Forbid();
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (engineer is null)
        {
            engineer = new Engineer { Id = id, FirmId = caller.FirmId };
            db.Engineers.Add(engineer);
        }
        (engineer.Name, engineer.WeeklyCapacityHours) = (request.Name!.Trim(), request.HoursPerWeek!.Value);
        var zone = await db.FirmCalendars.Where(f => f.FirmId == caller.FirmId).Select(f => f.TimeZone).FirstOrDefaultAsync(ct) ?? "UTC";
        var thisWeek = WorkingWeek.WeekStart(Instant.FromDateTimeOffset(clock.GetUtcNow()).InZone(DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) ?? DateTimeZone.Utc).Date);
        try
        {
            await db.SaveChangesAsync(ct);
            await db.CapacityWeeks.Where(w => w.EngineerId == id && w.WeekStart >= thisWeek)
                .ExecuteUpdateAsync(u => u.SetProperty(w => w.CapacityHours, engineer.WeeklyCapacityHours), ct);
            await tx.CommitAsync(ct);
        }
        catch (Exception ex) when (ex.IsCheckViolation())
        {
            return TypedResults.Problem(title: $"{engineer.Name} already has more than {engineer.WeeklyCapacityHours} h allocated in some week; release or move that work first.",
                statusCode: StatusCodes.Status409Conflict);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return TypedResults.Problem(title: "This engineer was created at the same time; try again.", statusCode: StatusCodes.Status409Conflict);
        }
        return TypedResults.Ok(new EngineerView(engineer.Id, engineer.Name, engineer.WeeklyCapacityHours));
    }

    /// <summary>Booked, held and free hours per week for the portal's chart; only the engineer's own firm sees them.</summary>
    public static async Task<Results<Ok<List<WeekView>>, ValidationProblem, NotFound>> Weeks(
        Guid id, DateOnly? from, int? weeks, ClaimsPrincipal user, SchedulingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var count = weeks ?? 12;
        if (count is < 1 or > 52)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["weeks"] = ["weeks must be 1 to 52."] });
        }
        var engineer = await db.Engineers.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id && e.FirmId == Caller.Of(user).FirmId, ct);
        if (engineer is null)
        {
            return TypedResults.NotFound();
        }
        var first = WorkingWeek.WeekStart(from is { } f ? LocalDate.FromDateOnly(f) : LocalDate.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var starts = Enumerable.Range(0, count).Select(first.PlusWeeks).ToList();
        var last = starts[^1];
        var capacity = await db.CapacityWeeks.AsNoTracking().Where(w => w.EngineerId == id && w.WeekStart >= first && w.WeekStart <= last)
            .ToDictionaryAsync(w => w.WeekStart, w => w.CapacityHours, ct);
        var earliest = first.PlusWeeks(-Holds.Allocation.MaxWeeks); // nothing starting before this reaches the first week
        var live = await db.Allocations.AsNoTracking()
            .Where(a => a.EngineerId == id && a.Status != Holds.AllocationStatus.Released && a.FirstWeek <= last && a.FirstWeek > earliest)
            .ToListAsync(ct);
        return TypedResults.Ok(starts.Select(week =>
        {
            var covering = live.Where(a => a.WeekStarts.Contains(week)).ToList();
            var booked = covering.Where(a => a.Status == Holds.AllocationStatus.Booking).Sum(a => a.HoursPerWeek);
            var held = covering.Where(a => a.Status == Holds.AllocationStatus.Hold).Sum(a => a.HoursPerWeek);
            var total = capacity.GetValueOrDefault(week, engineer.WeeklyCapacityHours);
            return new WeekView(week.ToDateOnly(), total, booked, held, total - booked - held);
        }).ToList());
    }
}

public sealed record CapacityRequest(string? Name, int? HoursPerWeek);
public sealed record EngineerView(Guid Id, string Name, int HoursPerWeek);
public sealed record WeekView(DateOnly Week, int CapacityHours, int BookedHours, int HeldHours, int FreeHours);
