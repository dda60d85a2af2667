using System.Security.Claims;
using Marketplace.Messaging;
using Marketplace.Network.Account;
using Marketplace.Network.Data;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace Marketplace.Network.Members;

public static class MembersApi
{
    public static IEndpointRouteBuilder MapMembersApi(this IEndpointRouteBuilder app)
    {
        var firm = app.MapGroup("/api/network/firms/{firmId:guid}").RequireAuthorization().WithTags("Members");
        firm.MapGet("/members", List).WithSummary("The firm's members (with whether each verified their address) and, for Owners, open invitations");
        firm.MapPost("/invitations", Invite).WithSummary("Invite someone to join the firm with a role (Owners); the invitation is mailed to them");
        firm.MapPut("/members/{memberId:guid}/role", ChangeRole).WithSummary("Change a member's role (Owners); their tokens with the old role stop working");
        firm.MapDelete("/members/{memberId:guid}", Remove).WithSummary("Remove a member (Owners); their sessions end");
        app.MapPost("/api/network/invitations/accept", Accept).AllowAnonymous().WithTags("Members")
            .WithSummary("Join a firm with an invitation's token; a link to verify the address is mailed to it");
        return app;
    }

    public static async Task<Results<Ok<MembersView>, NotFound>> List(Guid firmId, ClaimsPrincipal user, NetworkDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        if (caller.FirmId != firmId)
        {
            return TypedResults.NotFound();
        }
        var members = await db.Members.AsNoTracking().Where(m => m.FirmId == firmId).OrderBy(m => m.Name)
            .Select(m => new MemberView(m.Id, m.Name, m.Email, m.Role, m.JoinedAt, m.EmailVerifiedAt != null)).ToListAsync(ct);
        var now = clock.GetUtcNow();
        // Who is invited is the Owners' business.
        var invitations = !caller.IsOwner ? [] : await db.Invitations.AsNoTracking()
            .Where(i => i.FirmId == firmId && i.AcceptedAt == null && i.ExpiresAt > now).OrderBy(i => i.CreatedAt)
            .Select(i => new InvitationView(i.Id, i.Email, i.Role, i.ExpiresAt)).ToListAsync(ct);
        return TypedResults.Ok(new MembersView(members, invitations));
    }

    /// <summary>
    /// The invitation is mailed to the invitee (a link to the portal's join page): the link reaches only the address it
    /// was made for, so whoever joins with it has shown they read that mailbox.
    /// </summary>
    public static async Task<Results<Created<InvitationView>, ValidationProblem, NotFound, ForbidHttpResult, ProblemHttpResult>> Invite(
        Guid firmId, InviteMemberRequest request, ClaimsPrincipal user, NetworkDbContext db, IOptions<AccountOptions> options, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        if (caller.FirmId != firmId)
        {
            return TypedResults.NotFound();
        }
        if (!caller.IsOwner)
        {
            return TypedResults.Forbid();
        }
        var validation = new Validation()
            .Text(request.Email, "email", Member.MaxEmail)
            .Require(request.Email is null || (request.Email.Contains('@', StringComparison.Ordinal) && !request.Email.Any(char.IsControl)),
                "email", "email must be an e-mail address.")
            .Require(Member.IsRole(request.Role), "role", "role must be Owner, Dispatcher or Engineer.");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        // An address that already belongs to a member is invited like any other (the invitation cannot make a second
        // member of it): answering differently would tell any firm's owner who is a member. Each invitation is a mail:
        // counted against the invitee's address like any account mail, and against the firm's day, so a free account
        // cannot use the platform to flood someone's mailbox.
        var email = Member.NormalizeEmail(request.Email!);
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var throttle = await AccountMails.ThrottleAsync(db, email, now, ct);
        var today = await db.Invitations.CountAsync(i => i.FirmId == firmId && i.CreatedAt > now.AddDays(-1), ct);
        if (today >= options.Value.InvitationsPerFirmPerDay || !throttle.TryTake(now, options.Value.MailsPerAddressPerHour))
        {
            return today >= options.Value.InvitationsPerFirmPerDay
                ? Problems.TooManyRequests(http, TimeSpan.FromHours(1), $"Your firm has sent {options.Value.InvitationsPerFirmPerDay} invitations in the last day; invite more tomorrow.")
                : Problems.TooManyRequests(http, throttle.NextAt - now, "Enough mail went to this address for now; invite them again later.");
        }
        var (invitation, token) = Invitation.Create(firmId, email, request.Role!, caller.Subject, clock);
        db.Invitations.Add(invitation);
        AccountMails.SendInvitation(db, invitation, token, await Verification.FirmNameAsync(db, firmId, ct), options.Value);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/network/firms/{firmId}/members", new InvitationView(invitation.Id, invitation.Email, invitation.Role, invitation.ExpiresAt));
    }

    /// <summary>
    /// Joins the firm with the invitation's address, and mails that address a link to verify it. The answer is the same
    /// 202 whether or not that address already belongs to a member (nothing is created then): the new member signs in next.
    /// </summary>
    public static async Task<Results<Accepted<JoinedView>, ValidationProblem, ProblemHttpResult>> Accept(
        AcceptInvitationRequest request, NetworkDbContext db, IOptions<AccountOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var validation = new Validation()
            .Text(request.Token, "token", 100)
            .Text(request.Name, "name", Member.MaxName)
            .Require(PasswordRule.Problem(request.Password) is null, "password", PasswordRule.Problem(request.Password) ?? "");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var hash = Invitation.Hash(request.Token!);
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null || !invitation.IsOpen(clock.GetUtcNow()))
        {
            return Problems.Gone("This invitation is unknown, used or expired.");
        }
        var member = invitation.Accept(request.Name!, request.Password!, clock);
        if (!await db.Members.AnyAsync(m => m.Email == member.Email, ct))
        {
            db.Members.Add(member);
            db.AddIntegrationEvent(member.Changed(member.JoinedAt), member.FirmId.ToString());
            AccountMails.SendVerification(db, member, await Verification.FirmNameAsync(db, member.FirmId, ct), options.Value, clock);
        }
        try
        {
            await db.SaveChangesAsync(ct); // the invitation is used either way
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            db.ChangeTracker.Clear(); // the address became a member at the same moment: the same neutral answer
        }
        return JoinedView.Neutral;
    }

    /// <summary>
    /// A new role rotates the member's security stamp: tokens with the old role are refused within the services' cache
    /// window; the next refresh carries the new one. Announced (MemberChanged); a verified member made Owner vouches for
    /// the firm as a verified Owner does.
    /// </summary>
    public static async Task<Results<Ok<MemberView>, ValidationProblem, NotFound, ForbidHttpResult, ProblemHttpResult>> ChangeRole(
        Guid firmId, Guid memberId, ChangeRoleRequest request, ClaimsPrincipal user, NetworkDbContext db, TimeProvider clock, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (member, access) = await OwnedMemberAsync(firmId, memberId, user, db, ct, lockFirm: true);
        if (access == Access.Forbidden)
        {
            return TypedResults.Forbid();
        }
        if (member is null)
        {
            return TypedResults.NotFound();
        }
        if (!Member.IsRole(request.Role))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["role"] = ["role must be Owner, Dispatcher or Engineer."] });
        }
        if (member.Role == Roles.Owner && request.Role != Roles.Owner && await IsLastOwnerAsync(db, member, ct))
        {
            return Problems.Conflict(OnlyOwner("change your own role"));
        }
        if (member.ChangeRole(request.Role!))
        {
            db.AddIntegrationEvent(member.Changed(clock.GetUtcNow()), member.FirmId.ToString());
            await Verification.OwnerMayVouchAsync(db, member, clock, ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new MemberView(member.Id, member.Name, member.Email, member.Role, member.JoinedAt, member.EmailVerified));
    }

    /// <summary>
    /// The member is deleted, and with them their stamps and mailed links: their access tokens are refused everywhere
    /// within the services' cache window and their refresh tokens can no longer be used (a refresh looks the member up).
    /// Announced as MemberChanged with Removed.
    /// </summary>
    public static async Task<Results<NoContent, NotFound, ForbidHttpResult, ProblemHttpResult>> Remove(
        Guid firmId, Guid memberId, ClaimsPrincipal user, NetworkDbContext db, IOpenIddictTokenManager tokens, TimeProvider clock, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (member, access) = await OwnedMemberAsync(firmId, memberId, user, db, ct, lockFirm: true);
        if (access == Access.Forbidden)
        {
            return TypedResults.Forbid();
        }
        if (member is null)
        {
            return TypedResults.NotFound();
        }
        if (member.Role == Roles.Owner && await IsLastOwnerAsync(db, member, ct))
        {
            return Problems.Conflict(OnlyOwner("leave the firm"));
        }
        db.Members.Remove(member);
        db.AddIntegrationEvent(member.Changed(clock.GetUtcNow(), removed: true), member.FirmId.ToString());
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await tokens.RevokeBySubjectAsync(member.Id.ToString(), ct); // tidying the token store: the removal alone ends them
        return TypedResults.NoContent();
    }

    private enum Access { Allowed, Forbidden }

    /// <summary>
    /// The member, when the caller is an Owner of the member's firm (another firm's members are not found). With
    /// <paramref name="lockFirm"/>, the firm's row is locked first (in the caller's transaction): changes to who owns a
    /// firm take turns, so two Owners removing or demoting each other at once cannot leave it with none.
    /// </summary>
    private static async Task<(Member? Member, Access Access)> OwnedMemberAsync(Guid firmId, Guid memberId, ClaimsPrincipal user, NetworkDbContext db,
        CancellationToken ct, bool lockFirm = false)
    {
        var caller = Caller.Of(user);
        if (caller.FirmId != firmId)
        {
            return (null, Access.Allowed);
        }
        if (!caller.IsOwner)
        {
            return (null, Access.Forbidden);
        }
        if (lockFirm)
        {
            await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "Firms" WHERE "Id" = {firmId} FOR UPDATE""", ct);
        }
        return (await db.Members.FirstOrDefaultAsync(m => m.Id == memberId && m.FirmId == firmId, ct), Access.Allowed);
    }

    /// <summary>
    /// A firm always keeps an Owner (someone answers for its partnerships, agreements and fees). Only Owners change roles,
    /// so the last Owner is always the caller: the sentence says so, and what to do first.
    /// </summary>
    private static string OnlyOwner(string doing) =>
        $"A firm keeps at least one Owner: you are its only Owner. Make another member an Owner before you {doing}.";

    private static async Task<bool> IsLastOwnerAsync(NetworkDbContext db, Member member, CancellationToken ct) =>
        !await db.Members.AnyAsync(m => m.FirmId == member.FirmId && m.Role == Roles.Owner && m.Id != member.Id, ct);
}

public sealed record InviteMemberRequest(string? Email, string? Role);
/// <summary>What accepting an invitation answers, whoever the address belongs to.</summary>
public sealed record JoinedView(string Message)
{
    public static Accepted<JoinedView> Neutral { get; } = TypedResults.Accepted("/api/network/me",
        new JoinedView("Thank you. If this address can join, you are now a member: sign in with it and the password you chose."));
}

public sealed record AcceptInvitationRequest(string? Token, string? Name, string? Password);
public sealed record ChangeRoleRequest(string? Role);
public sealed record MemberView(Guid Id, string Name, string Email, string Role, DateTimeOffset JoinedAt, bool EmailVerified);
/// <summary>An invitation waiting for its invitee: the one-time link went to their address only (never shown to the inviter).</summary>
public sealed record InvitationView(Guid Id, string Email, string Role, DateTimeOffset ExpiresAt);
public sealed record MembersView(IReadOnlyList<MemberView> Members, IReadOnlyList<InvitationView> Invitations);
