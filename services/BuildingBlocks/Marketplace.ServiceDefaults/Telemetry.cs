using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Marketplace.ServiceDefaults;

/// <summary>The marketplace's own activity source and meter, shared by all services.</summary>
public static class Telemetry
{
    public const string ActivitySourceName = "Marketplace";
    public const string MeterName = "Marketplace";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);
    public static readonly Meter Meter = new(MeterName);
}
