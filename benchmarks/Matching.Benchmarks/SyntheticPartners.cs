using Marketplace.Calendar;
using Marketplace.Matching.Ranking;
using NodaTime;

namespace Marketplace.Matching.Benchmarks;

/// <summary>
/// Seeded synthetic partners shaped like the real catalog: 16 categories of about 10 skills, each partner a
/// specialist in one or two categories with 6–12 skills, 26 weeks of free hours, some with ratings and past offers.
/// </summary>
public static class SyntheticPartners
{
    public const int Categories = 16, SkillsPerCategory = 10;
    private static readonly string[] Zones = ["Europe/London", "America/New_York", "Australia/Sydney", "Europe/Berlin", "America/Chicago"];

    public static string Skill(int category, int i) => $"c{category}-skill-{i}";

    public static RankingIndex Build(int count, Guid referrer, int seed = 42)
    {
        var random = new Random(seed);
        var numbers = new Dictionary<string, int>();
        var calendars = Zones.Select(z => WorkingWeek.Create([1, 2, 3, 4, 5], new(9, 0), new(17, 0), z)).ToArray();
        var monday = WorkingWeek.WeekStart(SystemClock.Instance.GetCurrentInstant().InUtc().Date);
        var now = SystemClock.Instance.GetCurrentInstant();
        var partners = new List<PartnerProfile>(count);
        var terms = new Dictionary<Guid, PartnerTerms>();
        for (var p = 0; p < count; p++)
        {
            var categories = random.NextDouble() < 0.3 ? new[] { random.Next(Categories), random.Next(Categories) } : [random.Next(Categories)];
            var claims = new SortedDictionary<int, (byte Level, bool Verified)>();
            var wanted = Math.Min(random.Next(6, 13), categories.Distinct().Count() * SkillsPerCategory);
            while (claims.Count < wanted)
            {
                var category = categories[random.Next(categories.Length)];
                var number = RankingIndex.Intern(numbers, Skill(category, random.Next(SkillsPerCategory)));
                claims[number] = ((byte)random.Next(1, 6), random.NextDouble() < 0.3);
            }
            var id = Guid.NewGuid();
            partners.Add(new PartnerProfile
            {
                FirmId = id, Name = $"Partner {p:000000}", Calendar = calendars[p % calendars.Length],
                Skills = [.. claims.Keys], Levels = [.. claims.Values.Select(v => v.Level)], Verified = [.. claims.Values.Select(v => v.Verified)],
                ReputationMean = random.NextDouble() < 0.5 ? 1 + random.NextDouble() * 4 : null, RatingCount = random.Next(0, 20),
                CapacityFrom = monday, FreeHours = [.. Enumerable.Range(0, 26).Select(w => (short)(random.NextDouble() < 0.7 - w * 0.02 ? random.Next(0, 10) : random.Next(10, 41)))],
                LastOfferedAt = random.NextDouble() < 0.4 ? now - Duration.FromDays(random.Next(0, 60)) : null,
            });
            if (random.NextDouble() < 0.002)
            {
                terms[id] = new PartnerTerms(Guid.NewGuid(), 1, EngagementModes.HandOff | EngagementModes.WhiteLabel, 4, 3);
            }
        }
        return new RankingIndex(partners, numbers, new Dictionary<Guid, IReadOnlyDictionary<Guid, PartnerTerms>> { [referrer] = terms });
    }

    /// <summary>Five skills of one category at level 3+, 10 h a week for 4 weeks, starting within three weeks.</summary>
    public static Need FiveSkillNeed(Guid referrer, int category = 3)
    {
        var monday = WorkingWeek.WeekStart(SystemClock.Instance.GetCurrentInstant().InUtc().Date).PlusWeeks(1);
        return new Need(referrer, [.. Enumerable.Range(0, 5).Select(i => new RequiredSkill(Skill(category, i), Skill(category, i), i < 2 ? 3 : 2))],
            10, 40, monday, monday.PlusWeeks(3), EngagementModes.HandOff, Urgency.Normal);
    }
}
