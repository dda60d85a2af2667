using System.Globalization;

namespace Marketplace.Matching.Benchmarks;

/// <summary>The ceiling run's Markdown table: one row per rate, to paste into docs/benchmarks.md.</summary>
public static class CeilingReport
{
    /// <summary>Latency and throughput columns, then one CPU column per process group and their total.</summary>
    public static string Header(IReadOnlyList<string> processes)
    {
        string[] columns =
        [
            "target /s", "posts /s", "with offers", "POST p50 / p95 / p99 ms", "post → OfferMade p50 / p95 / p99 ms", "accepts /s", "accept p50 / p95 ms",
            "outbox lag max s (unsent at end)", "errors", "sent late p99 ms", "window s",
            .. processes.Select(p => $"CPU {p} s (%)"), $"CPU total s (% of {Environment.ProcessorCount} cores)",
        ];
        return $"| {string.Join(" | ", columns)} |{Environment.NewLine}| {string.Join(" | ", columns.Select((_, i) => i == 8 ? "---" : "---:"))} |";
    }

    public static string Row(RateRun run, OutboxFigures outbox, long unsent, double[] cpuSeconds, double window)
    {
        var posts = run.PostMs;
        var accepts = run.AcceptMs;
        string[] cells =
        [
            F(run.Target), F(run.PostsPerSecond, "0.0"), Share(outbox.OfferMadeMs.Length, posts.Length), Percentiles(posts, 0.5, 0.95, 0.99), Percentiles(outbox.OfferMadeMs, 0.5, 0.95, 0.99),
            F(run.AcceptsPerSecond, "0.0"), Percentiles(accepts, 0.5, 0.95), $"{F(outbox.MaxLagSeconds, "0.00")} ({F(unsent)})", Errors(run), Percentiles(run.LateMs, 0.99), F(window, "0.0"),
            .. cpuSeconds.Select(s => Cpu(s, window)), Cpu(cpuSeconds.Sum(), window),
        ];
        return $"| {string.Join(" | ", cells)} |";
    }

    /// <summary>The CPU columns alone, over a window with no load.</summary>
    public static string IdleRow(double[] cpuSeconds, double window) =>
        $"| idle | {string.Join(" | ", Enumerable.Repeat("", 9))} | {F(window, "0.0")} | {string.Join(" | ", cpuSeconds.Select(s => Cpu(s, window)))} | {Cpu(cpuSeconds.Sum(), window)} |";

    /// <summary>The share of the rate's referrals that had offers made: below 100 % the market ran short, and posts got cheaper.</summary>
    private static string Share(int offered, int posted) => posted == 0 ? "–" : (100.0 * offered / posted).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    /// <summary>Why the rate saturated the platform, or null: the next rate would only pile up more.</summary>
    public static string? Saturated(RateRun run)
    {
        var p95 = P(run.PostMs, 0.95);
        return run.PostsPerSecond < 0.8 * run.Target ? $"{run.PostsPerSecond:0.0} posts/s achieved, under 80 % of {run.Target}/s"
            : p95 > 2000 ? $"POST p95 {p95:0} ms, over 2 s"
            : run.PostErrorShare > 0.05 ? $"{run.PostErrorShare:P1} of POSTs failed"
            : null;
    }

    /// <summary>Non-2xx answers by request and status ("accept 409 ×3"), and requests never answered ("POST timeout ×1").</summary>
    private static string Errors(RateRun run) => run.Errors.Count == 0
        ? "0"
        : string.Join(", ", run.Errors.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} ×{e.Value}"));

    /// <summary>CPU seconds and their share of all the machine's cores over the window.</summary>
    private static string Cpu(double seconds, double window) =>
        $"{F(seconds, "0.0")} ({F(100 * seconds / (window * Environment.ProcessorCount), "0")} %)";

    private static string Percentiles(double[] sorted, params double[] ps) =>
        sorted.Length == 0 ? "–" : string.Join(" / ", ps.Select(p => F(P(sorted, p), P(sorted, p) < 100 ? "0.0" : "0")));

    /// <summary>The p-quantile of sorted figures (NaN when there are none); the load harnesses' one way of reading them.</summary>
    public static double P(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static string F(double value, string format = "0") => value.ToString(format, CultureInfo.InvariantCulture);
}
