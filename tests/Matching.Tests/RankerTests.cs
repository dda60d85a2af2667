using Marketplace.Calendar;
using Marketplace.Matching.Ranking;
using NodaTime;
using Shouldly;

namespace Marketplace.Matching.Tests;

/// <summary>The ranking rules and their explanations, on a hand-built index (no host, no database).</summary>
public sealed class RankerTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 25, 10, 0);
    private static readonly LocalDate Monday = new(2026, 11, 30);
    private static readonly Guid Referrer = Guid.NewGuid();
    private static readonly WorkingWeek London = WorkingWeek.Create([1, 2, 3, 4, 5], new(9, 0), new(17, 0), "Europe/London");

    private sealed class Builder
    {
        private readonly Dictionary<string, int> _skills = [];
        private readonly List<PartnerProfile> _partners = [];
        private readonly Dictionary<Guid, PartnerTerms> _terms = [];

        public Guid Add(string name, (string Skill, int Level, bool Verified)[] skills, short[]? free = null, PartnerTerms? terms = null,
            double? reputation = null, Instant? lastOffered = null, bool takesReferrals = true)
        {
            var claims = skills.Select(s => (Number: RankingIndex.Intern(_skills, s.Skill), s)).OrderBy(c => c.Number).ToList();
            var id = Guid.NewGuid();
            _partners.Add(new PartnerProfile
            {
                FirmId = id, Name = name, Calendar = London, TakesReferrals = takesReferrals,
                Skills = [.. claims.Select(c => c.Number)], Levels = [.. claims.Select(c => (byte)c.s.Level)], Verified = [.. claims.Select(c => c.s.Verified)],
                CapacityFrom = new LocalDate(2026, 11, 23), FreeHours = free ?? [40, 40, 40, 40], ReputationMean = reputation, RatingCount = reputation is null ? 0 : 4,
                LastOfferedAt = lastOffered,
            });
            if (terms is not null)
            {
                _terms[id] = terms;
            }
            return id;
        }

        public RankingIndex Build() => new(_partners, _skills, new Dictionary<Guid, IReadOnlyDictionary<Guid, PartnerTerms>> { [Referrer] = _terms });
    }

    private static Need Need(int sqlLevel = 4, Urgency urgency = Urgency.Normal, EngagementModes mode = EngagementModes.HandOff, LocalDate? latest = null) =>
        new(Referrer, [new RequiredSkill("sql-server", "SQL Server", sqlLevel), new RequiredSkill("azure", "Azure", 2)], 10, 30, Monday,
            latest ?? Monday.PlusWeeks(2), mode, urgency);

    private static PartnerTerms Terms(int sla = 4, EngagementModes modes = EngagementModes.HandOff, int max = 3) => new(Guid.NewGuid(), 2, modes, sla, max);

    [Fact]
    public void Every_candidate_is_explained_and_existing_partners_come_before_the_open_directory_among_equals()
    {
        var b = new Builder();
        var directory = b.Add("Directory DB", [("sql-server", 5, true), ("azure", 3, false)]);
        var partner = b.Add("Partner DB", [("sql-server", 5, true), ("azure", 3, false)], terms: Terms());

        var ranking = Ranker.Rank(b.Build(), Need(), Now);

        ranking.Candidates.Select(c => c.FirmId).ShouldBe([partner, directory]);
        var best = ranking.Candidates[0];
        best.Explanation.Select(f => f.Name).ShouldBe(["skill fit", "earliest start", "partnership", "reputation", "fairness", "responsiveness"]);
        best.Explanation.Sum(f => f.Points).ShouldBe(best.Score, 0.2);
        best.Explanation.Single(f => f.Name == "partnership").Detail.ShouldBe("existing partner (agreement v2)");
        best.Explanation.Single(f => f.Name == "skill fit").Detail.ShouldBe("SQL Server 5/4+, Azure 3/2+; 1 of 2 verified by a current certification");
        best.Explanation.Single(f => f.Name == "earliest start").Detail.ShouldBe("can start Mon 30 Nov 2026, the first possible day");
        ranking.Candidates[1].Explanation.Single(f => f.Name == "partnership").Points.ShouldBe(0);
    }

    [Fact]
    public void Near_misses_say_why_they_were_left_out()
    {
        var b = new Builder();
        var low = b.Add("Level Three", [("sql-server", 3, false), ("azure", 3, false)]);
        var slow = b.Add("Slow Responder", [("sql-server", 5, false), ("azure", 3, false)], terms: Terms(sla: 8));
        var busy = b.Add("Busy Until January", [("sql-server", 5, false), ("azure", 3, false)], free: [0, 0, 0, 0, 0, 0, 0, 40]);
        var whiteLabelOnly = b.Add("White Label Only", [("sql-server", 5, false), ("azure", 3, false)], terms: Terms(modes: EngagementModes.WhiteLabel));
        b.Add("No Azure", [("sql-server", 5, false)]);
        var closed = b.Add("Closed", [("sql-server", 5, false), ("azure", 3, false)], takesReferrals: false);

        var ranking = Ranker.Rank(b.Build(), Need(urgency: Urgency.Urgent), Now);

        ranking.Candidates.ShouldBeEmpty();
        var reasons = ranking.NearMisses.ToDictionary(m => m.FirmId, m => string.Join("; ", m.Reasons));
        reasons[low].ShouldBe("level 3 < 4 in SQL Server");
        reasons[slow].ShouldBe("responds within 8 business hours; urgent work needs ≤ 4");
        reasons[busy].ShouldBe("earliest start Mon 11 Jan 2027 is after latest start Mon 14 Dec 2026");
        reasons[whiteLabelOnly].ShouldBe("the agreement does not allow HandOff");
        reasons[closed].ShouldBe("not taking referrals");
        reasons.Count.ShouldBe(5); // a partner without a required skill at all is not a near-miss
    }

    [Fact]
    public void A_later_start_and_a_poorer_reputation_score_lower_and_the_least_recently_offered_wins_a_tie()
    {
        var b = new Builder();
        var later = b.Add("Later", [("sql-server", 5, false), ("azure", 3, false)], free: [40, 0, 0, 40, 40, 40]);
        var rated = b.Add("Well Rated", [("sql-server", 5, false), ("azure", 3, false)], reputation: 5);
        var offeredYesterday = b.Add("Offered Yesterday", [("sql-server", 5, false), ("azure", 3, false)], lastOffered: Now - Duration.FromDays(1));
        var offeredLongAgo = b.Add("Offered Long Ago", [("sql-server", 5, false), ("azure", 3, false)], lastOffered: Now - Duration.FromDays(60));

        var ranking = Ranker.Rank(b.Build(), Need(latest: Monday.PlusWeeks(3)), Now);

        ranking.Candidates.Select(c => c.FirmId).ShouldBe([rated, offeredLongAgo, offeredYesterday, later]);
        ranking.Candidates.Single(c => c.FirmId == later).EarliestStart.ShouldBe(Monday.PlusWeeks(2));
    }

    [Fact]
    public void The_partners_own_referral_and_excluded_firms_never_appear_and_an_unknown_skill_finds_nobody()
    {
        var b = new Builder();
        b.Add("Someone", [("sql-server", 5, false), ("azure", 3, false)]);
        var index = b.Build();
        Ranker.Rank(index, Need() with { Skills = [new RequiredSkill("cobol", "COBOL", 1)] }, Now).Candidates.ShouldBeEmpty();
        var only = index.Partners[0].FirmId;
        Ranker.Rank(index, Need() with { ReferrerFirmId = only }, Now).Candidates.ShouldBeEmpty();
        Ranker.Rank(index, Need(), Now, exclude: new HashSet<Guid> { only }).Candidates.ShouldBeEmpty();
    }

    [Fact]
    public void The_top_ten_of_many_are_the_ten_best_in_order()
    {
        var b = new Builder();
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            b.Add($"P{i}", [("sql-server", random.Next(4, 6), random.Next(2) == 0), ("azure", random.Next(2, 6), false)], reputation: random.Next(1, 6));
        }
        var index = b.Build();
        var top = Ranker.Rank(index, Need(), Now, limit: 10);
        var all = Ranker.Rank(index, Need(), Now, limit: 500);
        top.Qualified.ShouldBe(500);
        top.Candidates.Select(c => c.Score).ShouldBe(all.Candidates.Take(10).Select(c => c.Score));
        top.Candidates.Select(c => c.Score).ShouldBeInOrder(SortDirection.Descending);
    }
}
