using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Marketplace.Matching.Ranking;
using NodaTime;

namespace Marketplace.Matching.Benchmarks;

/// <summary>Top 10 of 100,000 partners for a referral needing five skills: filters, scores and explanations.</summary>
[MemoryDiagnoser]
[Config(typeof(Percentiles))]
public class RankingBenchmarks
{
    private sealed class Percentiles : ManualConfig
    {
        public Percentiles() => AddColumn(StatisticColumn.P95, StatisticColumn.Max);
    }

    private static readonly Guid Referrer = Guid.NewGuid();
    private RankingIndex _index = null!;
    private Need _need = null!;
    private Instant _now;

    [Params(100_000)]
    public int Partners { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _index = SyntheticPartners.Build(Partners, Referrer);
        _need = SyntheticPartners.FiveSkillNeed(Referrer);
        _now = SystemClock.Instance.GetCurrentInstant();
    }

    [Benchmark]
    public int TopTenOfFiveSkills() => Ranker.Rank(_index, _need, _now, limit: 10).Candidates.Count;
}
