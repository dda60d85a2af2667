using Marketplace.Calendar;
using Marketplace.Matching.Ranking;
using NodaTime;
using Shouldly;

namespace Marketplace.Matching.Tests;

/// <summary>An index brought up to date piece by piece ranks exactly as one built from scratch (seeded random changes).</summary>
public sealed class RankingIndexTests
{
    private static readonly WorkingWeek London = WorkingWeek.Create([1, 2, 3, 4, 5], new(9, 0), new(17, 0), "Europe/London");
    private static readonly string[] SkillIds = [.. Enumerable.Range(0, 12).Select(i => $"skill-{i}")];
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 25, 10, 0);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Updating_for_the_firms_that_moved_equals_a_fresh_build(int seed)
    {
        var random = new Random(seed);
        var firms = Enumerable.Range(0, 60).Select(_ => Guid.NewGuid()).ToArray();
        // What the database holds: claims per firm, links between firms.
        var claims = firms.ToDictionary(f => f, _ => Claims(random));
        var links = new Dictionary<(Guid, Guid), PartnerTerms>();
        var index = Fresh(claims, links);

        for (var round = 0; round < 40; round++)
        {
            var moved = new HashSet<Guid>();
            for (var change = random.Next(1, 6); change > 0; change--)
            {
                var firm = firms[random.Next(firms.Length)];
                moved.Add(firm);
                if (random.Next(3) == 0)
                {
                    var other = firms[random.Next(firms.Length)];
                    if (other == firm)
                    {
                        continue;
                    }
                    moved.Add(other);
                    var key = firm.CompareTo(other) < 0 ? (firm, other) : (other, firm);
                    if (!links.Remove(key))
                    {
                        links[key] = new PartnerTerms(Guid.NewGuid(), random.Next(1, 5), EngagementModes.HandOff, random.Next(1, 9), random.Next(1, 4));
                    }
                }
                else
                {
                    claims[firm] = random.Next(6) == 0 ? [] : Claims(random); // some stop claiming anything
                }
            }
            var numbers = index.SkillNumbers();
            var profiles = moved.Where(f => claims[f].Count > 0).Select(f => Profile(f, claims[f], numbers)).ToList();
            index = index.With(moved, profiles, numbers, [.. Terms(links).Where(t => moved.Contains(t.From) || moved.Contains(t.To))]);

            var fresh = Fresh(claims, links);
            index.Partners.Count(p => p.Skills.Length > 0).ShouldBe(fresh.Partners.Count);
            foreach (var need in Needs(firms, random))
            {
                // Everyone qualified (no cut among exact ties, whose order is arbitrary in any build).
                Names(Ranker.Rank(index, need, Now, 100)).ShouldBe(Names(Ranker.Rank(fresh, need, Now, 100)), $"round {round}");
            }
            foreach (var (from, to, terms) in Terms(links))
            {
                index.TermsBetween(from, to).ShouldBe(terms);
            }
            index.Terms.Sum(t => t.Value.Count).ShouldBe(links.Count * 2);
        }
    }

    private static Dictionary<string, int> Claims(Random random) =>
        SkillIds.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToDictionary(s => s, _ => random.Next(1, 6));

    private static RankingIndex Fresh(Dictionary<Guid, Dictionary<string, int>> claims, Dictionary<(Guid, Guid), PartnerTerms> links)
    {
        var numbers = new Dictionary<string, int>();
        var profiles = claims.Where(c => c.Value.Count > 0).Select(c => Profile(c.Key, c.Value, numbers)).ToList();
        var terms = Terms(links).GroupBy(t => t.From).ToDictionary(g => g.Key, g => (IReadOnlyDictionary<Guid, PartnerTerms>)g.ToDictionary(t => t.To, t => t.Terms));
        return new RankingIndex(profiles, numbers, terms);
    }

    private static IEnumerable<(Guid From, Guid To, PartnerTerms Terms)> Terms(Dictionary<(Guid, Guid), PartnerTerms> links) =>
        links.SelectMany(l => new[] { (l.Key.Item1, l.Key.Item2, l.Value), (l.Key.Item2, l.Key.Item1, l.Value) });

    private static PartnerProfile Profile(Guid firm, Dictionary<string, int> claims, Dictionary<string, int> numbers)
    {
        var numbered = claims.Select(c => (Number: RankingIndex.Intern(numbers, c.Key), Level: c.Value)).OrderBy(c => c.Number).ToList();
        return new PartnerProfile
        {
            FirmId = firm, Name = firm.ToString(), Calendar = London, Skills = [.. numbered.Select(c => c.Number)], Levels = [.. numbered.Select(c => (byte)c.Level)],
            Verified = new bool[numbered.Count], CapacityFrom = new LocalDate(2026, 11, 23), FreeHours = [40, 40, 40, 40],
        };
    }

    private static IEnumerable<Need> Needs(Guid[] firms, Random random) => Enumerable.Range(0, 4).Select(_ =>
        new Need(firms[random.Next(firms.Length)], [new RequiredSkill(SkillIds[random.Next(SkillIds.Length)], "x", random.Next(1, 4))], 10, 30,
            new LocalDate(2026, 11, 30), new LocalDate(2026, 12, 14), EngagementModes.HandOff, Urgency.Flexible, PartnersOnly: random.Next(2) == 0));

    private static List<string> Names(Marketplace.Matching.Ranking.Ranking ranking) =>
        [.. ranking.Candidates.OrderByDescending(c => c.Score).ThenBy(c => c.FirmId).Select(c => $"{c.FirmId} {c.Score} {c.Terms} {c.EarliestStart}"), .. ranking.NearMisses.Select(m => $"miss {m.FirmId} {string.Join(';', m.Reasons)}")];
}
