using System.Security.Claims;
using Marketplace.Calendar;
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
    public static RouteGroupBuilder MapHoldsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/scheduling/holds").RequireAuthorization().WithTags("Holds");
        group.MapPost("/", PlaceHold);
        group.MapPost("/{id:guid}/confirm", Confirm);
        group.MapDelete("/{id:guid}", Release);
        return group;
    }

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Holds hours on an engineer, all weeks or none; what does not fit is a 409 (not-enough-capacity) that says what is free.</summary>
    public static async Task<Results<Created<AllocationView>, ValidationProblem, NotFound, ForbidHttpResult, ProblemHttpResult>> PlaceHold(
        HoldRequest request, ClaimsPrincipal user, SchedulingDbContext db, CapacityLedger ledger, TimeProvider clock, CancellationToken ct)
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
        var hours = request.HoursPerWeek!.Value;
        var placement = await ledger.HoldAsync(engineer, request.ReferralId!.Value, hours, [.. Enumerable.Range(0, request.Weeks!.Value).Select(first.PlusWeeks)],
            clock.GetUtcNow(), ct);
        return placement.Hold is { } hold
            ? TypedResults.Created($"/api/scheduling/holds/{hold.Id}", AllocationView.From(hold))
            : Problems.NotEnoughCapacity($"{engineer.Name} does not have {hours} h free in every one of those weeks.",
                new Dictionary<string, object?> { ["free"] = placement.Free });
    }

    public static async Task<Results<Ok<AllocationView>, NotFound, ForbidHttpResult, ProblemHttpResult>> Confirm(
        Guid id, ClaimsPrincipal user, SchedulingDbContext db, CapacityLedger ledger, TimeProvider clock, CancellationToken ct)
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
        var status = hold.Status == AllocationStatus.Hold ? "expired" : hold.Status.ToString();
        return await ledger.ConfirmAsync(hold, clock.GetUtcNow(), ct)
            ? TypedResults.Ok(AllocationView.From(hold))
            : Problems.Conflict($"Only a live hold can be confirmed; this one is {status}.");
    }

    /// <summary>Releases a hold or booking and gives its hours back, once; releasing it again changes nothing.</summary>
    public static async Task<Results<NoContent, NotFound, ForbidHttpResult>> Release(
        Guid id, ClaimsPrincipal user, SchedulingDbContext db, CapacityLedger ledger, TimeProvider clock, CancellationToken ct)
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
        await ledger.ReleaseAsync(hold, clock.GetUtcNow(), ct);
        return TypedResults.NoContent();
    }

    /// <summary>Owners and dispatchers allocate their engineers' time, and Matching does so as the platform's machine client.</summary>
    private static bool MayAllocate(Caller caller) => caller.CanDispatch || caller.Role == Roles.Machine;

    /// <summary>A firm's own engineers; any firm's only with the platform scope (a machine client's role alone is not enough).</summary>
    private static bool Reaches(Caller caller, Guid firmId) => caller.FirmId == firmId || caller.HasScope(PlatformScopes.SchedulingAnyFirm);
}

public sealed record HoldRequest(Guid? EngineerId, Guid? ReferralId, int? HoursPerWeek, DateOnly? FirstWeek, int? Weeks);
public sealed record AllocationView(Guid Id, Guid EngineerId, Guid ReferralId, int HoursPerWeek, DateOnly FirstWeek, int Weeks, string Status, DateTimeOffset? ExpiresAt)
{
    public static AllocationView From(Allocation a) => new(a.Id, a.EngineerId, a.ReferralId, a.HoursPerWeek, a.FirstWeek.ToDateOnly(), a.Weeks, a.Status.ToString(), a.ExpiresAt);
}
