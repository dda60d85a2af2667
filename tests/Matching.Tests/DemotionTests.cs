using Marketplace.Matching.Ranking;
using Marketplace.Matching.Referrals;
using NodaTime;
using Shouldly;
using static Marketplace.Matching.Tests.ResponseHistoryTests;

namespace Marketplace.Matching.Tests;

/// <summary>Partners that let offers expire again and again are offered after those that answer, until they answer again (no host, no database).</summary>
public sealed class DemotionTests
{
    private static readonly Duration Quick = Duration.FromMinutes(30);

    [Fact]
    public void After_two_offers_in_a_row_left_to_expire_a_partner_comes_after_a_weaker_partner_that_answers_and_is_told_why()
    {
        // Level 5 against level 3: the silent one has the better score, yet the one that answers goes first.
        var silent = Partner("Silent Expert", History(Quick, [true, true, false, false]), lastOffered: Now - Duration.FromHours(1));
        var answering = Partner("Answering Junior", History(Quick, [true, true]), lastOffered: Now - Duration.FromHours(1), level: 3);

        var ranking = Ranker.Rank(Index(silent, answering), Need(), Now);

        ranking.Candidates.Select(c => c.Name).ShouldBe(["Answering Junior", "Silent Expert"]);
        ranking.Candidates[1].Score.ShouldBeGreaterThan(ranking.Candidates[0].Score); // demotion moves the place, not the score shown
        ranking.Candidates[1].Explanation.Single(f => f.Name == "responsiveness").Detail
            .ShouldBe("answered 2 of 4 recent offers, usually within 1 business hour; let its last 2 offers expire: offered after partners who answer until it answers again");
    }

    [Fact]
    public void One_expiry_alone_does_not_demote_and_with_the_rule_off_nobody_is_demoted()
    {
        var once = Partner("Missed Once", History(Quick, [true, true, false]), lastOffered: Now - Duration.FromHours(1));
        var twice = Partner("Missed Twice", History(Quick, [true, false, false]), lastOffered: Now - Duration.FromHours(1));
        var junior = Partner("Junior", History(Quick, [true]), lastOffered: Now - Duration.FromHours(1), level: 3);

        once.Responses!.Demoted(once.LastOfferedAt, Now).ShouldBeFalse();
        Ranker.Rank(Index(once, junior), Need(), Now).Candidates[0].Name.ShouldBe("Missed Once");
        Ranker.Rank(Index(twice, junior), Need(), Now, policy: RoutingPolicy.Learning with { DemoteSilentPartners = false }).Candidates[0].Name.ShouldBe("Missed Twice");
        Ranker.Rank(Index(twice, junior), Need(), Now).Candidates[0].Name.ShouldBe("Junior");
    }

    [Fact]
    public void A_demoted_partner_still_gets_an_offer_after_its_probe_interval_which_doubles_with_every_further_expiry()
    {
        var history = History(Quick, [true, false, false]);
        history.ProbeAfter.ShouldBe(Duration.FromHours(84));
        history.Expired(Now).ProbeAfter.ShouldBe(Duration.FromDays(7));
        history.Expired(Now).Expired(Now).ProbeAfter.ShouldBe(Duration.FromDays(14));
        Enumerable.Range(0, 10).Aggregate(history, (h, _) => h.Expired(Now)).ProbeAfter.ShouldBe(Duration.FromDays(28));

        var lastOffered = Now - Duration.FromHours(84);
        var probing = Partner("Probing Expert", history, lastOffered);
        var junior = Partner("Junior", History(Quick, [true]), lastOffered, level: 3);
        history.Demoted(lastOffered + Duration.FromMinutes(1), Now).ShouldBeTrue();
        history.Demoted(lastOffered, Now).ShouldBeFalse();

        var ranking = Ranker.Rank(Index(probing, junior), Need(), Now);

        ranking.Candidates[0].Name.ShouldBe("Probing Expert");
        ranking.Candidates[0].Explanation.Single(f => f.Name == "responsiveness").Detail
            .ShouldEndWith("; let its last 2 offers expire: offered again after 3.5 days without one, so it can answer");
    }

    [Fact]
    public void One_answer_ends_the_demotion()
    {
        var history = History(Quick, [false, false, false, false]);
        var silent = Partner("Was Silent", history, Now - Duration.FromHours(2));
        var junior = Partner("Junior", History(Quick, [true]), Now - Duration.FromHours(2), level: 3);
        Ranker.Rank(Index(silent, junior), Need(), Now).Candidates[0].Name.ShouldBe("Junior");

        var answeredAgain = history.Answered(Now - Duration.FromHours(1), Quick);
        answeredAgain.Unanswered.ShouldBe(0);
        var recovered = Partner("Was Silent", answeredAgain, Now - Duration.FromHours(2));

        var ranking = Ranker.Rank(Index(recovered, junior), Need(), Now);

        ranking.Candidates[0].Name.ShouldBe("Was Silent");
        ranking.Candidates[0].Explanation.Single(f => f.Name == "responsiveness").Detail.ShouldBe("answered 1 of 5 recent offers, usually within 1 business hour");
    }

    [Fact]
    public void What_would_help_counts_no_partner_that_keeps_letting_offers_expire()
    {
        var silent = Partner("Silent Expert", History(Quick, [false, false]), Now - Duration.FromDays(10));
        var index = Index(silent);
        var referral = new Referral
        {
            Id = Guid.NewGuid(), ReferrerFirmId = Guid.NewGuid(), Skills = [new ReferralSkill { SkillId = "sql-server", Name = "SQL Server", MinLevel = 3 }],
            EffortHours = 30, HoursPerWeek = 10, EarliestStart = new LocalDate(2026, 11, 30), LatestStart = new LocalDate(2026, 12, 14),
            Mode = EngagementModes.WhiteLabel, PostedAt = Now,
        };
        referral.Shortlist([]);

        Matchmaker.Help(index, referral, Now).ShouldBe(["No single change finds a partner: try splitting the work or a later window."]);
        Matchmaker.Help(index, referral, Now, RoutingPolicy.Learning with { DemoteSilentPartners = false })
            .ShouldContain("With level 2+ in SQL Server (instead of 3+): 1 partner, the soonest starting Mon 30 Nov 2026.");
    }
}
