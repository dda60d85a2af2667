using Marketplace.Calendar;
using Marketplace.Scheduling.Availability;
using NodaTime;

namespace Marketplace.Scheduling.Benchmarks;

/// <summary>Seeded synthetic partner firms: zones, skills, three engineers each, and some weeks already taken.</summary>
public static class SyntheticFirms
{
    public static readonly string[] Zones = ["Europe/London", "America/New_York", "Australia/Sydney", "Europe/Berlin", "America/Chicago"];
    public static readonly string[] Skills = ["sd-wan", "m365-migration", "azure-landing-zones", "sql-server-performance", "intune"];

    public sealed record Firm(Guid Id, string Name, string Zone, Dictionary<string, int> SkillLevels, List<Engineer> Engineers);
    public sealed record Engineer(Guid Id, string Name, int WeeklyHours, int[] Allocated);

    /// <summary>Every firm claims sd-wan (so a skill question looks at all of them) and two more skills.</summary>
    public static List<Firm> Create(int count, int weeks, int seed = 42)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var skills = new Dictionary<string, int> { ["sd-wan"] = random.Next(1, 6) };
            foreach (var s in Skills.Skip(1).OrderBy(_ => random.Next()).Take(2))
            {
                skills[s] = random.Next(1, 6);
            }
            var engineers = Enumerable.Range(0, 3).Select(e =>
            {
                var weekly = random.Next(2, 9) * 5;
                // Busy near term, freeing up later: what makes "earliest" worth computing.
                var allocated = Enumerable.Range(0, weeks).Select(w => random.NextDouble() < 0.8 - w * 0.025 ? random.Next(0, weekly + 1) : 0).ToArray();
                return new Engineer(Guid.NewGuid(), $"Engineer {i}-{e}", weekly, allocated);
            }).ToList();
            return new Firm(Guid.NewGuid(), $"Firm {i:0000}", Zones[i % Zones.Length], skills, engineers);
        })];
    }

    public static FirmAvailability ToAvailability(Firm firm, LocalDate firstWeek) =>
        new(firm.Id, firm.Name, WorkingWeek.Create([1, 2, 3, 4, 5], new(9, 0), new(17, 0), firm.Zone), firm.SkillLevels,
            [.. firm.Engineers.Select(e => new EngineerAvailability(e.Id, e.Name, [], e.WeeklyHours, firstWeek, [.. e.Allocated.Select(a => e.WeeklyHours - a)]))]);
}
