using System.Security.Claims;
using Marketplace.Messaging;
using Marketplace.Network.Data;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Network.Partnerships;

public static class PartnershipsApi
{
    public static RouteGroupBuilder MapPartnershipsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/network/partnerships").RequireAuthorization().WithTags("Partnerships");
        group.MapPost("/", Invite);
        group.MapGet("/", List);
        group.MapGet("/{id:guid}", Get);
        group.MapPost("/{id:guid}/accept", Accept);
        group.MapPost("/{id:guid}/decline", Decline);
        group.MapPost("/{id:guid}/end", End);
        group.MapPut("/{id:guid}/agreement", ProposeAgreement)
            .WithSummary("Propose new terms: a proposal the other firm's Owner accepts or rejects; the terms in force stay until then");
        group.MapPost("/{id:guid}/agreement/{version:int}/accept", AcceptProposal)
            .WithSummary("Countersign the other firm's proposal: from now on it is the terms in force");
        group.MapPost("/{id:guid}/agreement/{version:int}/reject", RejectProposal)
            .WithSummary("Reject the other firm's proposal (or withdraw your own) with a reason");
        return group;
    }

    private const string AlreadyPartners = "These firms already have an open invitation or an active partnership.";

    public static async Task<Results<Created<PartnershipView>, ValidationProblem, ForbidHttpResult, ProblemHttpResult>> Invite(
        InviteRequest request, ClaimsPrincipal user, NetworkDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        if (!caller.IsOwner)
        {
            return TypedResults.Forbid();
        }
        var partner = request.PartnerFirmId ?? Guid.Empty;
        var validation = new Validation()
            .Require(partner != Guid.Empty, "partnerFirmId", "partnerFirmId is required.")
            .Require(partner != caller.FirmId, "partnerFirmId", "A firm cannot partner with itself.")
            .Text(request.Message, "message", Partnership.MaxText, required: false);
        if (validation.IsValid && !await db.Firms.AnyAsync(f => f.Id == partner, ct))
        {
            validation.Require(false, "partnerFirmId", "No firm has this id.");
        }
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        var partnership = Partnership.Invite(caller.FirmId, partner, caller.Subject, request.Message, clock);
        // Asked first so the usual repeat is answered without a failed insert (logged as an error by the database layer);
        // the unique index still decides between two invitations at the same moment. (Partnership.IsOpen, spelled out for SQL.)
        if (await db.Partnerships.AnyAsync(p => p.PairKey == partnership.PairKey
            && (p.Status == PartnershipStatus.Invited || p.Status == PartnershipStatus.Active), ct))
        {
            return Problems.AlreadyExists(AlreadyPartners);
        }
        db.Partnerships.Add(partnership);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return Problems.AlreadyExists(AlreadyPartners);
        }
        return TypedResults.Created($"/api/network/partnerships/{partnership.Id}", PartnershipView.From(partnership, caller.FirmId));
    }

    public static async Task<Ok<List<PartnershipView>>> List(PartnershipStatus? status, ClaimsPrincipal user, NetworkDbContext db, CancellationToken ct)
    {
        var firm = Caller.Of(user).FirmId;
        var partnerships = await db.Partnerships.AsNoTracking()
            .Where(p => p.InviterFirmId == firm || p.InviteeFirmId == firm)
            .Where(p => status == null || p.Status == status)
            .OrderByDescending(p => p.InvitedAt)
            .ToListAsync(ct);
        return TypedResults.Ok(partnerships.Select(p => PartnershipView.From(p, firm)).ToList());
    }

    public static async Task<Results<Ok<PartnershipView>, NotFound>> Get(Guid id, ClaimsPrincipal user, NetworkDbContext db, CancellationToken ct)
    {
        var firm = Caller.Of(user).FirmId;
        return await Find(db, id, firm, tracked: false, ct) is { } p ? TypedResults.Ok(PartnershipView.From(p, firm)) : TypedResults.NotFound();
    }

    public static Task<Results<Ok<PartnershipView>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem>> Accept(
        Guid id, ClaimsPrincipal user, NetworkDbContext db, TimeProvider clock, CancellationToken ct) =>
        ActAsync(id, user, db, (p, caller) =>
        {
            var (accepted, terms) = p.Accept(caller.FirmId, caller.Subject, clock);
            db.AddIntegrationEvent(accepted, p.Id.ToString());
            db.AddIntegrationEvent(terms, p.Id.ToString());
        }, null, ct);

    public static Task<Results<Ok<PartnershipView>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem>> Decline(
        Guid id, ReasonRequest? request, ClaimsPrincipal user, NetworkDbContext db, TimeProvider clock, CancellationToken ct) =>
        ActAsync(id, user, db, (p, caller) => p.Decline(caller.FirmId, caller.Subject, request?.Reason, clock), request?.Reason, ct);

    /// <summary>Ending (or withdrawing) needs a reason: it is kept, and the other side sees it.</summary>
    public static async Task<Results<Ok<PartnershipView>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem>> End(
        Guid id, ReasonRequest? request, ClaimsPrincipal user, NetworkDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request?.Reason))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["reason is required to end a partnership."] });
        }
        return await ActAsync(id, user, db, (p, caller) =>
        {
            if (p.End(caller.FirmId, caller.Subject, request.Reason, clock) is { } ended)
            {
                db.AddIntegrationEvent(ended, p.Id.ToString());
            }
        }, request.Reason, ct);
    }

    /// <summary>
    /// Proposes terms; nothing binds the other firm until its Owner accepts: the answer shows them as "proposal", and
    /// AgreementProposed asks the other firm to answer.
    /// </summary>
    public static async Task<Results<Ok<PartnershipView>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem>> ProposeAgreement(
        Guid id, AgreementRequest request, ClaimsPrincipal user, NetworkDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (terms, errors) = request.ToTerms();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => new[] { e.Value }));
        }
        return await ActAsync(id, user, db, (p, caller) =>
        {
            var proposal = p.ProposeAgreement(caller.FirmId, caller.Subject, terms!, clock);
            db.AddIntegrationEvent(p.Proposed(proposal), p.Id.ToString()); // the other firm's Owners are asked to countersign
        }, null, ct);
    }

    /// <summary>The other firm's Owner countersigns; only then is the version in force and announced (AgreementChanged).</summary>
    public static Task<Results<Ok<PartnershipView>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem>> AcceptProposal(
        Guid id, int version, ClaimsPrincipal user, NetworkDbContext db, TimeProvider clock, CancellationToken ct) =>
        ActAsync(id, user, db, (p, caller) => db.AddIntegrationEvent(p.AcceptProposal(caller.FirmId, caller.Subject, version, clock), p.Id.ToString()), null, ct);

    /// <summary>Rejecting needs a reason, which the proposing firm sees; the proposer answering its own proposal withdraws it.</summary>
    public static async Task<Results<Ok<PartnershipView>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem>> RejectProposal(
        Guid id, int version, ReasonRequest? request, ClaimsPrincipal user, NetworkDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request?.Reason))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["reason is required to reject proposed terms."] });
        }
        return await ActAsync(id, user, db, (p, caller) => p.RejectProposal(caller.FirmId, caller.Subject, version, request.Reason, clock), request.Reason, ct);
    }

    /// <summary>Loads the caller's partnership, lets the Owner act on it, and answers a refused transition with 409.</summary>
    private static async Task<Results<Ok<PartnershipView>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem>> ActAsync(
        Guid id, ClaimsPrincipal user, NetworkDbContext db, Action<Partnership, Caller> act, string? reason, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        if (reason is { Length: > Partnership.MaxText })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [$"reason must be at most {Partnership.MaxText} characters."] });
        }
        // One change at a time per partnership (its row lock): an accept racing a new proposal sees the other's result,
        // so exactly one of them wins and what is announced is what was committed.
        try
        {
            return (await RowChanges.ChangeAsync(db, "Partnerships", "Id", id, token => Find(db, id, caller.FirmId, tracked: true, token), _ => caller.IsOwner,
                partnership =>
                {
                    act(partnership, caller);
                    return Task.CompletedTask;
                }, ct)).Answer(p => PartnershipView.From(p, caller.FirmId));
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return Problems.ChangedConcurrently("Someone changed this partnership at the same moment; load it again and repeat the change.");
        }
    }

    /// <summary>A partnership is visible only to its two firms: to anyone else it does not exist.</summary>
    private static Task<Partnership?> Find(NetworkDbContext db, Guid id, Guid firm, bool tracked, CancellationToken ct) =>
        (tracked ? db.Partnerships : db.Partnerships.AsNoTracking())
            .FirstOrDefaultAsync(p => p.Id == id && (p.InviterFirmId == firm || p.InviteeFirmId == firm), ct);
}

public sealed record InviteRequest(Guid? PartnerFirmId, string? Message);

public sealed record ReasonRequest(string? Reason);

public sealed record AgreementRequest(IReadOnlyList<string>? EngagementModes, string? FeeKind, decimal? FeePercent, decimal? FeeAmount,
    string? FeeCurrency, int? NonSolicitMonths, int? ResponseSlaBusinessHours, int? MaxConcurrentReferrals)
{
    public (AgreementTerms? Terms, IReadOnlyDictionary<string, string> Errors) ToTerms()
    {
        var errors = new Dictionary<string, string>();
        var modes = Partnerships.EngagementModes.None;
        foreach (var name in EngagementModes ?? [])
        {
            if (Enum.TryParse<Partnerships.EngagementModes>(name, ignoreCase: true, out var mode) && mode != Partnerships.EngagementModes.None && Enum.IsDefined(mode))
                modes |= mode;
            else
                errors["engagementModes"] = $"'{name}' is not an engagement mode: use HandOff or WhiteLabel.";
        }
        if (!Enum.TryParse<FeeKind>(FeeKind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
            errors["feeKind"] = "feeKind must be Percent, Flat or Reciprocity.";
        if (NonSolicitMonths is null) errors["nonSolicitMonths"] = "nonSolicitMonths is required.";
        if (ResponseSlaBusinessHours is null) errors["responseSlaBusinessHours"] = "responseSlaBusinessHours is required.";
        if (MaxConcurrentReferrals is null) errors["maxConcurrentReferrals"] = "maxConcurrentReferrals is required.";
        if (errors.Count > 0)
            return (null, errors);

        var terms = new AgreementTerms(modes, kind, FeePercent, FeeAmount, FeeCurrency?.ToUpperInvariant(),
            NonSolicitMonths!.Value, ResponseSlaBusinessHours!.Value, MaxConcurrentReferrals!.Value);
        var problems = terms.Problems();
        return problems.Count > 0 ? (null, problems) : (terms, problems);
    }
}

/// <summary>One version of the terms: its status (Proposed, Accepted, Rejected, Withdrawn), who proposed it, and the answer.</summary>
public sealed record AgreementView(int Version, string Status, bool ProposedByUs, IReadOnlyList<string> EngagementModes, string FeeKind, decimal? FeePercent,
    decimal? FeeAmount, string? FeeCurrency, int NonSolicitMonths, int ResponseSlaBusinessHours, int MaxConcurrentReferrals, string ChangedBy,
    DateTimeOffset ChangedAt, string? AnsweredBy, DateTimeOffset? AnsweredAt, string? AnswerReason)
{
    public static AgreementView From(Agreement a, Guid viewer) => new(a.Version, a.Status.ToString(), a.ProposedByFirmId == viewer, a.ModeNames,
        a.FeeKind.ToString(), a.FeePercent, a.FeeAmount, a.FeeCurrency, a.NonSolicitMonths, a.ResponseSlaBusinessHours, a.MaxConcurrentReferrals,
        a.ChangedBy, a.ChangedAt, a.AnsweredBy, a.AnsweredAt, a.AnswerReason);
}

/// <summary>
/// A partnership as one of its firms sees it: "partnerFirmId" is always the other side; "agreement" is the terms in
/// force, "proposal" terms waiting for an answer (from the other firm when "proposedByUs" is false), "history" every version.
/// </summary>
public sealed record PartnershipView(Guid Id, Guid PartnerFirmId, bool InvitedByUs, string Status, string Message, DateTimeOffset InvitedAt,
    DateTimeOffset? AnsweredAt, DateTimeOffset? EndedAt, Guid? EndedByFirmId, string? Reason, AgreementView? Agreement, AgreementView? Proposal,
    IReadOnlyList<AgreementView> History)
{
    public static PartnershipView From(Partnership p, Guid viewer) => new(p.Id, p.OtherFirm(viewer), p.InviterFirmId == viewer, p.Status.ToString(),
        p.Message, p.InvitedAt, p.AnsweredAt, p.EndedAt, p.EndedByFirmId, p.Reason,
        p.CurrentAgreement is { } a ? AgreementView.From(a, viewer) : null,
        p.PendingProposal is { } proposal ? AgreementView.From(proposal, viewer) : null,
        [.. p.Agreements.OrderBy(x => x.Version).Select(x => AgreementView.From(x, viewer))]);
}
