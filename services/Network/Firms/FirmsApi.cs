using Marketplace.Messaging;
using Marketplace.Network.Members;
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
        group.MapPost("/", RegisterFirm).AllowAnonymous();
        group.MapGet("/{id:guid}", GetFirm).RequireAuthorization();
        return group;
    }

    public static async Task<Results<Created<FirmView>, ValidationProblem, ProblemHttpResult>> RegisterFirm(
        RegisterFirmRequest request, NetworkDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var validation = new Validation()
            .Text(request.Name, "name", Firm.MaxName)
            .Text(request.OwnerName, "ownerName", Member.MaxName)
            .Text(request.OwnerEmail, "ownerEmail", Member.MaxEmail)
            .Require(request.OwnerPassword is { Length: >= Member.MinPassword and <= Member.MaxPassword }, "ownerPassword",
                $"ownerPassword must be {Member.MinPassword} to {Member.MaxPassword} characters.")
            .Require(request.OwnerEmail is null || request.OwnerEmail.Contains('@', StringComparison.Ordinal), "ownerEmail", "ownerEmail must be an e-mail address.")
            .Require(Firm.IsKnownTimeZone(request.TimeZone), "timeZone", "timeZone must be an IANA time zone such as Europe/London.");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        var email = Member.NormalizeEmail(request.OwnerEmail!);
        if (await db.Members.AnyAsync(m => m.Email == email, ct))
        {
            return OwnerTaken();
        }

        var (firm, owner, registered) = Firm.Register(request.Name!, request.TimeZone!, request.TakesReferrals ?? true,
            request.OwnerName!, email, request.OwnerPassword!, clock);
        db.Firms.Add(firm);
        db.Members.Add(owner);
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
        TypedResults.Problem(title: "This e-mail address already belongs to a member.", statusCode: StatusCodes.Status409Conflict);

    public static async Task<Results<Ok<FirmView>, NotFound>> GetFirm(Guid id, NetworkDbContext db, CancellationToken ct) =>
        await db.Firms.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, ct) is { } firm
            ? TypedResults.Ok(FirmView.From(firm))
            : TypedResults.NotFound();
}

public sealed record RegisterFirmRequest(string? Name, string? TimeZone, bool? TakesReferrals, string? OwnerName, string? OwnerEmail, string? OwnerPassword);

public sealed record FirmView(Guid Id, string Name, string TimeZone, bool TakesReferrals, DateTimeOffset RegisteredAt)
{
    public static FirmView From(Firm f) => new(f.Id, f.Name, f.TimeZone, f.TakesReferrals, f.RegisteredAt);
}
