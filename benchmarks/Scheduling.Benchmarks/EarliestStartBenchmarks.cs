using BenchmarkDotNet.Attributes;
using Marketplace.Calendar;
using Marketplace.Scheduling.Availability;
using NodaTime;

namespace Marketplace.Scheduling.Benchmarks;

/// <summary>The computation behind one availability answer: every firm's earliest start over 26 weeks, soonest first.</summary>
[MemoryDiagnoser]
public class EarliestStartBenchmarks
{
    private List<FirmAvailability> _firms = null!;
    private Instant _now;

    [Params(1_000)]
    public int Firms { get; set; }

    [Params(10, 30)]
    public int HoursPerWeek { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _now = SystemClock.Instance.GetCurrentInstant();
        var firstWeek = WorkingWeek.WeekStart(_now.InUtc().Date).PlusWeeks(-1);
        _firms = [.. SyntheticFirms.Create(Firms, 30).Select(f => SyntheticFirms.ToAvailability(f, firstWeek))];
    }

    [Benchmark]
    public int EarliestStartForEveryFirm()
    {
        var need = new AvailabilityNeed(HoursPerWeek, HoursPerWeek * 4, LocalDate.MinIsoValue, "sd-wan");
        return _firms.Select(f => EarliestStart.Find(f, need, _now)).OfType<StartPlan>().OrderBy(p => p.StartsAt).Count();
    }
}
