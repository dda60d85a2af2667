using Marketplace.Matching.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shouldly;

namespace Marketplace.Matching.Tests;

/// <summary>Matching itself wires the guarded webhook client (the other webhook tests add it to their host, so they cannot tell).</summary>
public sealed class WebhookWiringTests
{
    [Fact]
    public void Matching_registers_the_webhook_guard_and_its_options()
    {
        // Registration only: nothing is built or started, so the connection strings are never used.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:matching"] = "Host=127.0.0.1;Database=unused",
            ["ConnectionStrings:rabbitmq"] = "amqp://127.0.0.1:1/",
            ["Services:scheduling"] = "http://127.0.0.1:1",
            ["Services:catalog"] = "http://127.0.0.1:1",
        });
        builder.AddMatching();
        builder.Services.ShouldContain(d => d.ServiceType == typeof(WebhookTargetGuard), "MatchingExtensions.AddMatching must call services.AddWebhooks()");
        builder.Services.ShouldContain(d => d.ServiceType == typeof(IWebhookHostResolver));
    }
}
