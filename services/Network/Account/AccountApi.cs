using System.Globalization;
using System.Security.Claims;
using Marketplace.Messaging;
using Marketplace.Network.Data;
using Marketplace.Network.Members;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace Marketplace.Network.Account;

/// <summary>Verified addresses and password reset: links mailed to the person, each good once.</summary>
public static class AccountApi
{
    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/api/network/account").AllowAnonymous().WithTags("Accounts");
        account.MapPost("/verify", Verify)
            .WithSummary("Verify an address with the token from the verification mail (once; 410 when unknown, used or expired)");
        account.MapPost("/password-reset", RequestPasswordReset)
            .WithSummary("Ask for a password reset link by mail; the same 202 whether or not the address belongs to anyone");
        account.MapPost("/password-reset/complete", CompletePasswordReset)
            .WithSummary("Choose a new password with the token from the reset mail (once, 30 minutes); every session of the member ends");
        app.MapPost("/api/network/me/verification", SendVerification).RequireAuthorization().WithTags("Accounts")
            .WithSummary("Mail the caller a fresh verification link (nothing when their address is verified already)");
        return app;
    }

    /// <summary>The address is the member's; an Owner's verification lets the firm take referrals.</summary>
    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Verify(
        VerifyAddressRequest request, NetworkDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var validation = new Validation().Text(request.Token, "token", AccountToken.MaxLength);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var member = await Verification.SpendAsync(db, request.Token!, AccountTokenPurpose.VerifyEmail, clock,
            (member, _) => Verification.MarkVerifiedAsync(db, member, clock, ct), ct);
        return member is null ? Problems.Gone(AccountToken.GoneSentence) : TypedResults.NoContent();
    }

    /// <summary>
    /// Always the same 202 and body, after the same statements, whether or not the address belongs to a member; when it
    /// does, a link good for 30 minutes goes to it (at most a few an hour per address, however often someone asks).
    /// </summary>
    public static async Task<Results<Accepted<AccountMailView>, ValidationProblem>> RequestPasswordReset(
        PasswordResetRequest request, NetworkDbContext db, IOptions<AccountOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var validation = new Validation()
            .Text(request.Email, "email", Member.MaxEmail)
            .Require(request.Email is null || (request.Email.Contains('@', StringComparison.Ordinal) && !request.Email.Any(char.IsControl)),
                "email", "email must be an e-mail address.");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        await AccountMails.RequestPasswordResetAsync(db, Member.NormalizeEmail(request.Email!), options.Value, clock, ct);
        return AccountMailView.ResetRequested;
    }

    /// <summary>
    /// Sets the new password, counts the address as verified (only its reader had the link), and ends every session of
    /// the member: their access tokens are refused within the services' cache window, their refresh tokens at once.
    /// </summary>
    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> CompletePasswordReset(
        CompletePasswordResetRequest request, NetworkDbContext db, IOpenIddictTokenManager tokens, IOpenIddictAuthorizationManager authorizations,
        TimeProvider clock, CancellationToken ct)
    {
        var validation = new Validation()
            .Text(request.Token, "token", AccountToken.MaxLength)
            .Require(PasswordRule.Problem(request.Password) is null, "password", PasswordRule.Problem(request.Password) ?? "");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var member = await Verification.SpendAsync(db, request.Token!, AccountTokenPurpose.ResetPassword, clock, async (member, now) =>
        {
            var verified = member.ResetPassword(request.Password!, now);
            // Any other reset link of theirs dies with this one, and a sign-in lock on the address is lifted: its owner is back.
            await db.AccountTokens.Where(t => t.MemberId == member.Id && t.Purpose == AccountTokenPurpose.ResetPassword && t.UsedAt == null)
                .ExecuteUpdateAsync(t => t.SetProperty(x => x.UsedAt, now), ct);
            await db.SignInThrottles.Where(t => t.Email == member.Email).ExecuteDeleteAsync(ct);
            if (verified)
            {
                db.AddIntegrationEvent(member.Changed(now), member.FirmId.ToString());
                await Verification.OwnerMayVouchAsync(db, member, clock, ct);
            }
        }, ct);
        if (member is null)
        {
            return Problems.Gone(AccountToken.GoneSentence);
        }
        // The new stamps alone end the sessions; this only tidies the token store.
        await tokens.RevokeBySubjectAsync(member.Id.ToString(), ct);
        await authorizations.RevokeBySubjectAsync(member.Id.ToString(), ct);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// A fresh verification link (7 days) to the caller's own address; 204 with nothing sent when it is verified already
    /// (or the caller is a machine client, which has no address). 429 once the address's mails for the hour are spent.
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> SendVerification(
        ClaimsPrincipal user, HttpContext http, NetworkDbContext db, IOptions<AccountOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParse(Caller.Of(user).Subject, out var id))
        {
            return TypedResults.NoContent();
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var member = await db.Members.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (member is null || member.EmailVerified)
        {
            return TypedResults.NoContent();
        }
        var now = clock.GetUtcNow();
        var throttle = await AccountMails.ThrottleAsync(db, member.Email, now, ct);
        if (!throttle.TryTake(now, options.Value.MailsPerAddressPerHour))
        {
            var wait = throttle.NextAt - now;
            return Problems.TooManyRequests(http, wait,
                $"Enough links went to this address for now: ask again in {Math.Max(1, Math.Ceiling(wait.TotalMinutes)):0} min, or use one already sent.");
        }
        AccountMails.SendVerification(db, member, await Verification.FirmNameAsync(db, member.FirmId, ct), options.Value, clock);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}

public sealed record VerifyAddressRequest(string? Token);
public sealed record PasswordResetRequest(string? Email);
public sealed record CompletePasswordResetRequest(string? Token, string? Password);

/// <summary>What asking for an account mail answers, whoever the address belongs to.</summary>
public sealed record AccountMailView(string Message)
{
    public static Accepted<AccountMailView> ResetRequested { get; } = TypedResults.Accepted((string?)null,
        new AccountMailView("Thank you. If this address belongs to a member, a link to choose a new password is on its way: it works once, within 30 minutes."));
}
