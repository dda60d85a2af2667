using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Marketplace.Matching.Webhooks;

/// <summary>Webhook settings, bound from the "Matching" section (the keys predate this class, hence their prefix).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Matching";

    /// <summary>Accept http:// receivers as well as https://. Tests and local runs only.</summary>
    public bool WebhooksAllowHttp { get; set; }

    /// <summary>
    /// Accept loopback receivers (127.0.0.0/8, ::1) at registration and delivery. Tests only: their receiver listens on
    /// 127.0.0.1. Private, link-local and metadata addresses stay refused either way.
    /// </summary>
    public bool WebhooksAllowLoopback { get; set; }

    /// <summary>How often the dispatcher looks for due deliveries.</summary>
    public TimeSpan WebhookInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one delivery may take; the delivery log retries later on its own schedule.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

public static class WebhooksExtensions
{
    /// <summary>
    /// Webhook settings, the address guard and its resolver, the guarded delivery client and the dispatcher.
    /// Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section)
            .Validate(o => o.WebhookInterval > TimeSpan.Zero, "Matching:WebhookInterval must be positive.")
            .Validate(o => o.WebhookTimeout > TimeSpan.Zero && o.WebhookTimeout <= TimeSpan.FromMinutes(1), "Matching:WebhookTimeout must be between 0 and 1 minute.")
            .ValidateOnStart();
        services.TryAddSingleton<IWebhookHostResolver, DnsWebhookHostResolver>();
        services.TryAddSingleton<WebhookTargetGuard>();
        // Retries belong to the delivery log (back-off over hours), so the client has a timeout and the guard, nothing else.
        services.AddHttpClient(WebhookDispatcher.Client, (sp, c) => c.Timeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.WebhookTimeout)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<WebhookTargetGuard>().CreateHandler());
        services.AddHostedService<WebhookDispatcher>();
        return services;
    }
}
