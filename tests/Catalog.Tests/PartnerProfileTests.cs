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

    private static HeldCertification Holds(string certification, DateOnly expires) =>
        new() { FirmId = Firm, CertificationId = certification, Engineer = "Mei Lin", ExpiresOn = expires };

    [Fact]
    public void A_claim_is_verified_while_an_unexpired_certification_evidences_it_and_stops_by_itself_when_it_lapses()
    {
        var profile = PartnerProfile.Create(Firm);
        var changed = profile.Replace(
            [Claim("azure-virtual-machines", 4), Claim("azure-networking", 3), Claim("microsoft-intune", 2)],
            [Holds("az-104", new DateOnly(2026, 12, 31)), Holds("az-305", new DateOnly(2027, 6, 30))],
            Evidence, _clock);

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
