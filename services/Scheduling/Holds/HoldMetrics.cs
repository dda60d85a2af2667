using System.Diagnostics.Metrics;
using Marketplace.ServiceDefaults;

namespace Marketplace.Scheduling.Holds;

/// <summary>Holds by outcome (placed, refused, confirmed, released, expired), recorded after the change is committed.</summary>
public sealed class HoldMetrics(MarketplaceMeter meter)
{
    private readonly Counter<long> _holds = meter.Meter.CreateCounter<long>("marketplace.holds", description: "Holds by outcome");

    public void Record(string outcome, int count = 1) => _holds.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
}
