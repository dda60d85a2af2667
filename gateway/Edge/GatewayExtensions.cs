using System.Threading.RateLimiting;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Scalar.AspNetCore;

namespace Marketplace.Gateway.Edge;

public static class GatewayExtensions
{
    public static readonly string[] Services = ["catalog", "network", "scheduling", "matching", "notifications"];

    public static IHostApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Gateway").Get<EdgeOptions>() ?? new EdgeOptions();
        builder.Services.AddSingleton(options);
        builder.AddTrustedProxies("Gateway");
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            k.Limits.MaxRequestLineSize = Math.Max(k.Limits.MaxRequestLineSize, 4 * options.MaxUrlLength);
        });
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        builder.Services.AddCors(c => c.AddDefaultPolicy(p => p.WithOrigins([.. options.CorsOrigins]).AllowAnyHeader().AllowAnyMethod()
            .WithExposedHeaders(CorrelationIdMiddleware.Header, "Retry-After", "Location")));
        builder.Services.AddRateLimiter(r =>
        {
            r.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, RateLimitBuckets.Bucket>(new RateLimitBuckets(options.RateLimits).Partition);
            r.OnRejected = TooManyRequests.WriteAsync;
        });
        builder.Services.AddHttpClient(DownstreamHealthCheck.Client, c => c.Timeout = TimeSpan.FromSeconds(3));
        var health = builder.Services.AddHealthChecks();
        foreach (var service in Services)
        {
            health.Add(new HealthCheckRegistration($"{service}-ready", sp => ActivatorUtilities.CreateInstance<DownstreamHealthCheck>(sp, service),
                HealthStatus.Unhealthy, [Marketplace.ServiceDefaults.Extensions.ReadyTag]));
        }
        return builder;
    }

    /// <summary>Before authentication: CORS preflights are answered without a token, oversized bodies refused unread.</summary>
    public static WebApplication UseGatewayEdge(this WebApplication app)
    {
        app.UseForwardedHeaders(); // first: limits and logs see the caller's address, as far as a trusted proxy vouches for it
        app.UseCors();
        app.UseMiddleware<BodySizeLimit>();
        return app;
    }

    /// <summary>After authentication, so a signed-in caller's requests count against its firm's bucket.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseRateLimiter();
        // A pipeline of our own replaces YARP's default one, so its steps are named again: affinity, the cluster's load
        // balancing policy across a service's replicas, passive health (a replica that keeps failing is left out a while).
        app.MapReverseProxy(proxy =>
        {
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
            proxy.Use(ServiceUnavailable.WhenForwardingFailsAsync);
        });
        // One interactive page for every service's OpenAPI document, fetched through the routes above.
        app.MapScalarApiReference("/docs", o =>
        {
            o.WithTitle("Marketplace API");
            foreach (var service in Services)
            {
                o.AddDocument(service, $"Marketplace {service}", $"/openapi/{service}.json");
            }
        });
        return app;
    }
}
