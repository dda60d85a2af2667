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
            r.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, options.RateLimits));
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

    /// <summary>
    /// Where people sign in, register, accept an invitation, verify an address or reset a password (each of which may send
    /// mail or test a secret): always limited per caller address, whatever token comes
    /// with the request, so a free account's token buys no extra guesses. The portal's forms end in these same calls,
    /// made with the person's address forwarded (the portal is a trusted proxy), so they are counted here once.
    /// </summary>
    private static bool IsSignIn(HttpRequest request) => HttpMethods.IsPost(request.Method) && (
        request.Path.StartsWithSegments("/connect/token") || request.Path.StartsWithSegments("/api/network/invitations")
        || request.Path.StartsWithSegments("/api/network/account")
        || (request.Path.StartsWithSegments("/api/network/firms", out var rest) && rest.Value is null or "" or "/")); // with or without the trailing slash

    /// <summary>Signed-in callers share a bucket per firm, anonymous ones per address; sign-ins per address always; health checks are never limited.</summary>
    private static RateLimitPartition<string> Partition(HttpContext context, RateLimits limits)
    {
        if (context.Request.Path.StartsWithSegments("/health"))
        {
            return RateLimitPartition.GetNoLimiter("health");
        }
        if (IsSignIn(context.Request))
        {
            return RateLimitPartition.GetTokenBucketLimiter($"sign-in:{context.Connection.RemoteIpAddress}", _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.SignInBurst, TokensPerPeriod = Math.Max(1, limits.SignInPerMinute), ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                QueueLimit = 0, AutoReplenishment = true,
            });
        }
        var firm = context.User.FindFirst(MarketplaceClaims.FirmId)?.Value;
        var (key, perSecond, burst) = firm is not null
            ? ($"firm:{firm}", limits.FirmPerSecond, limits.FirmBurst)
            : ($"ip:{context.Connection.RemoteIpAddress}", limits.AnonymousPerSecond, limits.AnonymousBurst);
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst, TokensPerPeriod = perSecond, ReplenishmentPeriod = TimeSpan.FromSeconds(1), QueueLimit = 0, AutoReplenishment = true,
        });
    }
}
