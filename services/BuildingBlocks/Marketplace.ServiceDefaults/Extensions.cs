using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

namespace Marketplace.ServiceDefaults;

/// <summary>Tracing settings (section <c>Telemetry</c>), read while the pipeline is built.</summary>
public sealed class TelemetryOptions
{
    /// <summary>The share of traces kept (head sampling); 1 keeps every trace.</summary>
    public double TraceSampleRatio { get; init; } = 1.0;
}

/// <summary>Cross-cutting setup shared by every service and the gateway.</summary>
public static class Extensions
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.ConfigureOpenTelemetry();
        builder.AddMarketplaceAuthentication();

        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<MarketplaceMeter>();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
            ctx.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? ctx.HttpContext.TraceIdentifier);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        // Binding failures throw, so the client learns which parameter was wrong; they are not logged as errors.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<ExceptionHandlerOptions>(o =>
            o.SuppressDiagnosticsCallback = ctx => ctx.Exception is BadHttpRequestException);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddOpenApi();
        return builder;
    }

    /// <summary>
    /// ASP.NET Core's and HttpClient's own meters that say something about a service: requests (duration, status,
    /// route), connections, unhandled exceptions, rate-limit rejections, outgoing calls. The instrumentation packages
    /// listened to all of them, routing, authentication, authorization and the memory pool included.
    /// </summary>
    private static readonly string[] FrameworkMeters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting", "System.Net.Http", "System.Net.NameResolution",
    ];

    /// <summary>
    /// Instruments of those meters recorded on every request that no chart or alert reads (docs/operations.md): an
    /// instrument nobody listens to costs nothing, one listened to is aggregated on every request (issue 16's profile).
    /// </summary>
    private static readonly string[] UnchartedPerRequestInstruments =
    [
        "http.server.active_requests", "http.client.active_requests", "http.client.request.time_in_queue",
        "aspnetcore.rate_limiting.active_request_leases", "aspnetcore.rate_limiting.request_lease.duration",
        "aspnetcore.rate_limiting.queued_requests", "aspnetcore.rate_limiting.request.time_in_queue",
    ];

    private static MeterProviderBuilder DropInstruments(this MeterProviderBuilder metrics, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            metrics.AddView(name, MetricStreamConfiguration.Drop);
        }
        return metrics;
    }

    public static IHostApplicationBuilder ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = true;
            o.AddProcessor(new CorrelationIdLogProcessor());
        });

        // Head sampling: every trace unless Telemetry:TraceSampleRatio keeps a share; services follow the caller's decision.
        var ratio = builder.Configuration.GetSection("Telemetry").Get<TelemetryOptions>()?.TraceSampleRatio ?? 1.0;
        // ASP.NET Core and HttpClient emit their own spans with the semantic conventions' tags (ASP.NET Core 10 once
        // this switch is off; ServerSpanMiddleware adds the route, status and name): listening to their sources is
        // much cheaper per request than the tracing instrumentation's diagnostic hooks (docs/benchmarks.md).
        AppContext.SetSwitch("Microsoft.AspNetCore.Hosting.SuppressActivityOpenTelemetryData", false);
        builder.Services.AddOpenTelemetry()
            .WithMetrics(m => m
                .SetExemplarFilter(ExemplarFilterType.AlwaysOff) // Prometheus' text format carries none: not worth collecting per request
                .AddMeter(FrameworkMeters)
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit", "Npgsql", Telemetry.MeterName)
                .AddPrometheusExporter()
                .DropInstruments(UnchartedPerRequestInstruments))
            .WithTracing(t => t
                .SetSampler(new ParentBasedSampler(ratio >= 1 ? new AlwaysOnSampler() : new TraceIdRatioBasedSampler(Math.Max(0, ratio))))
                .AddSource(builder.Environment.ApplicationName, "MassTransit", Telemetry.ActivitySourceName, "Microsoft.AspNetCore", "System.Net.Http")
                .AddNpgsql()
                .AddProcessor(new SecretPathRedactor()));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Problem details for every error, health endpoints and the OpenAPI document.</summary>
    /// <param name="docs">false where the app serves its own /docs (the gateway's covers every service).</param>
    /// <param name="metricsForOperators">
    /// true where the app faces the internet itself (the gateway): its /metrics then needs the platform operator's
    /// token (Prometheus can fetch one with its oauth2 client-credentials setting) instead of being public.
    /// </param>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, bool docs = true, bool metricsForOperators = false)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = r => r.Tags.Contains(ReadyTag) || r.Tags.Contains(LiveTag) });
        app.MapOpenApi();
        if (docs)
        {
            app.MapScalarApiReference("/docs");
        }
        // Scraped from inside the cluster, straight at the pod: anything that came through a proxy is turned away.
        var metrics = app.MapPrometheusScrapingEndpoint("/metrics").AddEndpointFilter(async (context, next) =>
            context.HttpContext.Request.Headers.ContainsKey("X-Forwarded-For") || context.HttpContext.Request.Headers.ContainsKey("Forwarded")
                ? Results.NotFound() : await next(context));
        if (metricsForOperators)
        {
            metrics.RequireAuthorization(p => p.RequireRole(Roles.Admin));
        }
        return app;
    }

    /// <summary>
    /// The shared middleware, first in every pipeline: exceptions and empty error responses become RFC 9457
    /// problem details, then authentication and authorization run inside that (so a 401/403 has a body too).
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseMiddleware<ServerSpanMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
