using Dapr.Client;
using Marketplace.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Refit;

namespace Marketplace.Http;

public static class ServiceClientExtensions
{
    /// <summary>
    /// A Refit client for another service, behind the standard resilience pipeline (timeout, retry with
    /// jitter, circuit breaker). With <c>Dapr:Enabled=true</c> calls go through the Dapr sidecar's service
    /// invocation to app id <paramref name="service"/>; otherwise to the URL in <c>Services:{service}</c>.
    /// </summary>
    public static IHttpClientBuilder AddServiceClient<TClient>(this IHostApplicationBuilder builder, string service)
        where TClient : class
    {
        var config = builder.Configuration;
        var dapr = DaprOptions.From(config).Enabled;
        // One serializer (and so one JSON metadata cache) for every instance of this client: without settings of its
        // own, each typed client instance came with fresh options, and each answer rebuilt its types' metadata (a
        // profile of Matching under load: ~4 % of its CPU, with reflection over attributes on every response).
        var settings = new RefitSettings(new SystemTextJsonContentSerializer(SystemTextJsonContentSerializer.GetDefaultJsonSerializerOptions()));
        var client = builder.Services
            .AddRefitGeneratedClient<TClient>(settings)
            .ConfigureHttpClient(c => c.BaseAddress = dapr
                ? new Uri($"http://{service}")
                : new Uri(config[$"Services:{service}"] ?? throw new InvalidOperationException($"Services:{service} is not configured.")));
        if (dapr)
        {
            // Rewrites http://{app-id}/path to the sidecar's /v1.0/invoke/{app-id}/method/path.
            // The sidecar's address and API token default to DAPR_HTTP_ENDPOINT/DAPR_HTTP_PORT and DAPR_API_TOKEN.
            var endpoint = DaprOptions.From(config).HttpEndpoint;
            client.AddHttpMessageHandler(() => endpoint is null ? new InvocationHandler() : new InvocationHandler { DaprEndpoint = endpoint });
        }
        if (config["Auth:Machine:ClientId"] is not null)
        {
            builder.Services.AddOptions<MachineClientOptions>().BindConfiguration("Auth:Machine")
                .Configure(o => o.TokenEndpoint ??= config["Services:network"] is { } network ? new Uri(network) : null)
                .Validate(o => o.TokenEndpoint is not null && (o.ClientSecret ?? o.ClientSecretFile) is not null,
                    "Auth:Machine needs Services:network and a ClientSecret or ClientSecretFile.")
                .ValidateOnStart();
            builder.Services.AddHttpClient(MachineTokenCache.TokenClient);
            builder.Services.TryAddSingleton<MachineTokenCache>();
            builder.Services.AddTransient<MachineTokenHandler>();
            builder.Services.TryAddSingleton(TimeProvider.System);
            client.AddHttpMessageHandler<MachineTokenHandler>();
        }
        // Defaults unless "Resilience" is configured (tests shorten the retries to keep a down dependency quick).
        var resilience = config.GetSection("Resilience");
        if (resilience.Exists())
        {
            client.AddStandardResilienceHandler(resilience);
        }
        else
        {
            client.AddStandardResilienceHandler();
        }
        return client;
    }
}
