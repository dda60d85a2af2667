using System.Reflection;
using Marketplace.ServiceDefaults;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// The service's PostgreSQL database (connection string <paramref name="name"/>), with NodaTime,
    /// a readiness check and the outbox signal. Migrations (and the optional seed) run at start,
    /// before the bus: call this before <see cref="AddMessaging{TDbContext}"/>.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TDbContext>(this IHostApplicationBuilder builder, string name,
        Func<TDbContext, CancellationToken, Task>? seed = null)
        where TDbContext : DbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(name)
            ?? throw new InvalidOperationException($"Connection string '{name}' is missing.");
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<OutboxSignal>();
        builder.Services.AddDbContext<TDbContext>((sp, o) => o
            .UseNpgsql(connectionString, npgsql => npgsql.UseNodaTime())
            .AddInterceptors(new OutboxSignalInterceptor(sp.GetRequiredService<OutboxSignal>())));
        builder.Services.AddHealthChecks().AddDbContextCheck<TDbContext>("database", tags: [Extensions.ReadyTag]);
        builder.Services.AddHostedService(sp => new DatabaseMigrator<TDbContext>(sp.GetRequiredService<IServiceScopeFactory>(), seed));
        return builder;
    }

    /// <summary>
    /// MassTransit on RabbitMQ (connection string "rabbitmq"): the consumers and their definitions found
    /// beside <typeparamref name="TDbContext"/> (or those <paramref name="consumers"/> adds), kebab-case queues
    /// prefixed with the service name, the outbox dispatcher and the outbox/inbox cleanup.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging<TDbContext>(this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator>? consumers = null, params Assembly[] messageAssemblies)
        where TDbContext : DbContext
    {
        var rabbit = new Uri(builder.Configuration.GetConnectionString("rabbitmq")
            ?? throw new InvalidOperationException("Connection string 'rabbitmq' is missing."));
        var prefix = builder.Configuration["Messaging:EndpointPrefix"] ?? ServiceName(builder.Environment.ApplicationName);

        builder.Services.AddMassTransit(x =>
        {
            x.DisableUsageTelemetry();
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(prefix, false));
            if (consumers is null)
            {
                x.AddConsumers(typeof(TDbContext).Assembly);
            }
            else
            {
                consumers(x);
            }
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(rabbit);
                cfg.ConfigureEndpoints(context);
            });
            x.ConfigureHealthCheckOptions(o =>
            {
                o.Name = "rabbitmq";
                o.Tags.Add(Extensions.ReadyTag);
            });
        });
        // Consumers' queues and bindings must exist before anything is published, or the broker drops it.
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(15);
        });

        builder.Services.AddOptions<OutboxOptions>().BindConfiguration("Outbox")
            .Validate(o => o.ClaimLease > o.PublishTimeout * 2, "Outbox:ClaimLease must be more than twice Outbox:PublishTimeout.").ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<OutboxSignal>();
        builder.Services.AddSingleton(new MessageTypes(messageAssemblies));
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<MarketplaceMeter>();
        builder.Services.TryAddSingleton<OutboxLag>();
        builder.Services.TryAddSingleton<InboxMetrics>();
        builder.Services.AddHostedService<OutboxDispatcher<TDbContext>>();
        builder.Services.AddHostedService<MessagingJanitor<TDbContext>>();
        return builder;
    }

    /// <summary>Connects to the broker named by an amqp:// URI (user, password, host, port, virtual host), with publisher confirms.</summary>
    public static void Host(this IRabbitMqBusFactoryConfigurator cfg, Uri rabbit)
    {
        var path = Uri.UnescapeDataString(rabbit.AbsolutePath.TrimStart('/'));
        cfg.Host(rabbit.Host, (ushort)(rabbit.IsDefaultPort ? 5672 : rabbit.Port), path.Length == 0 ? "/" : path, h =>
        {
            var user = Uri.UnescapeDataString(rabbit.UserInfo).Split(':', 2);
            h.Username(user.ElementAtOrDefault(0) is { Length: > 0 } u ? u : "guest");
            h.Password(user.ElementAtOrDefault(1) ?? "guest");
            h.PublisherConfirmation = true;
        });
    }

    // "Marketplace.Matching" -> "matching"
    private static string ServiceName(string applicationName) =>
        applicationName.Split('.').Last().ToLowerInvariant();
}
