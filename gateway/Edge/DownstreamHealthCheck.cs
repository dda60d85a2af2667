using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy.Configuration;

namespace Marketplace.Gateway.Edge;

/// <summary>The gateway is ready when the services behind it are: each cluster's first destination answers /health/ready.</summary>
public sealed class DownstreamHealthCheck(string service, IProxyConfigProvider proxy, IHttpClientFactory clients) : IHealthCheck
{
    public const string Client = "downstream-health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var cluster = proxy.GetConfig().Clusters.FirstOrDefault(c => c.ClusterId == service);
        if (cluster?.Destinations?.Values.FirstOrDefault()?.Address is not { } address)
        {
            return HealthCheckResult.Unhealthy($"{service} has no destination configured");
        }
        try
        {
            using var http = clients.CreateClient(Client);
            using var response = await http.GetAsync(new Uri(new Uri(address), "health/ready"), cancellationToken);
            return response.IsSuccessStatusCode ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"{service} answered {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{service} did not answer", ex);
        }
    }
}
