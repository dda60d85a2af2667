using Marketplace.Catalog.Partners;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace Marketplace.Catalog.Tests;

public sealed class PartnerProfileTests
{
    private static readonly Guid Firm = Guid.NewGuid();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    private static IReadOnlyList<string> Evidence(string certification) => certification switch
    {
        "az-104" => ["azure-virtual-machines", "azure-networking"],
        "az-305" => ["azure-networking"],
        _ => [],
    };

    private static SkillClaim Claim(string skill, int level) => new() { FirmId = Firm, SkillId = skill, Level = level, Years = 3 };

    private static readonly Reviewer Operator = new("operator-1", Guid.NewGuid());

    private static HeldCertification Holds(string certification, DateOnly expires, string engineer = "Mei Lin", string? credential = null, string? link = null) =>
        new() { FirmId = Firm, CertificationId = certification, Engineer = engineer, ExpiresOn = expires, CredentialId = credential, VerificationLink = link };

    private DateOnly Today => DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);

    private HeldCertification Approved(PartnerProfile profile, string certification)
    {
        var held = profile.Certifications.Single(h => h.CertificationId == certification);
        profile.Approve(held.Id, Operator, Evidence, _clock).Outcome.ShouldBe(ReviewOutcome.Done);
        return held;
    }

    [Fact]
    public void A_claim_is_verified_while_an_approved_unexpired_certification_evidences_it_and_stops_by_itself_when_it_lapses()
    {
        var profile = PartnerProfile.Create(Firm);
        profile.Replace(
            [Claim("azure-virtual-machines", 4), Claim("azure-networking", 3), Claim("microsoft-intune", 2)],
            [Holds("az-104", new DateOnly(2026, 12, 31)), Holds("az-305", new DateOnly(2027, 6, 30))],
            Evidence, _clock);
        Approved(profile, "az-104");
        Approved(profile, "az-305");
        var changed = profile.Snapshot(Evidence, _clock);

        var skills = changed.Skills.ToDictionary(s => s.SkillId);
        (skills["azure-virtual-machines"].Verified, skills["azure-virtual-machines"].VerifiedUntil).ShouldBe((true, new DateOnly(2026, 12, 31)));
        skills["azure-networking"].VerifiedUntil.ShouldBe(new DateOnly(2027, 6, 30)); // the later of two certifications
        skills["microsoft-intune"].Verified.ShouldBeFalse();

        // 31 Dec is the last valid day; on 1 Jan the VM claim is no longer verified, networking still is.
        var onLastDay = profile.Skills(Evidence, new DateOnly(2026, 12, 31)).ToDictionary(s => s.SkillId);
        onLastDay["azure-virtual-machines"].Verified.ShouldBeTrue();
        var after = profile.Skills(Evidence, new DateOnly(2027, 1, 1)).ToDictionary(s => s.SkillId);
        after["azure-virtual-machines"].Verified.ShouldBeFalse();
        after["azure-networking"].Verified.ShouldBeTrue();
    }

    [Fact]
    public void A_certification_the_firm_states_verifies_nothing_until_the_operator_approves_it()
    {
        var profile = PartnerProfile.Create(Firm);

        // "Nobody Real holds CCNP until 9999" on the firm's word alone: stated, not verified.
        var changed = profile.Replace([Claim("azure-virtual-machines", 5)], [Holds("az-104", new DateOnly(2027, 6, 30), engineer: "Nobody Real")], Evidence, _clock);

        changed.Skills.Single().Verified.ShouldBeFalse();
        changed.Skills.Single().VerifiedUntil.ShouldBeNull();
        var held = profile.Certifications.Single();
        (held.Status, held.StatusOn(Today), held.SubmittedAt).ShouldBe((ReviewStatus.Pending, CertificationStatus.Pending, _clock.GetUtcNow()));

        var approved = profile.Approve(held.Id, Operator, Evidence, _clock);

        approved.Outcome.ShouldBe(ReviewOutcome.Done);
        approved.Changed.ShouldNotBeNull().Skills.Single().ShouldBe(new Marketplace.Contracts.PartnerSkill("azure-virtual-machines", 5, 3, true, new DateOnly(2027, 6, 30)));
        (held.Status, held.ReviewedBy, held.ReviewedAt).ShouldBe((ReviewStatus.Approved, "operator-1", _clock.GetUtcNow()));
        held.StatusOn(new DateOnly(2027, 7, 1)).ShouldBe(CertificationStatus.Expired);
        profile.Skills(Evidence, new DateOnly(2027, 7, 1)).Single().Verified.ShouldBeFalse();
    }

    [Fact]
    public void A_review_is_taken_once_by_someone_outside_the_firm_with_a_reason_for_a_rejection()
    {
        var profile = PartnerProfile.Create(Firm);
        profile.Replace([Claim("azure-virtual-machines", 4)],
            [Holds("az-104", new DateOnly(2027, 6, 30)), Holds("az-305", new DateOnly(2027, 6, 30)), Holds("md-102", new DateOnly(2026, 11, 30))], Evidence, _clock);
        var (az104, az305, md102) = (profile.Certifications[0], profile.Certifications[1], profile.Certifications[2]);

        profile.Approve(Guid.NewGuid(), Operator, Evidence, _clock).Outcome.ShouldBe(ReviewOutcome.NotFound);
        profile.Approve(az104.Id, new Reviewer("owner-of-the-firm", Firm), Evidence, _clock).Outcome.ShouldBe(ReviewOutcome.OwnFirm);
        az104.Status.ShouldBe(ReviewStatus.Pending);
        Should.Throw<ArgumentException>(() => profile.Reject(az104.Id, Operator, "  ", Evidence, _clock));

        var rejected = profile.Reject(az104.Id, Operator, " The credential id is not on Microsoft's transcript. ", Evidence, _clock);
        rejected.Outcome.ShouldBe(ReviewOutcome.Done);
        rejected.Changed.ShouldNotBeNull().Skills.Single().Verified.ShouldBeFalse();
        (az104.Status, az104.RejectionReason).ShouldBe((ReviewStatus.Rejected, "The credential id is not on Microsoft's transcript."));
        az104.StatusOn(new DateOnly(2030, 1, 1)).ShouldBe(CertificationStatus.Rejected); // a rejection stays one after the date passes

        profile.Approve(az104.Id, Operator, Evidence, _clock).Outcome.ShouldBe(ReviewOutcome.AlreadyReviewed);
        profile.Approve(az305.Id, Operator, Evidence, _clock).Outcome.ShouldBe(ReviewOutcome.Done);
        profile.Reject(az305.Id, Operator, "changed my mind", Evidence, _clock).Outcome.ShouldBe(ReviewOutcome.AlreadyReviewed);
        az305.Status.ShouldBe(ReviewStatus.Approved);

        _clock.Advance(TimeSpan.FromDays(6)); // md-102's last valid day (30 Nov) has passed
        profile.Approve(md102.Id, Operator, Evidence, _clock).Outcome.ShouldBe(ReviewOutcome.Expired);
        md102.StatusOn(Today).ShouldBe(CertificationStatus.Expired);
        profile.Reject(md102.Id, Operator, "Lapsed before review.", Evidence, _clock).Outcome.ShouldBe(ReviewOutcome.Done);
    }

    [Fact]
    public void Saving_again_keeps_the_review_of_a_certification_stated_the_same_way_and_a_changed_one_waits_for_review_again()
    {
        var profile = PartnerProfile.Create(Firm);
        var expires = new DateOnly(2027, 6, 30);
        profile.Replace([Claim("azure-virtual-machines", 4), Claim("azure-networking", 3)],
            [Holds("az-104", expires, credential: "A1"), Holds("az-305", expires, credential: "B2"), Holds("az-140", expires), Holds("md-102", expires)], Evidence, _clock);
        var submitted = _clock.GetUtcNow();
        var kept = Approved(profile, "az-104");
        var rejected = profile.Certifications.Single(h => h.CertificationId == "az-140");
        profile.Reject(rejected.Id, Operator, "No such credential.", Evidence, _clock);
        Approved(profile, "az-305");
        Approved(profile, "md-102");
        _clock.Advance(TimeSpan.FromHours(1));

        var changed = profile.Replace([Claim("azure-virtual-machines", 4), Claim("azure-networking", 3)],
        [
            Holds("az-104", expires, credential: "A1", link: "https://learn.microsoft.com/api/credentials/share/x"), // same statement, a link added
            Holds("az-305", expires, credential: "B3"),        // another credential id
            Holds("az-140", expires),                          // restated unchanged: still rejected
            Holds("md-102", expires, engineer: "Someone Else"), // another engineer
            Holds("az-104", expires.AddDays(-1), credential: "A1"), // a second, different statement
        ], Evidence, _clock);

        profile.Certifications.Count.ShouldBe(5);
        profile.Certifications.ShouldContain(kept);
        (kept.Status, kept.SubmittedAt, kept.VerificationLink).ShouldBe((ReviewStatus.Approved, submitted, "https://learn.microsoft.com/api/credentials/share/x"));
        profile.Certifications.ShouldContain(rejected);
        rejected.Status.ShouldBe(ReviewStatus.Rejected);
        var fresh = profile.Certifications.Where(h => h != kept && h != rejected).ToList();
        fresh.ShouldAllBe(h => h.Status == ReviewStatus.Pending && h.ReviewedAt == null);
        fresh.ShouldAllBe(h => h.SubmittedAt == _clock.GetUtcNow());
        // az-104 (approved, unchanged) still verifies VMs and networking; az-305's restatement verifies nothing yet.
        changed.Skills.ShouldAllBe(s => s.Verified && s.VerifiedUntil == expires);

        profile.Replace([Claim("azure-networking", 3)], [], Evidence, _clock);
        profile.Certifications.ShouldBeEmpty();
        profile.Snapshot(Evidence, _clock).Skills.Single().Verified.ShouldBeFalse();
    }

    [Fact]
    public void Only_a_lapsed_approved_certification_owes_a_new_snapshot_and_each_lapse_is_announced_once()
    {
        var profile = PartnerProfile.Create(Firm);
        profile.Replace([Claim("azure-virtual-machines", 4)],
            [Holds("az-104", new DateOnly(2026, 12, 31)), Holds("az-305", new DateOnly(2026, 12, 31))], Evidence, _clock);

        profile.AnnounceLapses(new DateOnly(2027, 1, 1)).ShouldBeFalse(); // nothing approved lapsed: verification did not change
        profile.Certifications.ShouldAllBe(h => h.ExpiryAnnounced);

        var other = PartnerProfile.Create(Firm);
        other.Replace([Claim("azure-virtual-machines", 4)], [Holds("az-104", new DateOnly(2026, 12, 31))], Evidence, _clock);
        Approved(other, "az-104");
        other.AnnounceLapses(new DateOnly(2026, 12, 31)).ShouldBeFalse(); // the last valid day
        other.AnnounceLapses(new DateOnly(2027, 1, 1)).ShouldBeTrue();
        other.AnnounceLapses(new DateOnly(2027, 1, 2)).ShouldBeFalse();
    }

    [Fact]
    public void The_snapshot_is_the_whole_profile_in_a_stable_order_and_a_repeated_skill_keeps_its_last_claim()
    {
        var profile = PartnerProfile.Create(Firm);

        var changed = profile.Replace([Claim("b-skill", 2), Claim("a-skill", 3), Claim("b-skill", 5)], [], Evidence, _clock);

        changed.FirmId.ShouldBe(Firm);
        changed.OccurredAt.ShouldBe(_clock.GetUtcNow());
        changed.Skills.Select(s => (s.SkillId, s.Level)).ShouldBe([("a-skill", 3), ("b-skill", 5)]);
    }

    [Fact]
    public void Every_level_has_a_written_meaning()
    {
        SkillLevels.All.Select(l => l.Level).ShouldBe([1, 2, 3, 4, 5]);
        SkillLevels.All.ShouldAllBe(l => l.Meaning.Length > 30 && l.Name.Length > 0);
    }

    [Fact]
    public void Every_seeded_certification_evidences_skills_that_exist()
    {
        var skills = Skills.TaxonomySeed.Load().Skills.Select(s => s.Id).ToHashSet();
        var certifications = Skills.TaxonomySeed.LoadCertifications();

        certifications.Count.ShouldBeGreaterThanOrEqualTo(20);
        certifications.Select(c => c.Id).ShouldContain("az-104");
        certifications.Select(c => c.Id).ShouldContain("ms-102");
        certifications.Select(c => c.Id).ShouldContain("fortinet-nse-4");
        certifications.ShouldAllBe(c => c.SkillIds.Count > 0 && c.SkillIds.All(skills.Contains));
    }
}
