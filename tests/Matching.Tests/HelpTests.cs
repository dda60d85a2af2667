using Marketplace.Matching.Ranking;
using Marketplace.Matching.Referrals;
using NodaTime;
using Shouldly;
using static Marketplace.Matching.Tests.ResponseHistoryTests;

namespace Marketplace.Matching.Tests;

/// <summary>What would help an unmatched referral, as the hard market showed it must (no host, no database).</summary>
public sealed class HelpTests
{
    [Fact]
    public void Critical_work_nobody_can_answer_within_two_hours_is_told_that_urgent_would_find_partners()
    {
        // On the directory's terms a partner answers within 4 business hours: critical work (2 at most) cannot go to it.
        var index = Index(Partner("Four Hour SQL"));
        var referral = new Referral
        {
            Id = Guid.NewGuid(), ReferrerFirmId = Guid.NewGuid(), Skills = [new ReferralSkill { SkillId = "sql-server", Name = "SQL Server", MinLevel = 3 }],
            EffortHours = 30, HoursPerWeek = 10, EarliestStart = new LocalDate(2026, 11, 30), LatestStart = new LocalDate(2026, 11, 30),
            Mode = EngagementModes.HandOff, Urgency = Urgency.Critical, PostedAt = Now,
        };
        Ranker.Rank(index, referral.Need, Now).Qualified.ShouldBe(0);

        var help = Matchmaker.HelpOptions(index, referral, Now);

        help.Select(h => h.Sentence).ShouldBe(
            ["With urgent rather than critical urgency (partners with up to 4 business hours to answer): 1 partner, the soonest starting Mon 30 Nov 2026."]);
        help[0].Relaxed.Urgency.ShouldBe(Urgency.Urgent);
        Ranker.Rank(index, help[0].Relaxed, Now).Qualified.ShouldBe(1);
    }
}
