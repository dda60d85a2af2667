using Marketplace.Calendar;
using System.Security.Claims;
using Marketplace.Messaging;
using Marketplace.Network.Account;
using Marketplace.Network.Data;
using Marketplace.Network.Members;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Marketplace.Network.Firms;

public static class FirmsApi
{
    public static RouteGroupBuilder MapFirmsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/network/firms").WithTags("Firms");
        group.MapPost("/", RegisterFirm).AllowAnonymous()
            .WithSummary("Register a firm with its first Owner; the same 202 whether or not the address is a member's (who is told by mail)");
        group.MapGet("/{id:guid}", GetFirm).RequireAuthorization().WithSummary("A firm's public profile");
        group.MapPut("/{id:guid}", UpdateFirm).RequireAuthorization().WithSummary("Change the caller's firm's profile (Owners)");
        return group;
    }

    /// <summary>
    /// Registers a firm with its first owner, who is mailed a link to verify the address (the firm takes no referrals
    /// until an Owner has). The answer is the same 202 whether or not the address already belongs to a member (and costs
    /// comparable work), so registering tells nobody who is a member: the owner signs in next. When the address is a
    /// member's, that member is mailed a password reset link instead, so the real owner of the address hears of it.
    /// </summary>
    public static async Task<Results<Accepted<RegistrationView>, ValidationProblem>> RegisterFirm(
        RegisterFirmRequest request, NetworkDbContext db, IOptions<AccountOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var validation = new Validation()
            .Text(request.Name, "name", Firm.MaxName)
            .Text(request.OwnerName, "ownerName", Member.MaxName)
            .Text(request.OwnerEmail, "ownerEmail", Member.MaxEmail)
            .Require(PasswordRule.Problem(request.OwnerPassword) is null, "ownerPassword", PasswordRule.Problem(request.OwnerPassword) ?? "")
            .Require(request.OwnerEmail is null || (request.OwnerEmail.Contains('@', StringComparison.Ordinal) && !request.OwnerEmail.Any(char.IsControl)),
                "ownerEmail", "ownerEmail must be an e-mail address.")
            .Require(Firm.IsKnownTimeZone(request.TimeZone), "timeZone", "timeZone must be an IANA time zone such as Europe/London.");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        var email = Member.NormalizeEmail(request.OwnerEmail!);
        if (await db.Members.AnyAsync(m => m.Email == email, ct))
        {
            Member.CheckAgainstNobody(request.OwnerPassword!); // the password work a new owner costs
            await AccountMails.RequestPasswordResetAsync(db, email, options.Value, clock, ct); // and a transaction with a mail, as theirs has
            return RegistrationView.Neutral;
        }

        var (firm, owner, registered) = Firm.Register(request.Name!, request.TimeZone!, request.TakesReferrals ?? true,
            request.OwnerName!, email, request.OwnerPassword!, clock, ownerMustVerify: options.Value.VerifyBeforeReferrals);
        db.Firms.Add(firm);
        db.Members.Add(owner);
        db.AddIntegrationEvent(registered, firm.Id.ToString());
        db.AddIntegrationEvent(owner.Changed(firm.RegisteredAt), firm.Id.ToString());
        AccountMails.SendVerification(db, owner, firm.Name, options.Value, clock);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return RegistrationView.Neutral; // the same address registered at the same moment
        }
        return RegistrationView.Neutral;
    }

    /// <summary>A firm's profile is what other members see when they consider working with it.</summary>
    public static async Task<Results<Ok<FirmView>, NotFound>> GetFirm(Guid id, NetworkDbContext db, CancellationToken ct) =>
        await db.Firms.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, ct) is { } firm
            ? TypedResults.Ok(FirmView.From(firm))
            : TypedResults.NotFound();

    /// <summary>
    /// Only the firm's Owner changes its profile. Under the firm's row lock, so FirmUpdated (in full, with whether the
    /// firm takes referrals) is what was committed, even when an Owner verifies their address at the same moment.
    /// </summary>
    public static async Task<Results<Ok<FirmView>, ValidationProblem, NotFound, ForbidHttpResult>> UpdateFirm(
        Guid id, UpdateFirmRequest request, ClaimsPrincipal user, NetworkDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        if (caller.FirmId != id)
        {
            return TypedResults.NotFound();
        }
        if (!caller.IsOwner)
        {
            return TypedResults.Forbid();
        }

        var opens = ClockTime.Parse(request.OpensAt);
        var closes = ClockTime.Parse(request.ClosesAt);
        var days = request.WorkingDays ?? [];
        var regions = request.Regions ?? [];
        var validation = new Validation()
            .Text(request.Name, "name", Firm.MaxName)
            .Text(request.Description, "description", Firm.MaxDescription, required: false)
            .Require(Firm.IsKnownTimeZone(request.TimeZone), "timeZone", "timeZone must be an IANA time zone such as Europe/London.")
            .Require(days.Count is > 0 and <= 7 && days.All(d => d is >= 1 and <= 7), "workingDays", "workingDays must list ISO weekdays, 1 (Monday) to 7 (Sunday).")
            .Require(opens is not null, "opensAt", "opensAt must be a time such as 09:00.")
            .Require(closes is not null, "closesAt", "closesAt must be a time such as 17:30.")
            .Require(opens is null || closes is null || closes > opens, "closesAt", "closesAt must be after opensAt.")
            .Require(regions.Count <= Firm.MaxRegions && regions.All(r => r is { Length: > 0 and <= Firm.MaxRegion }), "regions",
                $"regions takes at most {Firm.MaxRegions} names of 1 to {Firm.MaxRegion} characters.");
        // The holiday settings are saved together: any of them sent replaces all three; none sent keeps them (older clients).
        var replacesHolidays = request.HolidayCountry is not null || request.HolidayRegion is not null || request.ClosingDays is not null;
        if (replacesHolidays)
        {
            var today = Instant.FromDateTimeOffset(clock.GetUtcNow()).InUtc().Date;
            FirmHolidays.Check(validation, request.HolidayCountry, request.HolidayRegion, request.ClosingDays, today);
        }
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        var change = await RowChanges.ChangeAsync(db, "Firms", "Id", id, token => db.Firms.FirstOrDefaultAsync(f => f.Id == id, token), _ => true, firm =>
        {
            var updated = firm.UpdateProfile(request.Name!, request.Description ?? "", regions, request.TimeZone!,
                new BusinessHours([.. days.Select(d => (IsoDayOfWeek)d)], opens!.Value, closes!.Value), request.TakesReferrals ?? firm.TakesReferrals, clock,
                replacesHolidays ? FirmHolidays.From(request.HolidayCountry, request.HolidayRegion, request.ClosingDays?.OfType<string>()) : null);
            db.AddIntegrationEvent(updated, firm.Id.ToString());
            return Task.CompletedTask;
        }, ct);
        return change is RowChange<Firm>.Done done ? TypedResults.Ok(FirmView.From(done.Row)) : TypedResults.NotFound();
    }
}

/// <summary>What registering answers, whoever the address belongs to.</summary>
public sealed record RegistrationView(string Message)
{
    public static Accepted<RegistrationView> Neutral { get; } = TypedResults.Accepted("/api/network/me",
        new RegistrationView("Thank you. If this address can be used, the firm is registered: sign in with it and the password you chose. Look for our mail to this address."));
}

public sealed record RegisterFirmRequest(string? Name, string? TimeZone, bool? TakesReferrals, string? OwnerName, string? OwnerEmail, string? OwnerPassword);

/// <summary>
/// A firm's whole profile. The holiday settings (<c>holidayCountry</c>, <c>holidayRegion</c>, <c>closingDays</c>) are
/// replaced together when any of them is sent ("" or [] clears one) and kept when none is.
/// </summary>
public sealed record UpdateFirmRequest(string? Name, string? Description, IReadOnlyList<string>? Regions, string? TimeZone,
    IReadOnlyList<int>? WorkingDays, string? OpensAt, string? ClosesAt, bool? TakesReferrals,
    string? HolidayCountry = null, string? HolidayRegion = null, IReadOnlyList<string?>? ClosingDays = null);

/// <summary>
/// A firm's profile. "takesReferrals" is the firm's own setting; "acceptsReferrals" what the marketplace goes by: the
/// setting, once an Owner of the firm has verified their address.
/// </summary>
public sealed record FirmView(Guid Id, string Name, string Description, IReadOnlyList<string> Regions, string TimeZone,
    IReadOnlyList<int> WorkingDays, string OpensAt, string ClosesAt, bool TakesReferrals, DateTimeOffset RegisteredAt, bool AcceptsReferrals,
    string? HolidayCountry, string? HolidayRegion, IReadOnlyList<string> ClosingDays)
{
    public static FirmView From(Firm f) => new(f.Id, f.Name, f.Description, f.Regions, f.TimeZone, f.WorkingDays,
        ClockTime.Format(f.OpensAt), ClockTime.Format(f.ClosesAt), f.TakesReferrals, f.RegisteredAt, f.AcceptsReferrals,
        f.HolidayCountry, f.HolidayRegion, f.ClosingDays);
}
