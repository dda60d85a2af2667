using Marketplace.Calendar;
using Marketplace.Matching.Ranking;
using NodaTime;
using Shouldly;

namespace Marketplace.Matching.Tests;

/// <summary>The partners' response history as a ranking factor, with its explanation (no host, no database).</summary>
public sealed class ResponseHistoryTests
{
    internal static readonly Instant Now = Instant.FromUtc(2026, 11, 25, 10, 0);
    internal static readonly WorkingWeek London = WorkingWeek.Create([1, 2, 3, 4, 5], new(9, 0), new(17, 0), "Europe/London");
    private static readonly Guid Referrer = Guid.NewGuid();

    internal static PartnerProfile Partner(string name, ResponseHistory? responses = null, Instant? lastOffered = null, byte level = 5) => new()
    {
        FirmId = Guid.NewGuid(), Name = name, Calendar = London, Skills = [0], Levels = [level], Verified = [false],
        CapacityFrom = new LocalDate(2026, 11, 23), FreeHours = [40, 40, 40, 40], LastOfferedAt = lastOffered, Responses = responses,
    };

    internal static RankingIndex Index(params PartnerProfile[] partners) =>
        new(partners, new Dictionary<string, int> { ["sql-server"] = 0 }, new Dictionary<Guid, IReadOnlyDictionary<Guid, PartnerTerms>>());

    internal static Need Need(Guid? referrer = null) =>
        new(referrer ?? Referrer, [new RequiredSkill("sql-server", "SQL Server", 3)], 10, 30, new LocalDate(2026, 11, 30), new LocalDate(2026, 12, 14),
            EngagementModes.HandOff, Urgency.Normal);

    /// <summary>Outcomes an hour apart, ending an hour before <see cref="Now"/>: true answered after <paramref name="took"/>, false let expire.</summary>
    internal static ResponseHistory History(Duration took, params bool[] answered) => ResponseHistory.From(answered.Select((a, i) =>
        (Now - Duration.FromHours(answered.Length - i), a ? took : (Duration?)null)));

    [Fact]
    public void A_partner_that_answers_nine_of_ten_offers_within_the_hour_is_explained_so_and_ranks_above_one_that_answers_two()
    {
        var prompt = Partner("Prompt SQL", History(Duration.FromMinutes(40), [true, true, true, false, true, true, true, true, true, true]));
        var sluggish = Partner("Sluggish SQL", History(Duration.FromHours(3), [false, true, false, false, false, false, true, false, false, true]));

        var ranking = Ranker.Rank(Index(sluggish, prompt), Need(), Now);

        ranking.Candidates.Select(c => c.Name).ShouldBe(["Prompt SQL", "Sluggish SQL"]);
        var best = ranking.Candidates[0].Explanation.Single(f => f.Name == "responsiveness");
        (best.Detail, best.Points, best.Max).ShouldBe(("answers 9 of 10 offers, usually within 1 business hour", 10.0, 10.0));
        var worst = ranking.Candidates[1].Explanation.Single(f => f.Name == "responsiveness");
        worst.Detail.ShouldBe("answers 3 of 10 offers, usually within 3 business hours");
        worst.Points.ShouldBeLessThan(3);
        ranking.Candidates[0].Explanation.Sum(f => f.Max).ShouldBe(100);
        ranking.Candidates[0].Explanation.Sum(f => f.Points).ShouldBe(ranking.Candidates[0].Score, 0.3);
    }

    [Fact]
    public void Few_offers_are_counted_as_they_are_and_no_history_is_taken_to_answer()
    {
        History(Duration.FromMinutes(90), [true, false, true]).Describe(Now).ShouldBe("answered 2 of 3 recent offers, usually within 2 business hours");
        History(Duration.FromMinutes(10), [true]).Describe(Now).ShouldBe("answered 1 of 1 recent offer, usually within 1 business hour");
        History(Duration.Zero, [false]).Describe(Now).ShouldBe("answered 0 of 1 recent offer");

        var newcomer = Ranker.Rank(Index(Partner("New SQL")), Need(), Now).Candidates.Single().Explanation.Single(f => f.Name == "responsiveness");
        (newcomer.Detail, newcomer.Points).ShouldBe(("no recent offers to go by (taken to answer)", 9.0));
    }

    [Fact]
    public void Old_outcomes_weigh_less_so_a_partner_that_changed_its_ways_is_seen_to()
    {
        var longAgo = Enumerable.Range(0, 10).Select(i => (Now - Duration.FromDays(100 + i), (Duration?)null));
        var lately = Enumerable.Range(0, 3).Select(i => (Now - Duration.FromDays(i + 1), (Duration?)Duration.FromMinutes(30)));
        var reformed = ResponseHistory.From(longAgo.Concat(lately));
        var stillSilent = ResponseHistory.From(longAgo.Select(o => (o.Item1 + Duration.FromDays(98), o.Item2)).Concat(lately.Select(o => (o.Item1 - Duration.FromDays(20), o.Item2))));

        reformed.AnswerRate(Now).ShouldBeGreaterThan(0.6);
        stillSilent.AnswerRate(Now).ShouldBeLessThan(0.45);
        reformed.Responsiveness(Now).ShouldBeGreaterThan(stillSilent.Responsiveness(Now));
        // Halved every 30 days: ten expiries 100 days ago count as under one offer today.
        ResponseHistory.From(longAgo).Decayed(Now).Offers.ShouldBeLessThan(1.0);
    }

    [Fact]
    public void Among_partners_that_answer_well_small_differences_do_not_count_so_fairness_decides()
    {
        var offeredLongAgo = Partner("Offered Long Ago", History(Duration.FromMinutes(50), [true, true, true, true, true, false, true, true]), Now - Duration.FromDays(20));
        var offeredYesterday = Partner("Offered Yesterday", History(Duration.FromMinutes(20), [true, true, true, true, true, true, true, true]), Now - Duration.FromDays(1));

        var ranking = Ranker.Rank(Index(offeredYesterday, offeredLongAgo), Need(), Now);

        ranking.Candidates.Select(c => c.Name).ShouldBe(["Offered Long Ago", "Offered Yesterday"]);
        ranking.Candidates.Select(c => c.Explanation.Single(f => f.Name == "responsiveness").Points).ShouldBe([10.0, 10.0]);
    }

    [Fact]
    public void With_the_response_factor_off_the_five_earlier_factors_and_weights_stand()
    {
        var prompt = Partner("Prompt SQL", History(Duration.FromMinutes(40), [true, true, true]));

        var explained = Ranker.Rank(Index(prompt), Need(), Now, policy: RoutingPolicy.Fixed).Candidates.Single().Explanation;

        explained.Select(f => f.Name).ShouldBe(["skill fit", "earliest start", "partnership", "reputation", "fairness"]);
        explained.Select(f => f.Max).ShouldBe([40.0, 25, 15, 10, 10]);
    }

    [Fact]
    public void Business_time_between_two_instants_skips_nights_weekends_and_days_off()
    {
        var fridayHalfFour = Instant.FromUtc(2026, 11, 27, 16, 30);
        var mondayHalfNine = Instant.FromUtc(2026, 11, 30, 9, 30);
        BusinessTime.Between(London, fridayHalfFour, mondayHalfNine).ShouldBe(Duration.FromHours(1));
        BusinessTime.Between(London, fridayHalfFour, mondayHalfNine, new HashSet<LocalDate> { new(2026, 11, 30) }).ShouldBe(Duration.FromMinutes(30));
        BusinessTime.Between(London, mondayHalfNine, fridayHalfFour).ShouldBe(Duration.Zero);
        BusinessTime.Between(London, Instant.FromUtc(2026, 11, 23, 8, 0), Instant.FromUtc(2026, 11, 27, 18, 0)).ShouldBe(Duration.FromHours(40));
    }
}
