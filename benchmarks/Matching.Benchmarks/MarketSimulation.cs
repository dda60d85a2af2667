using System.Diagnostics;
using Marketplace.Calendar;
using Marketplace.Matching.Offers;
using Marketplace.Matching.Ranking;
using Marketplace.Matching.Referrals;
using NodaTime;

namespace Marketplace.Matching.Benchmarks;

/// <summary>
/// A seeded market on a fake clock, driven through the real ranking and the real referral state machine: 500 firms,
/// 10,000 referrals over 40 weeks. Partners answer offers after a while within their business hours (or let them
/// expire); an accepted referral takes its hours from the partner's weeks, so later referrals compete for what is left.
/// 25 of the firms are identical twins, to measure how evenly offers spread among equally qualified partners.
///   dotnet run -c Release --project benchmarks/Matching.Benchmarks -- simulate [seed]
/// </summary>
public static class MarketSimulation
{
    private const int Firms = 500, Twins = 25, Referrals = 10_000, Weeks = 40, Horizon = Weeks + 30;
    private static readonly string[] ZoneIds = ["Europe/London", "America/New_York", "Europe/Berlin"];

    private sealed class Firm
    {
        public required Guid Id { get; init; }
        public required string Name { get; init; }
        public required WorkingWeek Calendar { get; init; }
        public required int[] Skills { get; init; }
        public required byte[] Levels { get; init; }
        public required short[] Free { get; init; }
        public required double AcceptChance { get; init; }
        public Instant? LastOfferedAt { get; set; }
        public int Offers { get; set; }
    }

    public static int Run(int seed)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(seed);
        var start = Instant.FromUtc(2027, 1, 4, 0, 0); // a Monday
        var firstMonday = start.InUtc().Date;
        var numbers = new Dictionary<string, int>();
        var zones = ZoneIds.Select(z => WorkingWeek.Create([1, 2, 3, 4, 5], new(9, 0), new(17, 0), z)).ToArray();
        var firms = new List<Firm>();
        for (var f = 0; f < Firms; f++)
        {
            var twin = f < Twins;
            var category = twin ? 0 : random.Next(SyntheticPartners.Categories);
            var skills = new SortedDictionary<int, byte>();
            var count = twin ? 8 : random.Next(5, 10);
            for (var i = 0; skills.Count < count; i++)
            {
                skills[RankingIndex.Intern(numbers, SyntheticPartners.Skill(category, twin ? i : random.Next(SyntheticPartners.SkillsPerCategory)))] =
                    (byte)(twin ? 4 : random.Next(2, 6));
            }
            var weekly = (short)(twin ? 40 : random.Next(2, 9) * 10);
            firms.Add(new Firm
            {
                Id = Guid.NewGuid(), Name = $"Firm {f:000}", Calendar = zones[f % zones.Length], Skills = [.. skills.Keys], Levels = [.. skills.Values],
                Free = [.. Enumerable.Repeat(weekly, Horizon)], AcceptChance = twin ? 0.7 : 0.4 + random.NextDouble() * 0.5,
            });
        }
        var byId = firms.ToDictionary(f => f.Id);

        // Arrivals spread over the weeks, in time order.
        var arrivals = Enumerable.Range(0, Referrals).Select(_ => start + Duration.FromMinutes(random.Next(Weeks * 7 * 24 * 60))).Order().ToList();
        var events = new PriorityQueue<Action<Instant>, Instant>();
        int couldTake = 0, matched = 0, matchedInTime = 0;
        var waves = new List<int>();
        foreach (var arrival in arrivals)
        {
            var referrer = firms[random.Next(Firms)].Id;
            var category = random.Next(SyntheticPartners.Categories);
            // Every 16th referral asks for exactly what the twins offer, so they are equally qualified for it.
            var skills = random.Next(16) == 0 ? [0, 1] : Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(SyntheticPartners.SkillsPerCategory)).Distinct().ToArray();
            var skillCategory = skills is [0, 1] ? 0 : category;
            var hoursPerWeek = random.Next(1, 3) * 10;
            var effort = hoursPerWeek * random.Next(1, 5);
            var earliest = arrival.InUtc().Date.PlusDays(random.Next(0, 8));
            var need = new Need(referrer, [.. skills.Select(s => new RequiredSkill(SyntheticPartners.Skill(skillCategory, s), "", random.Next(2, 5)))],
                hoursPerWeek, effort, earliest, earliest.PlusWeeks(random.Next(1, 5)), EngagementModes.HandOff, Urgency.Normal);
            var seedForReferral = random.Next();
            events.Enqueue(now => Post(now, need, seedForReferral), arrival);
        }

        void Post(Instant now, Need need, int referralSeed)
        {
            var responses = new Random(referralSeed);
            var ranking = Ranker.Rank(Index(firms, numbers, firstMonday), need, now, limit: 30);
            if (ranking.Qualified == 0)
            {
                return;
            }
            couldTake++;
            var referral = new Referral
            {
                Id = Guid.NewGuid(), ReferrerFirmId = need.ReferrerFirmId, EffortHours = need.EffortHours, HoursPerWeek = need.HoursPerWeek,
                EarliestStart = need.EarliestStart, LatestStart = need.LatestStart, PostedAt = now,
            };
            referral.Shortlist(ranking.Candidates.Select((c, i) => new Candidacy { ReferralId = referral.Id, FirmId = c.FirmId, Rank = i + 1 }));
            Wave(now, referral, need, responses);
        }

        void Wave(Instant now, Referral referral, Need need, Random responses)
        {
            var offers = referral.OfferNextWave(c => new OfferTerms(byId[c.FirmId].Calendar.AddWorkingTime(now, Duration.FromHours(4)), null, 0), now, "system", "wave");
            if (offers.Count == 0)
            {
                return; // unmatched
            }
            // Each partner answers some time before its deadline, or not at all; the wave is over at the first workable accept.
            var answers = offers.Select(o =>
            {
                var firm = byId[o.PartnerFirmId];
                firm.Offers++;
                firm.LastOfferedAt = now;
                var silent = responses.NextDouble() < 0.1;
                var at = silent ? o.DueAt : now + (o.DueAt - now) * responses.NextDouble();
                return (Offer: o, At: at, Accepts: !silent && responses.NextDouble() < firm.AcceptChance);
            }).OrderBy(a => a.At).ToList();
            events.Enqueue(at =>
            {
                foreach (var answer in answers)
                {
                    var firm = byId[answer.Offer.PartnerFirmId];
                    if (answer.Accepts && referral.Status == ReferralStatus.Offering && Ranker.EarliestStart(Profile(firm, firstMonday), need,
                            Max(need.EarliestStart, answer.At.InUtc().Date), need.LatestStart) is { } begin)
                    {
                        referral.Accept(answer.Offer.Id, answer.At, "partner");
                        Book(firm, begin, need, firstMonday);
                        matched++;
                        matchedInTime += answer.At.InUtc().Date <= need.LatestStart ? 1 : 0;
                        waves.Add(referral.Wave);
                        return;
                    }
                    if (answer.Accepts || answer.At < answer.Offer.DueAt)
                    {
                        referral.Decline(answer.Offer.Id, "no", answer.At, "partner");
                    }
                    else
                    {
                        referral.Expire(answer.Offer, answer.At);
                    }
                }
                if (referral.Status == ReferralStatus.Offering && answers[^1].At.InUtc().Date <= need.LatestStart)
                {
                    Wave(answers[^1].At, referral, need, responses);
                }
            }, answers[^1].At);
        }

        while (events.TryDequeue(out var next, out var at))
        {
            next(at);
        }

        var twinOffers = firms.Take(Twins).Select(f => (double)f.Offers).ToArray();
        waves.Sort();
        Console.WriteLine($"seed {seed}: {Firms} firms, {Referrals:N0} referrals over {Weeks} weeks, simulated in {clock.Elapsed.TotalSeconds:0.0} s");
        Console.WriteLine($"  some partner could take {couldTake:N0}; matched {matched:N0}, {matchedInTime:N0} before their latest start = {100.0 * matchedInTime / couldTake:0.0} %");
        Console.WriteLine($"  waves to a match: median {waves[waves.Count / 2]}, 90th percentile {waves[(int)(waves.Count * 0.9)]}, max {waves[^1]}");
        Console.WriteLine($"  offers among {Twins} equally qualified twins: {twinOffers.Min()}–{twinOffers.Max()}, mean {twinOffers.Average():0.0}, Gini {Gini(twinOffers):0.000}");
        return 0;
    }

    private static LocalDate Max(LocalDate a, LocalDate b) => a > b ? a : b;

    private static void Book(Firm firm, LocalDate begin, Need need, LocalDate firstMonday)
    {
        var week = (WorkingWeek.WeekStart(begin).ToDateOnly().DayNumber - firstMonday.ToDateOnly().DayNumber) / 7;
        for (var w = 0; w < need.Weeks; w++)
        {
            firm.Free[Math.Min(week + w, firm.Free.Length - 1)] -= (short)need.HoursPerWeek;
        }
    }

    private static PartnerProfile Profile(Firm f, LocalDate firstMonday) => new()
    {
        FirmId = f.Id, Name = f.Name, Calendar = f.Calendar, Skills = f.Skills, Levels = f.Levels, Verified = new bool[f.Skills.Length],
        CapacityFrom = firstMonday, FreeHours = f.Free, LastOfferedAt = f.LastOfferedAt,
    };

    private static RankingIndex Index(List<Firm> firms, Dictionary<string, int> numbers, LocalDate firstMonday) =>
        new([.. firms.Select(f => Profile(f, firstMonday))], numbers, new Dictionary<Guid, IReadOnlyDictionary<Guid, PartnerTerms>>());

    /// <summary>0 when everyone got the same number of offers, towards 1 when one got them all.</summary>
    public static double Gini(double[] values)
    {
        var sorted = values.Order().ToArray();
        var n = sorted.Length;
        var sum = sorted.Sum();
        if (sum == 0)
        {
            return 0;
        }
        var weighted = sorted.Select((v, i) => (i + 1) * v).Sum();
        return (2 * weighted) / (n * sum) - (n + 1.0) / n;
    }
}
