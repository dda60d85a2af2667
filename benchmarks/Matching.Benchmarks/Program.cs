using BenchmarkDotNet.Running;
using Marketplace.Matching.Benchmarks;
using Marketplace.Matching.Ranking;

// `size`: bytes of ranking index per partner; `simulate`: the market simulation; anything else: BenchmarkDotNet.
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
        return await PostLoadHarness.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 50,
            args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20, args.Contains("--async-commit"));
    case ["simulate", ..]:
        return MarketSimulation.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2026);
    default:
        BenchmarkSwitcher.FromAssembly(typeof(RankingBenchmarks).Assembly).Run(args);
        return 0;
}
