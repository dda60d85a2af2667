namespace Marketplace.Testing;

/// <summary>One service on a database and virtual host of its own, with a client; all disposed together.</summary>
public sealed class ServiceUnderTest<TEntryPoint> : IAsyncDisposable where TEntryPoint : class
{
    private ServiceFactory<TEntryPoint> _factory = null!;
    private TestVirtualHost _vhost = null!;

    public TestDatabase Db { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public static async Task<ServiceUnderTest<TEntryPoint>> StartAsync(string service)
    {
        var db = await TestDatabase.CreateAsync(service);
        var vhost = await TestVirtualHost.CreateAsync();
        var factory = new ServiceFactory<TEntryPoint>(ServiceSettings.For(service, db, vhost.ConnectionString));
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
