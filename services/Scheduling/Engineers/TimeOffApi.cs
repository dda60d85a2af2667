using System.Security.Claims;
using Marketplace.Messaging;
using Marketplace.Scheduling.Availability;
using Marketplace.Scheduling.Capacity;
using Marketplace.Scheduling.Data;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Scheduling.Engineers;

public static class TimeOffApi
{
    public static RouteGroupBuilder MapTimeOffApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/scheduling/engineers/{engineerId:guid}/time-off").RequireAuthorization().WithTags("Time off");
        group.MapGet("/", List);
        group.MapPost("/", Add);
        group.MapDelete("/{id:guid}", Remove);
        return group;
    }

    public static async Task<Results<Ok<List<TimeOffView>>, NotFound>> List(Guid engineerId, ClaimsPrincipal user, SchedulingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var firmId = Caller.Of(user).FirmId;
        if (!await db.Engineers.AnyAsync(e => e.Id == engineerId && e.FirmId == firmId, ct))
        {
            return TypedResults.NotFound();
        }
        var calendar = await WeekCapacities.CalendarOfAsync(db, firmId, ct);
        var thisWeek = WeekCapacities.ThisWeek(calendar, clock);
        var list = await db.TimeOff.AsNoTracking().Where(t => t.EngineerId == engineerId && t.Last >= thisWeek).OrderBy(t => t.First).ToListAsync(ct);
        return TypedResults.Ok(list.Select(TimeOffView.From).ToList());
    }

    /// <summary>Takes the days out of the engineer's weeks; refused with 409 when that would break hours already promised.</summary>
    public static async Task<Results<Created<TimeOffView>, ValidationProblem, NotFound, ForbidHttpResult, ProblemHttpResult>> Add(
        Guid engineerId, TimeOffRequest request, ClaimsPrincipal user, SchedulingDbContext db, AvailabilityIndex index, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        var calendar = await WeekCapacities.CalendarOfAsync(db, caller.FirmId, ct);
        var today = Instant.FromDateTimeOffset(clock.GetUtcNow()).InZone(calendar.Zone).Date.ToDateOnly();
        var validation = new Validation()
            .Require(request.First is not null, "first", "first is required (YYYY-MM-DD).")
            .Require(request.Last is not null, "last", "last is required (YYYY-MM-DD), the last day away.")
            .Require(request.First is null || request.Last is null || request.First <= request.Last, "last", "last cannot be before first.")
            .Require(request.First is null || request.Last is null || request.Last.Value.DayNumber - request.First.Value.DayNumber < TimeOff.MaxDays, "last", $"At most {TimeOff.MaxDays} days at once.")
            .Require(request.Last is null || request.Last >= today, "last", "Time off that is already over changes nothing.")
            .WithinHorizon(request.First, today, "first")
            .WithinHorizon(request.Last, today, "last")
            .Text(request.Reason, "reason", 200, required: false);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        if (!await db.Engineers.AnyAsync(e => e.Id == engineerId && e.FirmId == caller.FirmId, ct))
        {
            return TypedResults.NotFound();
        }
        if (!caller.CanDispatch)
        {
            return TypedResults.Forbid();
        }
        var timeOff = new TimeOff
        {
            Id = Guid.CreateVersion7(), EngineerId = engineerId, First = LocalDate.FromDateOnly(request.First!.Value),
            Last = LocalDate.FromDateOnly(request.Last!.Value), Reason = request.Reason?.Trim() ?? "",
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var engineer = await WeekCapacities.LockAsync(db, engineerId, ct);
            db.TimeOff.Add(timeOff);
            await db.SaveChangesAsync(ct);
            await WeekCapacities.ApplyAsync(db, engineer, calendar.Week, WeekCapacities.ThisWeek(calendar, clock), ct);
            await db.MarkCapacityChangedAsync(caller.FirmId, ct);
            await tx.CommitAsync(ct);
        }
        catch (Exception ex) when (ex.IsCheckViolation())
        {
            return Problems.NotEnoughCapacity("Hours already promised in those weeks would no longer fit; release or move that work first.");
        }
        index.Invalidate();
        return TypedResults.Created($"/api/scheduling/engineers/{engineerId}/time-off/{timeOff.Id}", TimeOffView.From(timeOff));
    }

    public static async Task<Results<NoContent, NotFound, ForbidHttpResult>> Remove(
        Guid engineerId, Guid id, ClaimsPrincipal user, SchedulingDbContext db, AvailabilityIndex index, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        if (!await db.Engineers.AnyAsync(e => e.Id == engineerId && e.FirmId == caller.FirmId, ct))
        {
            return TypedResults.NotFound();
        }
        if (!caller.CanDispatch)
        {
            return TypedResults.Forbid();
        }
        var calendar = await WeekCapacities.CalendarOfAsync(db, caller.FirmId, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var engineer = await WeekCapacities.LockAsync(db, engineerId, ct);
        if (await db.TimeOff.Where(t => t.Id == id && t.EngineerId == engineerId).ExecuteDeleteAsync(ct) == 0)
        {
            return TypedResults.NotFound();
        }
        await WeekCapacities.ApplyAsync(db, engineer, calendar.Week, WeekCapacities.ThisWeek(calendar, clock), ct);
        await db.MarkCapacityChangedAsync(caller.FirmId, ct);
        await tx.CommitAsync(ct);
        index.Invalidate();
        return TypedResults.NoContent();
    }
}

public sealed record TimeOffRequest(DateOnly? First, DateOnly? Last, string? Reason);
public sealed record TimeOffView(Guid Id, DateOnly First, DateOnly Last, string Reason)
{
    public static TimeOffView From(TimeOff t) => new(t.Id, t.First.ToDateOnly(), t.Last.ToDateOnly(), t.Reason);
}
