using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Marketplace.ServiceDefaults;

namespace Marketplace.Messaging;

/// <summary>
/// How old the oldest unsent outbox row is, per outbox: the one number that says events are stuck (broker down,
/// dispatcher failing) before anyone downstream notices.
/// </summary>
public static class OutboxLag
{
    private static readonly ConcurrentDictionary<string, double> Seconds = new();

    private static readonly ObservableGauge<double> Gauge = Telemetry.Meter.CreateObservableGauge("marketplace.outbox.lag",
        () => Seconds.Select(s => new Measurement<double>(s.Value, new KeyValuePair<string, object?>("outbox", s.Key))),
        unit: "s", description: "Age of the oldest unsent outbox row (0 when none)");

    public static void Report(string outbox, TimeSpan age)
    {
        _ = Gauge;
        Seconds[outbox] = Math.Max(0, age.TotalSeconds);
    }
}
