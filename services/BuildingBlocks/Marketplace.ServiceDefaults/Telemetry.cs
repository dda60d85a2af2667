using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Marketplace.ServiceDefaults;

/// <summary>The marketplace's own activity source and meter names, shared by all services.</summary>
public static class Telemetry
{
    public const string ActivitySourceName = "Marketplace";
    public const string MeterName = "Marketplace";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);
}

/// <summary>
/// The marketplace's meter for this host, made by the host's <see cref="IMeterFactory"/>: two hosts in one process (tests)
/// keep their instruments apart, and the meter is disposed with its host.
/// </summary>
public sealed class MarketplaceMeter(IMeterFactory factory)
{
    public Meter Meter { get; } = factory.Create(Telemetry.MeterName);
}
