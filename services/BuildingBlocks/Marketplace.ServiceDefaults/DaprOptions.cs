using Microsoft.Extensions.Configuration;

namespace Marketplace.ServiceDefaults;

/// <summary>
/// Whether calls between services go through Dapr's sidecar (section <c>Dapr</c>; on in Kubernetes). Read while services
/// are registered, since it decides which handlers a client gets.
/// </summary>
public sealed class DaprOptions
{
    public bool Enabled { get; init; }
    /// <summary>The sidecar's HTTP address when not the default (DAPR_HTTP_ENDPOINT / DAPR_HTTP_PORT).</summary>
    public string? HttpEndpoint { get; init; }

    public static DaprOptions From(IConfiguration config) => config.GetSection("Dapr").Get<DaprOptions>() ?? new DaprOptions();
}
