using System.Diagnostics;
using System.Globalization;
using Marketplace.Matching.Ranking;

namespace Marketplace.Matching.Benchmarks;

/// <summary>
/// The market simulation: seeded markets (<see cref="SimulatedMarket"/>: the standard one and the hard one) run on a
/// fake clock through the real ranking and referral state machine (<see cref="MarketRun"/>), under the routing rules
/// from before issue 20 and with each learned rule added in turn. One run at a time, single-threaded.
///   dotnet run -c Release --project benchmarks/Matching.Benchmarks -- simulate [seeds] [--market standard|hard|both] [--policy steps]
/// seeds: 1,2,3 (default 2026). steps, comma-separated, each adding to the ones before it: before, responses, waves,
/// demotion, after (= move-on too, every rule on); "ladder" for all five; "only-NAME" for one rule alone.
/// </summary>
public static class MarketSimulation
{
    private static readonly (string Name, RoutingPolicy Policy)[] Ladder =
    [
        ("before", RoutingPolicy.Fixed),
        ("+responses", RoutingPolicy.Fixed with { ResponseFactor = true }),
        ("+waves", RoutingPolicy.Fixed with { ResponseFactor = true, WavesFromSlack = true }),
        ("+demotion", RoutingPolicy.Fixed with { ResponseFactor = true, WavesFromSlack = true, DemoteSilentPartners = true }),
        ("after", RoutingPolicy.Learning),
    ];

    public static int Run(string[] args)
    {
        var positional = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && !(i > 0 && args[i - 1].StartsWith("--", StringComparison.Ordinal))).ToArray();
        var seeds = positional.Length > 0 ? positional[0].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() : [2026];
        var markets = Option(args, "--market", "both") switch
        {
            "standard" => new[] { MarketKind.Standard },
            "hard" => [MarketKind.Hard],
            _ => [MarketKind.Standard, MarketKind.Hard],
        };
        var policies = Policies(Option(args, "--policy", "before,after"));
        var rows = new List<string>();
        var total = Stopwatch.StartNew();
        foreach (var kind in markets)
        {
            foreach (var seed in seeds)
            {
                var built = Stopwatch.StartNew();
                var market = new SimulatedMarket(kind, seed);
                Console.WriteLine($"{kind} market, seed {seed}: {SimulatedMarket.FirmCount} firms, {SimulatedMarket.ReferralCount:N0} referrals over {SimulatedMarket.Weeks} weeks (built in {built.Elapsed.TotalSeconds:0.0} s)");
                foreach (var (name, policy) in policies)
                {
                    var clock = Stopwatch.StartNew();
                    var report = new MarketRun(market, policy).Run();
                    Console.WriteLine($" routing {name}: simulated in {clock.Elapsed.TotalSeconds:0.0} s");
                    foreach (var line in report.Details())
                    {
                        Console.WriteLine(line);
                    }
                    rows.Add(Row(kind, name, seed, report));
                }
            }
        }
        Console.WriteLine();
        Console.WriteLine($"{rows.Count} runs in {total.Elapsed.TotalSeconds:0} s");
        Console.WriteLine("| market | routing | seed | feasible | matched before latest start (ceiling) | time to match, median / p90 (business h) | waves, median / p90 / max | offers per referral | unmatched | help right | Gini, responsive twins (all twins) |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in rows)
        {
            Console.WriteLine(row);
        }
        return 0;
    }

    private static string Row(MarketKind kind, string routing, int seed, MarketReport r) => string.Create(CultureInfo.InvariantCulture,
        $"| {kind.ToString().ToLowerInvariant()} | {routing} | {seed} | {r.FeasibleCount:N0} | {MarketReport.Percent(r.InTimeShare)} ({MarketReport.Percent(r.CeilingShare)}) | " +
        $"{r.MedianHours:0.0} / {r.P90Hours:0.0} | {r.MedianWaves} / {r.P90Waves} / {r.MaxWaves} | {r.OffersPerReferral:0.00} | {MarketReport.Percent(r.UnmatchedShare)} | " +
        $"{MarketReport.Percent(r.HelpRightShare)} | {r.GiniResponsiveTwins:0.000} ({r.GiniAllTwins:0.000}) |");

    private static List<(string Name, RoutingPolicy Policy)> Policies(string steps)
    {
        var chosen = new List<(string, RoutingPolicy)>();
        foreach (var step in steps.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (step == "ladder")
            {
                chosen.AddRange(Ladder);
                continue;
            }
            if (step.StartsWith("only-", StringComparison.Ordinal))
            {
                chosen.Add((step, step[5..] switch
                {
                    "responses" => RoutingPolicy.Fixed with { ResponseFactor = true },
                    "waves" => RoutingPolicy.Fixed with { WavesFromSlack = true },
                    "demotion" => RoutingPolicy.Fixed with { DemoteSilentPartners = true },
                    "move-on" => RoutingPolicy.Fixed with { MoveOnAfterFailedHold = true },
                    var other => throw new ArgumentException($"No routing rule '{other}': responses, waves, demotion or move-on."),
                }));
                continue;
            }
            var found = Ladder.FirstOrDefault(l => l.Name.TrimStart('+') == step);
            chosen.Add(found.Policy is not null ? found
                : throw new ArgumentException($"No routing step '{step}': before, responses, waves, demotion, after, ladder or only-NAME."));
        }
        return chosen;
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }
}
