using BenchmarkDotNet.Running;
using Marketplace.Matching.Benchmarks;
using Marketplace.Matching.Ranking;

// `size`: bytes of ranking index per partner; `load`: posts through the gateway (PostLoadHarness); `ceiling`: rates in turn
// against the gateway, Matching and Scheduling as processes, partners accepting (CeilingHarness); `ranking-refresh`: the
// index's incremental refresh under writes (RankingRefreshBenchmark); `simulate`: the market simulation; anything else: BenchmarkDotNet.
switch (args)
{
    case ["size", ..]:
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var referrer = Guid.NewGuid();
        var index = SyntheticPartners.Build(100_000, referrer);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var ranking = Ranker.Rank(index, SyntheticPartners.FiveSkillNeed(referrer), NodaTime.SystemClock.Instance.GetCurrentInstant());
        Console.WriteLine($"100,000 partners: {(after - before) / 1024.0 / 1024.0:0.0} MB, {(after - before) / 100_000.0:0} bytes per partner; " +
            $"five-skill referral: {ranking.Qualified} qualify, top score {ranking.Candidates[0].Score}, {ranking.NearMisses.Count} near-misses shown");
        GC.KeepAlive(index);
        return 0;
    case ["load", ..]:
        return await PostLoadHarness.RunAsync(Number(1, 50), Number(2, 20), args.Contains("--async-commit"), Option("--replicas", 1));
    case ["ceiling", ..]:
        var rates = Positional().ElementAtOrDefault(1) is { } list
            ? list.Split(',').Select(r => int.Parse(r, System.Globalization.CultureInfo.InvariantCulture)).ToArray()
            : [25, 50, 100, 200, 400];
        return await CeilingHarness.RunAsync(rates, Number(2, 60), Option("--partners", 1_000), Value("--scheduling") == "stub");
    case ["ranking-refresh", ..]:
        return await RankingRefreshBenchmark.RunAsync(Number(1, 100_000), Number(2, 1_000), Number(3, 30));
    case ["simulate", ..]:
        return MarketSimulation.Run(args[1..]);
    default:
        BenchmarkSwitcher.FromAssembly(typeof(RankingBenchmarks).Assembly).Run(args);
        return 0;
}

// The i-th positional argument (options such as --replicas 2 skipped; "partners=20000" read as 20000), or the default.
int Number(int i, int fallback)
{
    var positional = Positional();
    return positional.Length > i ? int.Parse(positional[i][(positional[i].IndexOf('=', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}

// The arguments that are not options nor an option's value.
string[] Positional() => [.. args.Where((a, at) => !a.StartsWith("--", StringComparison.Ordinal) && !(at > 0 && args[at - 1] is "--replicas" or "--partners" or "--scheduling"))];

int Option(string name, int fallback) => Value(name) is { } value ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : fallback;

string? Value(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
