using Marketplace.Messaging;
using Marketplace.Contracts;

namespace Marketplace.Network.Partnerships;

public enum PartnershipStatus { Invited, Active, Declined, Withdrawn, Ended }

/// <summary>
/// Two firms that agreed to refer work to each other: one invites, the other accepts (double opt-in);
/// either side may end it. Who did what, when and why is kept.
/// </summary>
public sealed class Partnership
{
    public const int MaxText = 1000;

    public Guid Id { get; private set; }
    public Guid InviterFirmId { get; private set; }
    public Guid InviteeFirmId { get; private set; }
    public PartnershipStatus Status { get; private set; }
    public string Message { get; private set; } = "";
    public string InvitedBy { get; private set; } = "";
    public DateTimeOffset InvitedAt { get; private set; }
    public string? AnsweredBy { get; private set; }
    public DateTimeOffset? AnsweredAt { get; private set; }
    public Guid? EndedByFirmId { get; private set; }
    public string? EndedBy { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }
    public string? Reason { get; private set; }
    public List<Agreement> Agreements { get; private set; } = [];
    /// <summary>The pair in a fixed order, so one open partnership per pair can be a unique index.</summary>
    public string PairKey { get; private set; } = "";

    private Partnership() { }

    /// <summary>The terms in force: the newest version both firms agreed.</summary>
    public Agreement? CurrentAgreement => Agreements.Where(a => a.Status == AgreementStatus.Accepted).MaxBy(a => a.Version);

    /// <summary>Terms one firm proposed and the other has not answered yet (at most one at a time).</summary>
    public Agreement? PendingProposal => Agreements.FirstOrDefault(a => a.Status == AgreementStatus.Proposed);

    public bool Involves(Guid firmId) => firmId == InviterFirmId || firmId == InviteeFirmId;

    public Guid OtherFirm(Guid firmId) => firmId == InviterFirmId ? InviteeFirmId : InviterFirmId;

    /// <summary>True while the pair has an open invitation or an active partnership: a second one is refused.</summary>
    public bool IsOpen => Status is PartnershipStatus.Invited or PartnershipStatus.Active;

    public static Partnership Invite(Guid inviterFirmId, Guid inviteeFirmId, string invitedBy, string? message, TimeProvider clock)
    {
        if (inviterFirmId == inviteeFirmId)
        {
            throw new PartnershipRuleException("A firm cannot partner with itself.");
        }
        return new Partnership
        {
            Id = Guid.CreateVersion7(),
            InviterFirmId = inviterFirmId,
            InviteeFirmId = inviteeFirmId,
            PairKey = inviterFirmId.CompareTo(inviteeFirmId) < 0 ? $"{inviterFirmId:N}{inviteeFirmId:N}" : $"{inviteeFirmId:N}{inviterFirmId:N}",
            Status = PartnershipStatus.Invited,
            Message = message?.Trim() ?? "",
            InvitedBy = invitedBy,
            InvitedAt = clock.GetUtcNow(),
        };
    }

    /// <summary>The invited firm says yes: the partnership is active under default terms (version 1).</summary>
    public (PartnershipAccepted Accepted, AgreementChanged Terms) Accept(Guid firmId, string member, TimeProvider clock)
    {
        Require(Status == PartnershipStatus.Invited, "Only an open invitation can be accepted.");
        Require(firmId == InviteeFirmId, "Only the invited firm can accept.");
        Status = PartnershipStatus.Active;
        AnsweredBy = member;
        AnsweredAt = clock.GetUtcNow();
        // Inviting and accepting is both firms agreeing to the default terms: version 1 is in force at once.
        var defaults = new Agreement(Id, 1, Agreement.Default, InviterFirmId, InvitedBy, InvitedAt);
        defaults.Answer(AgreementStatus.Accepted, member, null, AnsweredAt.Value);
        Agreements.Add(defaults);
        return (new PartnershipAccepted(Guid.NewGuid(), AnsweredAt.Value, Id, InviterFirmId, InviteeFirmId), defaults.ToEvent(InviterFirmId, InviteeFirmId));
    }

    public void Decline(Guid firmId, string member, string? reason, TimeProvider clock)
    {
        Require(Status == PartnershipStatus.Invited, "Only an open invitation can be declined.");
        Require(firmId == InviteeFirmId, "Only the invited firm can decline.");
        Status = PartnershipStatus.Declined;
        (AnsweredBy, AnsweredAt, Reason) = (member, clock.GetUtcNow(), reason?.Trim());
    }

    /// <summary>Either side ends an active partnership; the inviter may withdraw an invitation nobody answered.</summary>
    public PartnershipEnded? End(Guid firmId, string member, string reason, TimeProvider clock)
    {
        Require(Involves(firmId), "Only a party to the partnership can end it.");
        var now = clock.GetUtcNow();
        if (Status == PartnershipStatus.Invited && firmId == InviterFirmId)
        {
            (Status, EndedByFirmId, EndedBy, EndedAt, Reason) = (PartnershipStatus.Withdrawn, firmId, member, now, reason.Trim());
            return null;
        }
        Require(Status == PartnershipStatus.Active, "Only an active partnership can be ended.");
        (Status, EndedByFirmId, EndedBy, EndedAt, Reason) = (PartnershipStatus.Ended, firmId, member, now, reason.Trim());
        return new PartnershipEnded(Guid.NewGuid(), now, Id, InviterFirmId, InviteeFirmId, firmId, Reason);
    }

    /// <summary>
    /// One firm proposes new terms: a new version that is not in force until the other firm's Owner accepts it. A newer
    /// proposal (from either side) replaces one still open, which is kept as withdrawn.
    /// </summary>
    public Agreement ProposeAgreement(Guid firmId, string member, AgreementTerms terms, TimeProvider clock)
    {
        Require(Status == PartnershipStatus.Active, "Terms can change only in an active partnership.");
        Require(Involves(firmId), "Only a party to the partnership can propose terms.");
        terms.Validate();
        var now = clock.GetUtcNow();
        PendingProposal?.Answer(AgreementStatus.Withdrawn, member, "replaced by a newer proposal", now);
        var proposal = new Agreement(Id, Agreements.Max(a => (int?)a.Version).GetValueOrDefault() + 1, terms, firmId, member, now);
        Agreements.Add(proposal);
        return proposal;
    }

    /// <summary>What asks the other firm to countersign (or reject) <paramref name="proposal"/>.</summary>
    public AgreementProposed Proposed(Agreement proposal) =>
        new(Guid.NewGuid(), proposal.ChangedAt, Id, proposal.ProposedByFirmId, OtherFirm(proposal.ProposedByFirmId), proposal.Version);

    /// <summary>The other firm countersigns the open proposal: from now on it is the terms in force, announced to the marketplace.</summary>
    public AgreementChanged AcceptProposal(Guid firmId, string member, int version, TimeProvider clock)
    {
        var proposal = Proposal(firmId, version);
        Require(proposal.ProposedByFirmId != firmId, "The firm that proposed these terms cannot countersign them: the other firm's Owner does.");
        proposal.Answer(AgreementStatus.Accepted, member, null, clock.GetUtcNow());
        return proposal.ToEvent(InviterFirmId, InviteeFirmId);
    }

    /// <summary>The other firm rejects the open proposal (or its author withdraws it); the terms in force stay as they were.</summary>
    public void RejectProposal(Guid firmId, string member, int version, string reason, TimeProvider clock)
    {
        var proposal = Proposal(firmId, version);
        var answer = proposal.ProposedByFirmId == firmId ? AgreementStatus.Withdrawn : AgreementStatus.Rejected;
        proposal.Answer(answer, member, reason, clock.GetUtcNow());
    }

    private Agreement Proposal(Guid firmId, int version)
    {
        Require(Involves(firmId), "Only a party to the partnership can answer its proposals.");
        Require(Status == PartnershipStatus.Active, "Terms can change only in an active partnership.");
        var proposal = Agreements.FirstOrDefault(a => a.Version == version)
            ?? throw new PartnershipRuleException($"This partnership has no version {version}.");
        Require(proposal.Status == AgreementStatus.Proposed, $"Version {version} is not an open proposal: it was {proposal.Status.ToString().ToLowerInvariant()}.");
        return proposal;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new PartnershipRuleException(message);
        }
    }
}

/// <summary>A request the partnership's state does not allow (answered 409).</summary>
public sealed class PartnershipRuleException(string message) : RuleException(message);
