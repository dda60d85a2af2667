using System.Security.Claims;
using Marketplace.Calendar;
using Marketplace.Contracts;
using Marketplace.Messaging;
using Marketplace.Scheduling.Availability;
using Marketplace.Scheduling.Capacity;
using Marketplace.Scheduling.Data;
using Marketplace.Scheduling.Engineers;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Scheduling.Holds;

public static class HoldsApi
{
    public static readonly Duration DefaultHoldLifetime = Duration.FromHours(24);

    public static RouteGroupBuilder MapHoldsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/scheduling/holds").RequireAuthorization().WithTags("Holds");
        group.MapPost("/", PlaceHold);
        group.MapPost("/{id:guid}/confirm", Confirm);
        group.MapDelete("/{id:guid}", Release);
        return group;
    }

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Holds hours on an engineer, all weeks or none; what does not fit is a 409 that says what is free.</summary>
    public static async Task<Results<Created<AllocationView>, ValidationProblem, NotFound, ForbidHttpResult, ProblemHttpResult>> PlaceHold(
        HoldRequest request, ClaimsPrincipal user, SchedulingDbContext db, AvailabilityIndex index, HoldMetrics metrics, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        var validation = new Validation()
            .Require(request.EngineerId is not null, "engineerId", "engineerId is required.")
            .Require(request.ReferralId is not null, "referralId", "referralId is required.")
            .Require(request.HoursPerWeek is >= 1 and <= Engineer.MaxWeeklyHours, "hoursPerWeek", $"hoursPerWeek must be 1 to {Engineer.MaxWeeklyHours}.")
            .Require(request.FirstWeek is not null, "firstWeek", "firstWeek is required (a date in the week, YYYY-MM-DD).")
            .Require(request.FirstWeek is null || request.FirstWeek >= Today(clock).AddDays(-7), "firstWeek", "firstWeek cannot be in a week that is over.")
            .WithinHorizon(request.FirstWeek, Today(clock), "firstWeek")
            .Require(request.Weeks is >= 1 and <= Allocation.MaxWeeks, "weeks", $"weeks must be 1 to {Allocation.MaxWeeks}.");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var engineer = await db.Engineers.AsNoTracking().FirstOrDefaultAsync(e => e.Id == request.EngineerId, ct);
        if (engineer is null || !Reaches(caller, engineer.FirmId))
        {
            return TypedResults.NotFound();
        }
        if (!MayAllocate(caller))
        {
            return TypedResults.Forbid();
        }

        var first = WorkingWeek.WeekStart(LocalDate.FromDateOnly(request.FirstWeek!.Value));
        var weeks = Enumerable.Range(0, request.Weeks!.Value).Select(first.PlusWeeks).ToArray();
        var hours = request.HoursPerWeek!.Value;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Shared with other holds, exclusive with capacity and time-off changes: the weekly hours read here stay true.
        var weekly = await db.Database.SqlQuery<int>($"""
            SELECT "WeeklyCapacityHours" AS "Value" FROM "Engineers" WHERE "Id" = {engineer.Id} FOR SHARE
            """).SingleAsync(ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "CapacityWeeks" ("EngineerId", "WeekStart", "CapacityHours", "AllocatedHours")
            SELECT {engineer.Id}, w, {weekly}, 0 FROM unnest({weeks}) AS w
            ON CONFLICT DO NOTHING
            """, ct);
        // Row locks and the condition together: a concurrent hold on the same weeks waits, then sees the new total.
        var fitted = await db.Database.ExecuteSqlAsync($"""
            UPDATE "CapacityWeeks" SET "AllocatedHours" = "AllocatedHours" + {hours}
            WHERE "EngineerId" = {engineer.Id} AND "WeekStart" = ANY({weeks}) AND "AllocatedHours" + {hours} <= "CapacityHours"
            """, ct);
        if (fitted != weeks.Length)
        {
            await tx.RollbackAsync(ct);
            var known = await db.CapacityWeeks.AsNoTracking()
                .Where(w => w.EngineerId == engineer.Id && weeks.Contains(w.WeekStart))
                .ToDictionaryAsync(w => w.WeekStart, w => w.CapacityHours - w.AllocatedHours, ct);
            // A week nobody has allocated yet has the engineer's whole capacity free.
            var free = weeks.Select(w => new FreeWeek(w.ToDateOnly(), known.GetValueOrDefault(w, weekly))).ToList();
            metrics.Record("refused");
            return TypedResults.Problem(title: $"{engineer.Name} does not have {hours} h free in every one of those weeks.",
                statusCode: StatusCodes.Status409Conflict, extensions: new Dictionary<string, object?> { ["free"] = free });
        }

        var now = clock.GetUtcNow();
        var hold = new Allocation
        {
            Id = Guid.CreateVersion7(), FirmId = engineer.FirmId, EngineerId = engineer.Id, ReferralId = request.ReferralId!.Value,
            HoursPerWeek = hours, FirstWeek = first, Weeks = weeks.Length, Status = AllocationStatus.Hold, CreatedAt = now,
            ExpiresAt = now + DefaultHoldLifetime.ToTimeSpan(),
        };
        db.Allocations.Add(hold);
        db.AddIntegrationEvent(new HoldPlaced(Guid.NewGuid(), now, hold.Id, hold.FirmId, hold.EngineerId, hold.ReferralId, hold.HoursPerWeek,
            hold.FirstWeek.ToDateOnly(), hold.Weeks, hold.ExpiresAt.Value), hold.Id.ToString());
        await db.MarkCapacityChangedAsync(hold.FirmId, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        index.MarkStale();
        metrics.Record("placed");
        return TypedResults.Created($"/api/scheduling/holds/{hold.Id}", AllocationView.From(hold));
    }

    public static async Task<Results<Ok<AllocationView>, NotFound, ForbidHttpResult, ProblemHttpResult>> Confirm(
        Guid id, ClaimsPrincipal user, SchedulingDbContext db, HoldMetrics metrics, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        var hold = await db.Allocations.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (hold is null || !Reaches(caller, hold.FirmId))
        {
            return TypedResults.NotFound();
        }
        if (!MayAllocate(caller))
        {
            return TypedResults.Forbid();
        }
        // Conditional, so an overdue hold, or one the expiry job has just released, cannot be booked: its hours are gone.
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var confirmed = await db.Allocations.Where(a => a.Id == id && a.Status == AllocationStatus.Hold && a.ExpiresAt > now)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, AllocationStatus.Booking).SetProperty(a => a.ExpiresAt, (DateTimeOffset?)null), ct);
        if (confirmed == 0)
        {
            return TypedResults.Problem(title: $"Only a live hold can be confirmed; this one is {(hold.Status == AllocationStatus.Hold ? "expired" : hold.Status)}.",
                statusCode: StatusCodes.Status409Conflict);
        }
        db.AddIntegrationEvent(new BookingConfirmed(Guid.NewGuid(), now, hold.Id, hold.FirmId, hold.ReferralId), hold.Id.ToString());
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        (hold.Status, hold.ExpiresAt) = (AllocationStatus.Booking, null);
        metrics.Record("confirmed");
        return TypedResults.Ok(AllocationView.From(hold));
    }

    /// <summary>Releases a hold or booking and gives its hours back, once.</summary>
    public static async Task<Results<NoContent, NotFound, ForbidHttpResult>> Release(
        Guid id, ClaimsPrincipal user, SchedulingDbContext db, AvailabilityIndex index, HoldMetrics metrics, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var hold = await db.Allocations.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (hold is null || !Reaches(caller, hold.FirmId))
        {
            return TypedResults.NotFound();
        }
        if (!MayAllocate(caller))
        {
            return TypedResults.Forbid();
        }
        // The status flips in the same statement that checks it: two releases cannot both give the hours back.
        var released = await db.Allocations.Where(a => a.Id == id && a.Status != AllocationStatus.Released)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, AllocationStatus.Released), ct);
        if (released == 1)
        {
            await GiveBackAsync(db, hold, ct);
            db.AddIntegrationEvent(new BookingReleased(Guid.NewGuid(), clock.GetUtcNow(), hold.Id, hold.FirmId, hold.ReferralId), hold.Id.ToString());
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        index.MarkStale();
        if (released == 1)
        {
            metrics.Record("released");
        }
        return TypedResults.NoContent();
    }

    /// <summary>Returns an allocation's hours to its engineer's weeks.</summary>
    public static async Task GiveBackAsync(SchedulingDbContext db, Allocation allocation, CancellationToken ct)
    {
        var weeks = allocation.WeekStarts.ToArray();
        await db.Database.ExecuteSqlAsync($"""
            UPDATE "CapacityWeeks" SET "AllocatedHours" = "AllocatedHours" - {allocation.HoursPerWeek}
            WHERE "EngineerId" = {allocation.EngineerId} AND "WeekStart" = ANY({weeks})
            """, ct);
        await db.MarkCapacityChangedAsync(allocation.FirmId, ct);
    }

    /// <summary>Owners and dispatchers allocate their engineers' time, and Matching does so as the platform's machine client.</summary>
    private static bool MayAllocate(Caller caller) => caller.CanDispatch || caller.Role == Roles.Machine;

    /// <summary>A firm sees its own engineers and holds; the platform's machine client acts for any firm whose partner accepted.</summary>
    /// <summary>A firm's own engineers; any firm's only with the platform scope (a machine client's role alone is not enough).</summary>
    private static bool Reaches(Caller caller, Guid firmId) => caller.FirmId == firmId || caller.HasScope(PlatformScopes.SchedulingAnyFirm);
}

public sealed record HoldRequest(Guid? EngineerId, Guid? ReferralId, int? HoursPerWeek, DateOnly? FirstWeek, int? Weeks);
public sealed record FreeWeek(DateOnly Week, int FreeHours);
public sealed record AllocationView(Guid Id, Guid EngineerId, Guid ReferralId, int HoursPerWeek, DateOnly FirstWeek, int Weeks, string Status, DateTimeOffset? ExpiresAt)
{
    public static AllocationView From(Allocation a) => new(a.Id, a.EngineerId, a.ReferralId, a.HoursPerWeek, a.FirstWeek.ToDateOnly(), a.Weeks, a.Status.ToString(), a.ExpiresAt);
}
