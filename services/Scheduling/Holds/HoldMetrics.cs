using System.Diagnostics.Metrics;
using Marketplace.ServiceDefaults;

namespace Marketplace.Scheduling.Holds;

/// <summary>Holds by outcome (placed, refused, confirmed, released, expired), recorded after the change is committed.</summary>
public static class HoldMetrics
{
    private static readonly Counter<long> Holds = Telemetry.Meter.CreateCounter<long>("marketplace.holds", description: "Holds by outcome");

    public static void Record(string outcome, int count = 1) => Holds.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
}
