using Microsoft.Extensions.Logging;
using Marketplace.Messaging;
using Marketplace.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Marketplace.BuildingBlocks.Tests;

/// <summary>Small service hosts wired exactly as the services wire themselves, on a test's own database and virtual host.</summary>
internal static class Hosts
{
    public static async Task<IHost> StartServiceAsync(TestDatabase db, TestVirtualHost vhost, Action<IBusRegistrationConfigurator> consumers,
        Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:rabbitmq"] = vhost.ConnectionString;
        builder.Configuration["Messaging:EndpointPrefix"] = "test";
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration["Outbox:PollInterval"] = "00:00:00.050";
        builder.Services.AddDbContext<TestDbContext>(o => o.UseNpgsql(db.ConnectionString));
        builder.AddMessaging<TestDbContext>(consumers, typeof(SomethingHappened).Assembly);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }

    /// <summary>A bus that only listens: stands in for another service's consumers.</summary>
    public static async Task<IHost> StartListenerAsync(TestVirtualHost vhost, Received received)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(received);
        builder.Services.AddMassTransit(x =>
        {
            x.DisableUsageTelemetry();
            // One at a time, so arrival order is the order the broker holds.
            x.AddConsumer<Collector>(c => c.ConcurrentMessageLimit = 1);
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(new Uri(vhost.ConnectionString));
                cfg.PrefetchCount = 1;
                cfg.ConfigureEndpoints(context);
            });
        });
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }

    public static async Task CreateSchemaAsync(TestDatabase db)
    {
        await using var context = new TestDbContext(new DbContextOptionsBuilder<TestDbContext>().UseNpgsql(db.ConnectionString).Options);
        await context.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
    }

    public static TestDbContext Open(TestDatabase db) =>
        new(new DbContextOptionsBuilder<TestDbContext>().UseNpgsql(db.ConnectionString).Options);
}
