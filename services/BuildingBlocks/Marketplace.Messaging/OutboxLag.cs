using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Marketplace.ServiceDefaults;

namespace Marketplace.Messaging;

/// <summary>
/// How old the oldest unsent outbox row is, per outbox: the one number that says events are stuck (broker down,
/// dispatcher failing) before anyone downstream notices. One per host (DI), reported by its dispatchers.
/// </summary>
public sealed class OutboxLag
{
    private readonly ConcurrentDictionary<string, double> _seconds = new();

    public OutboxLag(MarketplaceMeter meter) =>
        meter.Meter.CreateObservableGauge("marketplace.outbox.lag",
            () => _seconds.Select(s => new Measurement<double>(s.Value, new KeyValuePair<string, object?>("outbox", s.Key))),
            unit: "s", description: "Age of the oldest unsent outbox row (0 when none)");

    public void Report(string outbox, TimeSpan age) => _seconds[outbox] = Math.Max(0, age.TotalSeconds);
}

/// <summary>Redelivered messages the inbox dropped, per consumer.</summary>
public sealed class InboxMetrics(MarketplaceMeter meter)
{
    private readonly Counter<long> _duplicates = meter.Meter.CreateCounter<long>("marketplace.inbox.duplicates", description: "Redelivered messages dropped by the inbox");

    public void Duplicate(string consumer) => _duplicates.Add(1, new KeyValuePair<string, object?>("consumer", consumer));
}
