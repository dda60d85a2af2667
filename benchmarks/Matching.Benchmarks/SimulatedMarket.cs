using Marketplace.Calendar;
using Marketplace.Matching.Ranking;
using NodaTime;

namespace Marketplace.Matching.Benchmarks;

public enum MarketKind { Standard, Hard }

/// <summary>How a partner treats the offers it gets, whatever they are.</summary>
public enum Behaviour { Answers, NeverAnswers, DeclinesEverything }

/// <summary>One firm of the simulated market: what the ranking sees of it, and how it really behaves.</summary>
public sealed class SimulatedFirm
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public required WorkingWeek Calendar { get; init; }
    /// <summary>The firm's public holidays (none in the standard market): no answers, no business hours.</summary>
    public required ISet<LocalDate> Holidays { get; init; }
    public required int[] Skills { get; init; }
    public required byte[] Levels { get; init; }
    public required bool[] Verified { get; init; }
    /// <summary>Free hours per week as Scheduling last said (taken by bookings here and by work found elsewhere).</summary>
    public required short[] Free { get; init; }
    public required double AcceptChance { get; init; }
    public bool Twin { get; init; }
    public Behaviour Behaviour { get; set; } = Behaviour.Answers;
    /// <summary>Hard market: where in its deadline the firm usually answers (0 at once, 1 at the last minute).</summary>
    public double Pace { get; set; }
}

/// <summary>A referral waiting to be posted: when, what it needs, and the seed of the answers it will get.</summary>
public sealed record PlannedReferral(Instant Arrival, Need Need, int Seed, bool FridayRush);

/// <summary>
/// A seeded market, reproducible from its seed. The standard market is the one the simulation always had: 500 firms (25
/// identical twins), 10,000 referrals arriving evenly over 40 weeks, partners answering within their deadline with a 40–90 %
/// chance of accepting (10 % of offers left to expire). The hard market is the same firms and referrals (the same draws)
/// made harsher by a second seeded stream: a third of the partners never answer, a tenth decline everything, each
/// partner answers at its own pace anywhere in the deadline (some at the last minute), 20 % of accepts find the declared
/// hours gone elsewhere (the hold fails), 15 % of referrals are urgent or critical and arrive on Friday afternoons in the
/// referrer's zone, public holidays in each zone, and partnerships (half of them promising 2-hour answers, which is
/// what critical work needs under the SLA flow-down).
/// </summary>
public sealed class SimulatedMarket
{
    public const int FirmCount = 500, TwinCount = 25, ReferralCount = 10_000, Weeks = 40, Horizon = Weeks + 30;
    public const double GoneElsewhere = 0.2, FridayRushShare = 0.15;
    private const int PartnershipsPerFirm = 20;
    private static readonly string[] ZoneIds = ["Europe/London", "America/New_York", "Europe/Berlin"];
    public static readonly Instant Start = Instant.FromUtc(2027, 1, 4, 0, 0); // a Monday

    public MarketKind Kind { get; }
    public int Seed { get; }
    public IReadOnlyList<SimulatedFirm> Firms { get; }
    public IReadOnlyDictionary<Guid, SimulatedFirm> ById { get; }
    public Dictionary<string, int> SkillNumbers { get; } = [];
    public IReadOnlyDictionary<Guid, IReadOnlyDictionary<Guid, PartnerTerms>> Terms { get; }
    public IReadOnlyList<PlannedReferral> Planned { get; }
    public LocalDate FirstMonday => Start.InUtc().Date;

    public SimulatedMarket(MarketKind kind, int seed)
    {
        (Kind, Seed) = (kind, seed);
        var random = new Random(seed);
        var zones = ZoneIds.Select(z => WorkingWeek.Create([1, 2, 3, 4, 5], new(9, 0), new(17, 0), z)).ToArray();
        var holidays = ZoneIds.Select(z => kind == MarketKind.Hard ? Holidays2027(z) : new HashSet<LocalDate>()).ToArray();
        var firms = new List<SimulatedFirm>();
        for (var f = 0; f < FirmCount; f++)
        {
            var twin = f < TwinCount;
            var category = twin ? 0 : random.Next(SyntheticPartners.Categories);
            var skills = new SortedDictionary<int, byte>();
            var count = twin ? 8 : random.Next(5, 10);
            for (var i = 0; skills.Count < count; i++)
            {
                skills[RankingIndex.Intern(SkillNumbers, SyntheticPartners.Skill(category, twin ? i : random.Next(SyntheticPartners.SkillsPerCategory)))] =
                    (byte)(twin ? 4 : random.Next(2, 6));
            }
            var weekly = (short)(twin ? 40 : random.Next(2, 9) * 10);
            firms.Add(new SimulatedFirm
            {
                Id = new Guid(f + 1, 0, 0, [0, 0, 0, 0, 0, 0, 0, 0]), Name = $"Firm {f:000}", Calendar = zones[f % zones.Length], Holidays = holidays[f % zones.Length],
                Skills = [.. skills.Keys], Levels = [.. skills.Values], Verified = new bool[skills.Count],
                Free = [.. Enumerable.Repeat(weekly, Horizon)], AcceptChance = twin ? 0.7 : 0.4 + random.NextDouble() * 0.5, Twin = twin,
            });
        }

        // Arrivals spread over the weeks, in time order.
        var arrivals = Enumerable.Range(0, ReferralCount).Select(_ => Start + Duration.FromMinutes(random.Next(Weeks * 7 * 24 * 60))).Order().ToList();
        var planned = new List<PlannedReferral>(ReferralCount);
        foreach (var arrival in arrivals)
        {
            var referrer = firms[random.Next(FirmCount)].Id;
            var category = random.Next(SyntheticPartners.Categories);
            // Every 16th referral asks for exactly what the twins offer, so they are equally qualified for it.
            var skills = random.Next(16) == 0 ? [0, 1] : Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(SyntheticPartners.SkillsPerCategory)).Distinct().ToArray();
            var skillCategory = skills is [0, 1] ? 0 : category;
            var hoursPerWeek = random.Next(1, 3) * 10;
            var effort = hoursPerWeek * random.Next(1, 5);
            var earliest = arrival.InUtc().Date.PlusDays(random.Next(0, 8));
            var need = new Need(referrer, [.. skills.Select(s => new RequiredSkill(SyntheticPartners.Skill(skillCategory, s), $"skill {s}", random.Next(2, 5)))],
                hoursPerWeek, effort, earliest, earliest.PlusWeeks(random.Next(1, 5)), EngagementModes.HandOff, Urgency.Normal);
            planned.Add(new PlannedReferral(arrival, need, random.Next(), false));
        }

        var terms = new Dictionary<Guid, IReadOnlyDictionary<Guid, PartnerTerms>>();
        if (kind == MarketKind.Hard)
        {
            var harsh = new Random(seed ^ 0x4A5D);
            foreach (var firm in firms)
            {
                var kindOf = harsh.NextDouble();
                firm.Behaviour = kindOf < 1.0 / 3 ? Behaviour.NeverAnswers : kindOf < 1.0 / 3 + 0.1 ? Behaviour.DeclinesEverything : Behaviour.Answers;
                var pace = harsh.NextDouble();
                firm.Pace = firm.Twin ? 0.5 : pace; // twins are alike in everything but whether they answer at all
            }
            terms = Partnerships(firms, harsh);
            var byId = firms.ToDictionary(f => f.Id);
            planned = [.. planned.Select(p => harsh.NextDouble() < FridayRushShare ? FridayRush(p, byId[p.Need.ReferrerFirmId], harsh) : p).OrderBy(p => p.Arrival)];
        }
        Firms = firms;
        ById = firms.ToDictionary(f => f.Id);
        Terms = terms;
        Planned = planned;
    }

    /// <summary>
    /// The referral re-timed to a Friday afternoon (13:00–17:00 in the referrer's zone) of a week of the run: a third
    /// critical (must start the Monday after), the rest urgent (must start by the Tuesday or Wednesday).
    /// </summary>
    private static PlannedReferral FridayRush(PlannedReferral p, SimulatedFirm referrer, Random harsh)
    {
        var friday = Start.InUtc().Date.PlusWeeks(harsh.Next(Weeks)).PlusDays(4);
        var local = friday + new LocalTime(13, 0) + Period.FromMinutes(harsh.Next(4 * 60));
        var arrival = referrer.Calendar.Zone.AtLeniently(local).ToInstant();
        var monday = friday.PlusDays(3);
        var critical = harsh.Next(3) == 0;
        var need = p.Need with
        {
            Urgency = critical ? Urgency.Critical : Urgency.Urgent, EarliestStart = monday, LatestStart = critical ? monday : monday.PlusDays(harsh.Next(1, 3)),
        };
        return p with { Arrival = arrival, Need = need, FridayRush = true };
    }

    /// <summary>
    /// Each firm partners with up to 20 others (so about 40 partnerships each, both ways); half promise answers within 2
    /// business hours. The twins have none: they stay equal for every referrer.
    /// </summary>
    private static Dictionary<Guid, IReadOnlyDictionary<Guid, PartnerTerms>> Partnerships(List<SimulatedFirm> firms, Random harsh)
    {
        var terms = firms.ToDictionary(f => f.Id, _ => new Dictionary<Guid, PartnerTerms>());
        foreach (var firm in firms)
        {
            for (var i = 0; i < PartnershipsPerFirm; i++)
            {
                var other = firms[harsh.Next(firms.Count)];
                // The twins stay out of partnerships, so that they stay equal for every referrer.
                if (other.Id == firm.Id || firm.Twin || other.Twin || terms[firm.Id].ContainsKey(other.Id))
                {
                    continue;
                }
                var agreed = new PartnerTerms(Guid.NewGuid(), 1, EngagementModes.HandOff | EngagementModes.WhiteLabel, harsh.Next(2) == 0 ? 2 : 4, 10);
                terms[firm.Id][other.Id] = agreed;
                terms[other.Id][firm.Id] = agreed;
            }
        }
        return terms.ToDictionary(t => t.Key, t => (IReadOnlyDictionary<Guid, PartnerTerms>)t.Value);
    }

    /// <summary>Public holidays on weekdays in 2027 (England, US federal with observed days, Germany nationwide).</summary>
    private static HashSet<LocalDate> Holidays2027(string zone) => zone switch
    {
        "Europe/London" => Days((1, 1), (3, 26), (3, 29), (5, 3), (5, 31), (8, 30), (12, 27), (12, 28)),
        "America/New_York" => Days((1, 1), (1, 18), (2, 15), (5, 31), (6, 18), (7, 5), (9, 6), (10, 11), (11, 11), (11, 25), (12, 24)),
        "Europe/Berlin" => Days((1, 1), (3, 26), (3, 29), (5, 6), (5, 17)),
        _ => [],
    };

    private static HashSet<LocalDate> Days(params (int Month, int Day)[] days) => [.. days.Select(d => new LocalDate(2027, d.Month, d.Day))];
}
