using System.Globalization;
using NodaTime;

namespace Marketplace.Matching.Benchmarks;

/// <summary>What one run of a market came to, counted as it goes.</summary>
public sealed class MarketReport
{
    private readonly List<double> _hoursToMatch = [];
    private readonly List<int> _waves = [];
    private int _posted, _feasible, _matched, _inTime, _offers, _expired, _holdFailures, _unmatched, _unmatchedHelped, _infeasible, _infeasibleHelped;
    private int _rushFeasible, _rushInTime, _outOfTime, _nobodyTakesWork;
    private double _ceiling;

    public int FeasibleCount => _feasible;
    public double InTimeShare => Share(_inTime, _feasible);
    /// <summary>The expected share no routing could beat: each shortlisted partner asked once, at its own chance of taking the work.</summary>
    public double CeilingShare => _feasible == 0 ? 0 : _ceiling / _feasible;
    public double MedianHours => Quantile(_hoursToMatch, 0.5);
    public double P90Hours => Quantile(_hoursToMatch, 0.9);
    public int MedianWaves => (int)Quantile(_waves.Select(w => (double)w).ToList(), 0.5);
    public int P90Waves => (int)Quantile(_waves.Select(w => (double)w).ToList(), 0.9);
    public int MaxWaves => _waves.Count == 0 ? 0 : _waves.Max();
    public double OffersPerReferral => (double)_offers / Math.Max(1, _feasible);
    public double UnmatchedShare => Share(_unmatched, _feasible);
    /// <summary>Of every referral that ended unmatched (waves used up, time run out, or nobody qualified at all).</summary>
    public double HelpRightShare => Share(_unmatchedHelped + _infeasibleHelped, _unmatched + _infeasible);
    public double GiniResponsiveTwins { get; private set; }
    public double GiniAllTwins { get; private set; }
    public string TwinOffers { get; private set; } = "";
    public double OffersPerSilentFirm { get; private set; }
    public double OffersPerAnsweringFirm { get; private set; }

    public void Infeasible(PlannedReferral planned, bool helpRight)
    {
        _posted++;
        _infeasible++;
        _infeasibleHelped += helpRight ? 1 : 0;
    }

    /// <param name="ceiling">The chance that any of its shortlisted partners would take it at all, however it is routed.</param>
    /// <param name="nobodyTakesWork">Every shortlisted partner is one that never answers or declines everything.</param>
    public void Feasible(PlannedReferral planned, double ceiling, bool nobodyTakesWork)
    {
        _posted++;
        _nobodyTakesWork += nobodyTakesWork ? 1 : 0;
        _ceiling += ceiling;
        _feasible++;
        _rushFeasible += planned.FridayRush ? 1 : 0;
    }

    public void Offered() => _offers++;

    public void Expired() => _expired++;

    public void HoldFailed() => _holdFailures++;

    public void Matched(PlannedReferral planned, int wave, Duration businessTime, bool inTime)
    {
        _matched++;
        _inTime += inTime ? 1 : 0;
        _rushInTime += inTime && planned.FridayRush ? 1 : 0;
        _hoursToMatch.Add(businessTime.TotalHours);
        _waves.Add(wave);
    }

    public void Unmatched(PlannedReferral planned, bool helpRight, bool outOfTime)
    {
        _unmatched++;
        _outOfTime += outOfTime ? 1 : 0;
        _unmatchedHelped += helpRight ? 1 : 0;
    }

    /// <summary>Offers per firm, at the end: how evenly they went among the equally qualified twins, and how many the silent ones still got.</summary>
    public void Finish(IEnumerable<(SimulatedFirm Firm, int Offers)> firms)
    {
        var all = firms.ToList();
        var twins = all.Where(f => f.Firm.Twin).ToList();
        // Equal and responsive: the twins that answer and accept as twins do (decline-everything twins keep their hours, so they are not equal).
        var responsive = twins.Where(f => f.Firm.Behaviour == Behaviour.Answers).Select(f => (double)f.Offers).ToArray();
        GiniResponsiveTwins = Gini(responsive);
        GiniAllTwins = Gini([.. twins.Select(f => (double)f.Offers)]);
        TwinOffers = responsive.Length == 0 ? "-" : $"{responsive.Min()}–{responsive.Max()}";
        OffersPerSilentFirm = all.Where(f => f.Firm.Behaviour == Behaviour.NeverAnswers).Select(f => (double)f.Offers).DefaultIfEmpty(0).Average();
        OffersPerAnsweringFirm = all.Where(f => f.Firm.Behaviour != Behaviour.NeverAnswers).Select(f => (double)f.Offers).DefaultIfEmpty(0).Average();
    }

    public IEnumerable<string> Details()
    {
        yield return $"  posted {_posted:N0}; some partner could take {_feasible:N0}; matched {_matched:N0}, {_inTime:N0} before their latest start = {Percent(InTimeShare)} (ceiling {Percent(CeilingShare)})";
        yield return $"  of the feasible, {_nobodyTakesWork:N0} ({Percent(Share(_nobodyTakesWork, _feasible))}) had only partners that never answer or decline everything on their shortlist";
        yield return $"  time to match (business hours, referrer's calendar): median {MedianHours:0.0}, 90th percentile {P90Hours:0.0}";
        yield return $"  waves to a match: median {MedianWaves}, 90th percentile {P90Waves}, max {MaxWaves}";
        yield return $"  offers {_offers:N0} = {OffersPerReferral:0.00} per feasible referral; {_expired:N0} expired unanswered; {_holdFailures:N0} accepts whose hold failed";
        yield return $"  unmatched {_unmatched:N0} ({Percent(UnmatchedShare)} of feasible: {_outOfTime:N0} ran out of time, {_unmatched - _outOfTime:N0} out of candidates), " +
            $"help right for {_unmatchedHelped:N0}; nobody qualified for {_infeasible:N0}, help right for {_infeasibleHelped:N0}";
        if (_rushFeasible > 0)
        {
            yield return $"  Friday-afternoon urgent/critical: {_rushFeasible:N0} feasible, {Percent(Share(_rushInTime, _rushFeasible))} before their latest start";
        }
        yield return $"  offers among responsive twins: {TwinOffers}, Gini {GiniResponsiveTwins:0.000} (all twins {GiniAllTwins:0.000}); " +
            $"offers per never-answering firm {OffersPerSilentFirm:0.0}, per answering firm {OffersPerAnsweringFirm:0.0}";
    }

    /// <summary>0 when everyone got the same number of offers, towards 1 when one got them all.</summary>
    public static double Gini(double[] values)
    {
        var sorted = values.Order().ToArray();
        var n = sorted.Length;
        var sum = sorted.Sum();
        if (n == 0 || sum == 0)
        {
            return 0;
        }
        var weighted = sorted.Select((v, i) => (i + 1) * v).Sum();
        return (2 * weighted) / (n * sum) - (n + 1.0) / n;
    }

    private static double Quantile(List<double> values, double q)
    {
        if (values.Count == 0)
        {
            return 0;
        }
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * q))];
    }

    private static double Share(int part, int whole) => whole == 0 ? 0 : (double)part / whole;

    public static string Percent(double share) => (100 * share).ToString("0.0", CultureInfo.InvariantCulture) + " %";
}
