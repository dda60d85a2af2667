using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Marketplace.Matching.Data;
using Marketplace.Matching.Webhooks;
using Marketplace.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace Marketplace.Matching.Tests;

/// <summary>
/// Matching for webhook tests, on a database and virtual host of its own, with its webhook wiring and, when a test
/// gives one, a fake resolver in place of DNS (so a public-looking name can answer 127.0.0.1 and nothing real is asked).
/// </summary>
public sealed class WebhookHost : IAsyncDisposable
{
    private ServiceFactory<MatchingDbContext> _factory = null!;
    private TestVirtualHost _vhost = null!;

    public TestDatabase Db { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public IServiceProvider Services { get; private set; } = null!;
    public BusTraffic Traffic => Services.GetRequiredService<BusTraffic>();

    public static async Task<WebhookHost> StartAsync(IReadOnlyDictionary<string, string?> extra, IWebhookHostResolver? resolver = null)
    {
        var db = await TestDatabase.CreateAsync("matching");
        var vhost = await TestVirtualHost.CreateAsync();
        var settings = ServiceSettings.For("matching", db, vhost.ConnectionString);
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }
        var factory = new ServiceFactory<MatchingDbContext>(settings);
        var configured = factory.WithWebHostBuilder(web => web.ConfigureTestServices(services =>
        {
            // Idempotent: a no-op where Matching's own wiring already calls it.
            services.AddWebhooks();
            services.AddBusTraffic();
            if (resolver is not null)
            {
                services.Replace(ServiceDescriptor.Singleton(resolver));
            }
        }));
        return new WebhookHost { Db = db, _vhost = vhost, _factory = factory, Client = configured.CreateClient(), Services = configured.Services };
    }

    /// <summary>A dispatcher on a clock of the test's own, using the host's guarded client.</summary>
    public WebhookDispatcher DispatcherAt(DateTimeOffset now) => new(Services.GetRequiredService<IServiceScopeFactory>(),
        Services.GetRequiredService<IHttpClientFactory>(), new FakeTimeProvider(now), Services.GetRequiredService<IOptions<WebhookOptions>>(),
        NullLogger<WebhookDispatcher>.Instance);

    /// <summary>Queues one delivery for the subscription, due at <paramref name="now"/> (what the event consumers do, without the bus).</summary>
    public async Task QueueDeliveryAsync(Guid subscriptionId, DateTimeOffset now)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MatchingDbContext>();
        var at = Instant.FromDateTimeOffset(now);
        db.WebhookDeliveries.Add(new WebhookDelivery
        {
            Id = Guid.CreateVersion7(), SubscriptionId = subscriptionId, EventId = Guid.NewGuid(), EventType = "OfferMade",
            Payload = """{"type":"OfferMade","data":{}}""", CreatedAt = at, NextAttemptAt = at,
        });
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        await _vhost.DisposeAsync();
        await Db.DisposeAsync();
    }
}

/// <summary>DNS as a test wants it: each name answers what the test said, and can answer differently later (rebinding).</summary>
public sealed class FakeWebhookResolver : IWebhookHostResolver
{
    private readonly ConcurrentDictionary<string, IPAddress[]> _answers = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<string> Asked { get; } = new();

    public FakeWebhookResolver Answer(string host, params string[] addresses)
    {
        _answers[host] = [.. addresses.Select(IPAddress.Parse)];
        return this;
    }

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        Asked.Enqueue(host);
        return _answers.TryGetValue(host, out var addresses) ? Task.FromResult(addresses) : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
    }
}

/// <summary>A receiver on a loopback port that answers as the test says and counts what it got.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private WebhookReceiver(WebApplication app) => _app = app;

    public int Requests => Volatile.Read(ref _requests);
    public string Url => _app.Urls.First();
    public int Port => new Uri(Url).Port;

    public static async Task<WebhookReceiver> StartAsync(Func<HttpRequest, IResult> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(async context =>
        {
            Interlocked.Increment(ref receiver._requests);
            await answer(context.Request).ExecuteAsync(context);
        });
        await app.StartAsync();
        return receiver;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
