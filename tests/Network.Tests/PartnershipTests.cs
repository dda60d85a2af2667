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
        Should.Throw<PartnershipRuleException>(() => p.ChangeAgreement(Referrer, "dana", Percent10, _clock));
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
        Should.Throw<PartnershipRuleException>(() => p.ChangeAgreement(stranger, "x", Percent10, _clock));
        p.Status.ShouldBe(PartnershipStatus.Active);
    }

    [Fact]
    public void Changing_terms_makes_a_new_version_and_leaves_the_earlier_ones_as_they_were()
    {
        var p = Active();
        _clock.Advance(TimeSpan.FromDays(1));

        var v2 = p.ChangeAgreement(Referrer, "dana", Percent10, _clock);
        var v3 = p.ChangeAgreement(Specialist, "priya", Percent10 with { FeeKind = FeeKind.Flat, FeeAmount = 500m, FeeCurrency = "EUR" }, _clock);

        (v2.Version, v3.Version).ShouldBe((2, 3));
        p.Agreements.Select(a => a.Version).ShouldBe([1, 2, 3]);
        var first = p.Agreements.Single(a => a.Version == 1);
        (first.FeeKind, first.Modes).ShouldBe((FeeKind.Reciprocity, EngagementModes.HandOff));
        var second = p.Agreements.Single(a => a.Version == 2);
        (second.FeeKind, second.FeePercent).ShouldBe((FeeKind.Percent, 10m));
        p.CurrentAgreement!.Version.ShouldBe(3);
        // Fee fields of another kind are not kept in a version.
        (p.CurrentAgreement.FeePercent, p.CurrentAgreement.FeeAmount, p.CurrentAgreement.FeeCurrency).ShouldBe((null, 500m, "EUR"));
        v3.EngagementModes.ShouldBe(["HandOff", "WhiteLabel"], ignoreOrder: true);
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
