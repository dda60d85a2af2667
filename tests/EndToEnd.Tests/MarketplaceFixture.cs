extern alias gateway;
extern alias portal;
using Marketplace.Catalog.Data;
using Marketplace.Matching.Data;
using Marketplace.Network.Data;
using Marketplace.Scheduling.Data;
using Marketplace.Testing;

namespace Marketplace.EndToEnd.Tests;

/// <summary>
/// The whole system in one process: every service on a loopback socket with its own database,
/// one RabbitMQ virtual host between them, and the gateway in front.
/// </summary>
public sealed class MarketplaceFixture : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _owned = [];

    public HttpClient Gateway { get; private set; } = null!;
    public Dictionary<string, TestDatabase> Databases { get; } = [];

    /// <summary>A firm registered through the gateway, and its owner's access token.</summary>
    public async Task<(Guid FirmId, string Token)> NewFirmAsync(string name = "Acme Security", string timeZone = "America/New_York")
    {
        var firm = await Accounts.RegisterFirmAsync(Gateway, name, timeZone);
        return (firm.FirmId, await Accounts.SignInAsync(Gateway, firm.Email));
    }

    public async Task<HttpResponseMessage> GetAsync(string url, string token) =>
        await Gateway.SendAsync(Accounts.Authorized(HttpMethod.Get, url, token));

    private const string MatchingSecret = "a-test-secret-for-matchings-machine-client";

    public async ValueTask InitializeAsync()
    {
        var vhost = await TestVirtualHost.CreateAsync();
        _owned.Add(vhost);
        var catalog = await StartAsync<CatalogDbContext>("catalog", vhost);
        var network = await StartAsync<NetworkDbContext>("network", vhost,
            ("Auth:Clients:0:ClientId", "matching"), ("Auth:Clients:0:ClientSecret", MatchingSecret), ("Auth:Clients:0:FirmId", Guid.Empty.ToString()));
        var scheduling = await StartAsync<SchedulingDbContext>("scheduling", vhost, ("Services:catalog", catalog.ToString()));
        var matching = await StartAsync<MatchingDbContext>("matching", vhost, ("Services:scheduling", scheduling.ToString()),
            ("Services:catalog", catalog.ToString()), ("Services:network", network.ToString()),
            ("Auth:Machine:ClientId", "matching"), ("Auth:Machine:ClientSecret", MatchingSecret));
        var portalFactory = new ServiceFactory<portal::Program>(new Dictionary<string, string?> { ["Auth:SigningKey"] = TestKeys.SigningKeyPem });
        _owned.Insert(0, portalFactory);
        var portalUrl = portalFactory.StartOnLoopback();

        var gatewayFactory = new ServiceFactory<gateway::Program>(new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = TestKeys.SigningKeyPem,
            ["ReverseProxy:Clusters:catalog:Destinations:d1:Address"] = catalog.ToString(),
            ["ReverseProxy:Clusters:network:Destinations:d1:Address"] = network.ToString(),
            ["ReverseProxy:Clusters:scheduling:Destinations:d1:Address"] = scheduling.ToString(),
            ["ReverseProxy:Clusters:matching:Destinations:d1:Address"] = matching.ToString(),
            ["ReverseProxy:Clusters:portal:Destinations:d1:Address"] = portalUrl.ToString(),
        });
        _owned.Insert(0, gatewayFactory);
        Gateway = gatewayFactory.CreateClient();
    }

    private async Task<Uri> StartAsync<TDbContext>(string service, TestVirtualHost vhost, params (string Key, string? Value)[] extra)
        where TDbContext : class
    {
        var db = await TestDatabase.CreateAsync(service);
        _owned.Add(db);
        Databases[service] = db;
        var settings = ServiceSettings.For(service, db, vhost.ConnectionString);
        foreach (var (key, value) in extra)
        {
            settings[key] = value ?? "http://127.0.0.1:9"; // not called in these tests
        }
        var factory = new ServiceFactory<TDbContext>(settings);
        _owned.Insert(0, factory); // services stop before their databases are dropped
        return factory.StartOnLoopback();
    }

    public async ValueTask DisposeAsync()
    {
        Gateway.Dispose();
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
    }
}
