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

    public Agreement? CurrentAgreement => Agreements.MaxBy(a => a.Version);

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
        var changed = ChangeAgreement(firmId, member, Agreement.Default, clock);
        return (new PartnershipAccepted(Guid.NewGuid(), AnsweredAt.Value, Id, InviterFirmId, InviteeFirmId), changed);
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

    /// <summary>New terms make a new version; earlier versions stay as they were for work made under them.</summary>
    public AgreementChanged ChangeAgreement(Guid firmId, string member, AgreementTerms terms, TimeProvider clock)
    {
        Require(Status == PartnershipStatus.Active, "Terms can change only in an active partnership.");
        Require(Involves(firmId), "Only a party to the partnership can change its terms.");
        terms.Validate();
        var agreement = new Agreement(Id, (CurrentAgreement?.Version ?? 0) + 1, terms, member, clock.GetUtcNow());
        Agreements.Add(agreement);
        return agreement.ToEvent(InviterFirmId, InviteeFirmId);
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
public sealed class PartnershipRuleException(string message) : InvalidOperationException(message);
