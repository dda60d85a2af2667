using Marketplace.Messaging;
using Marketplace.Network.Data;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Network.Firms;

public static class FirmsApi
{
    public static RouteGroupBuilder MapFirmsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/network/firms").WithTags("Firms");
        group.MapPost("/", RegisterFirm);
        group.MapGet("/{id:guid}", GetFirm);
        return group;
    }

    public static async Task<Results<Created<FirmView>, ValidationProblem, ProblemHttpResult>> RegisterFirm(
        RegisterFirmRequest request, NetworkDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var validation = new Validation()
            .Text(request.Name, "name", Firm.MaxName)
            .Text(request.OwnerName, "ownerName", Firm.MaxName)
            .Text(request.OwnerEmail, "ownerEmail", Firm.MaxEmail)
            .Require(request.OwnerEmail is null || request.OwnerEmail.Contains('@', StringComparison.Ordinal), "ownerEmail", "ownerEmail must be an e-mail address.")
            .Require(Firm.IsKnownTimeZone(request.TimeZone), "timeZone", "timeZone must be an IANA time zone such as Europe/London.");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        var email = request.OwnerEmail!.Trim().ToLowerInvariant();
        if (await db.Firms.AnyAsync(f => f.OwnerEmail == email, ct))
        {
            return OwnerTaken();
        }

        var (firm, registered) = Firm.Register(request.Name!, request.TimeZone!, request.TakesReferrals ?? true, request.OwnerName!, email, clock);
        db.Firms.Add(firm);
        db.AddIntegrationEvent(registered, firm.Id.ToString());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return OwnerTaken();
        }
        return TypedResults.Created($"/api/network/firms/{firm.Id}", FirmView.From(firm));
    }

    private static ProblemHttpResult OwnerTaken() =>
        TypedResults.Problem(title: "A firm with this owner is already registered.", statusCode: StatusCodes.Status409Conflict);

    public static async Task<Results<Ok<FirmView>, NotFound>> GetFirm(Guid id, NetworkDbContext db, CancellationToken ct) =>
        await db.Firms.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, ct) is { } firm
            ? TypedResults.Ok(FirmView.From(firm))
            : TypedResults.NotFound();
}

public sealed record RegisterFirmRequest(string? Name, string? TimeZone, bool? TakesReferrals, string? OwnerName, string? OwnerEmail);

public sealed record FirmView(Guid Id, string Name, string TimeZone, bool TakesReferrals, DateTimeOffset RegisteredAt)
{
    public static FirmView From(Firm f) => new(f.Id, f.Name, f.TimeZone, f.TakesReferrals, f.RegisteredAt);
}
