using Marketplace.Network.Partnerships;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace Marketplace.Network.Tests;

public sealed class PartnershipTests
{
    private static readonly Guid Referrer = Guid.NewGuid();
    private static readonly Guid Specialist = Guid.NewGuid();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    private static readonly AgreementTerms Percent10 = new(EngagementModes.HandOff | EngagementModes.WhiteLabel, FeeKind.Percent, 10m, null, null, 12, 8, 5);

    [Fact]
    public void Double_opt_in_an_invitation_becomes_active_only_when_the_invited_firm_accepts()
    {
        var p = Partnership.Invite(Referrer, Specialist, "dana", "Security audits for our clients?", _clock);
        p.Status.ShouldBe(PartnershipStatus.Invited);

        Should.Throw<PartnershipRuleException>(() => p.Accept(Referrer, "dana", _clock));
        _clock.Advance(TimeSpan.FromHours(3));
        var (accepted, terms) = p.Accept(Specialist, "priya", _clock);

        p.Status.ShouldBe(PartnershipStatus.Active);
        p.AnsweredBy.ShouldBe("priya");
        p.AnsweredAt.ShouldBe(_clock.GetUtcNow());
        accepted.InviterFirmId.ShouldBe(Referrer);
        accepted.InviteeFirmId.ShouldBe(Specialist);
        terms.Version.ShouldBe(1);
        terms.EngagementModes.ShouldBe(["HandOff"]);
        terms.ResponseSlaBusinessHours.ShouldBe(4);
    }

    [Fact]
    public void A_firm_cannot_partner_with_itself() =>
        Should.Throw<PartnershipRuleException>(() => Partnership.Invite(Referrer, Referrer, "dana", null, _clock));

    [Fact]
    public void Either_side_can_end_an_active_partnership_and_who_when_and_why_are_kept()
    {
        var p = Active();
        _clock.Advance(TimeSpan.FromDays(30));

        var ended = p.End(Specialist, "priya", "  Too many rush jobs  ", _clock).ShouldNotBeNull();

        p.Status.ShouldBe(PartnershipStatus.Ended);
        (p.EndedByFirmId, p.EndedBy, p.EndedAt, p.Reason).ShouldBe((Specialist, "priya", _clock.GetUtcNow(), "Too many rush jobs"));
        ended.EndedByFirmId.ShouldBe(Specialist);
        Should.Throw<PartnershipRuleException>(() => p.End(Referrer, "dana", "again", _clock));
        Should.Throw<PartnershipRuleException>(() => p.ProposeAgreement(Referrer, "dana", Percent10, _clock));
    }

    [Fact]
    public void The_inviter_withdraws_an_unanswered_invitation_without_an_event_and_the_invitee_declines_one()
    {
        var withdrawn = Partnership.Invite(Referrer, Specialist, "dana", null, _clock);
        withdrawn.End(Referrer, "dana", "sent by mistake", _clock).ShouldBeNull();
        withdrawn.Status.ShouldBe(PartnershipStatus.Withdrawn);
        withdrawn.IsOpen.ShouldBeFalse();

        var declined = Partnership.Invite(Referrer, Specialist, "dana", null, _clock);
        Should.Throw<PartnershipRuleException>(() => declined.Decline(Referrer, "dana", "no", _clock));
        declined.Decline(Specialist, "priya", "fully booked", _clock);
        declined.Status.ShouldBe(PartnershipStatus.Declined);
        Should.Throw<PartnershipRuleException>(() => declined.Accept(Specialist, "priya", _clock));
    }

    [Fact]
    public void A_firm_outside_the_partnership_can_do_nothing_with_it()
    {
        var p = Active();
        var stranger = Guid.NewGuid();

        Should.Throw<PartnershipRuleException>(() => p.End(stranger, "x", "why not", _clock));
        Should.Throw<PartnershipRuleException>(() => p.ProposeAgreement(stranger, "x", Percent10, _clock));
        var proposal = p.ProposeAgreement(Referrer, "dana", Percent10, _clock);
        Should.Throw<PartnershipRuleException>(() => p.AcceptProposal(stranger, "x", proposal.Version, _clock));
        Should.Throw<PartnershipRuleException>(() => p.RejectProposal(stranger, "x", proposal.Version, "no", _clock));
        p.Status.ShouldBe(PartnershipStatus.Active);
    }

    [Fact]
    public void Terms_one_firm_proposes_are_not_in_force_until_the_other_firm_countersigns_and_earlier_versions_stay_as_they_were()
    {
        var p = Active();
        _clock.Advance(TimeSpan.FromDays(1));

        var v2 = p.ProposeAgreement(Referrer, "dana", Percent10, _clock);
        v2.Status.ShouldBe(AgreementStatus.Proposed);
        p.CurrentAgreement!.Version.ShouldBe(1);
        p.PendingProposal.ShouldBe(v2);
        Should.Throw<PartnershipRuleException>(() => p.AcceptProposal(Referrer, "dana", 2, _clock)).Message.ShouldContain("cannot countersign");
        Should.Throw<InvalidOperationException>(() => v2.ToEvent(Referrer, Specialist)); // nothing announces unsigned terms

        _clock.Advance(TimeSpan.FromHours(2));
        var announced = p.AcceptProposal(Specialist, "priya", 2, _clock);
        (announced.Version, announced.FeeKind, announced.FeePercent).ShouldBe((2, "Percent", 10m));
        announced.OccurredAt.ShouldBe(_clock.GetUtcNow());
        (v2.Status, v2.AnsweredBy, v2.AnsweredAt).ShouldBe((AgreementStatus.Accepted, "priya", _clock.GetUtcNow()));
        p.CurrentAgreement.Version.ShouldBe(2);
        Should.Throw<PartnershipRuleException>(() => p.AcceptProposal(Specialist, "priya", 2, _clock)); // once

        var v3 = p.ProposeAgreement(Specialist, "priya", Percent10 with { FeeKind = FeeKind.Flat, FeeAmount = 500m, FeeCurrency = "EUR" }, _clock);
        p.AcceptProposal(Referrer, "dana", v3.Version, _clock);
        p.Agreements.Select(a => a.Version).ShouldBe([1, 2, 3]);
        var first = p.Agreements.Single(a => a.Version == 1);
        (first.FeeKind, first.Modes, first.Status).ShouldBe((FeeKind.Reciprocity, EngagementModes.HandOff, AgreementStatus.Accepted));
        (v2.FeeKind, v2.FeePercent).ShouldBe((FeeKind.Percent, 10m));
        p.CurrentAgreement!.Version.ShouldBe(3);
        // Fee fields of another kind are not kept in a version.
        (p.CurrentAgreement.FeePercent, p.CurrentAgreement.FeeAmount, p.CurrentAgreement.FeeCurrency).ShouldBe((null, 500m, "EUR"));
    }

    [Fact]
    public void A_rejected_or_replaced_proposal_never_comes_into_force_and_keeps_who_and_why()
    {
        var p = Active();
        var v2 = p.ProposeAgreement(Specialist, "priya", Percent10 with { FeeKind = FeeKind.Reciprocity }, _clock);
        p.RejectProposal(Referrer, "dana", 2, "  We agreed 10 % on the phone  ", _clock);
        (v2.Status, v2.AnsweredBy, v2.AnswerReason).ShouldBe((AgreementStatus.Rejected, "dana", "We agreed 10 % on the phone"));
        p.CurrentAgreement!.Version.ShouldBe(1);
        p.PendingProposal.ShouldBeNull();

        var v3 = p.ProposeAgreement(Referrer, "dana", Percent10, _clock);
        var v4 = p.ProposeAgreement(Specialist, "priya", Percent10 with { FeePercent = 5m }, _clock); // a counter-proposal replaces v3
        v3.Status.ShouldBe(AgreementStatus.Withdrawn);
        p.PendingProposal.ShouldBe(v4);
        Should.Throw<PartnershipRuleException>(() => p.AcceptProposal(Specialist, "priya", 3, _clock));
        p.RejectProposal(Specialist, "priya", 4, "changed our mind", _clock); // its author withdraws it
        v4.Status.ShouldBe(AgreementStatus.Withdrawn);
        p.CurrentAgreement.Version.ShouldBe(1);
    }

    [Theory]
    [InlineData(EngagementModes.None, FeeKind.Reciprocity, null, null, null, "engagementModes")]
    [InlineData(EngagementModes.HandOff, FeeKind.Percent, null, null, null, "feePercent")]
    [InlineData(EngagementModes.HandOff, FeeKind.Percent, 75.0, null, null, "feePercent")]
    [InlineData(EngagementModes.HandOff, FeeKind.Flat, null, null, "EUR", "feeAmount")]
    [InlineData(EngagementModes.HandOff, FeeKind.Flat, null, 100.0, "euro", "feeCurrency")]
    public void Terms_that_do_not_hold_together_name_the_field(EngagementModes modes, FeeKind kind, double? percent, double? amount, string? currency, string field)
    {
        var terms = new AgreementTerms(modes, kind, (decimal?)percent, (decimal?)amount, currency, 12, 4, 3);

        terms.Problems().Keys.ShouldContain(field);
    }

    private Partnership Active()
    {
        var p = Partnership.Invite(Referrer, Specialist, "dana", null, _clock);
        p.Accept(Specialist, "priya", _clock);
        return p;
    }
}
