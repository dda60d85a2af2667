namespace Marketplace.Testing;

/// <summary>One service on a database and virtual host of its own, with a client; all disposed together.</summary>
public sealed class ServiceUnderTest<TEntryPoint> : IAsyncDisposable where TEntryPoint : class
{
    private ServiceFactory<TEntryPoint> _factory = null!;
    private TestVirtualHost _vhost = null!;

    public TestDatabase Db { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public IServiceProvider Services => _factory.Services;

    public static async Task<ServiceUnderTest<TEntryPoint>> StartAsync(string service, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var db = await TestDatabase.CreateAsync(service);
        var vhost = await TestVirtualHost.CreateAsync();
        var settings = ServiceSettings.For(service, db, vhost.ConnectionString);
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var factory = new ServiceFactory<TEntryPoint>(settings);
        return new ServiceUnderTest<TEntryPoint> { Db = db, _vhost = vhost, _factory = factory, Client = factory.CreateClient() };
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        await _vhost.DisposeAsync();
        await Db.DisposeAsync();
    }
}
