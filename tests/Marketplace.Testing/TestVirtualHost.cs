using System.Net.Http.Headers;
using System.Text;

namespace Marketplace.Testing;

/// <summary>A RabbitMQ virtual host of one test's own, so exchanges and queues never cross tests; deleted when disposed.</summary>
public sealed class TestVirtualHost : IAsyncDisposable
{
    private static readonly HttpClient Http = new();
    private readonly Uri _management;

    private TestVirtualHost(Uri management, string name, Uri amqp)
    {
        _management = management;
        Name = name;
        ConnectionString = new UriBuilder(amqp) { Path = "/" + name }.Uri.ToString();
    }

    public string Name { get; }
    public string ConnectionString { get; }

    /// <summary>The same virtual host reached through another host and port (a fault-injecting proxy).</summary>
    public string Via(int port) => new UriBuilder(ConnectionString) { Host = "127.0.0.1", Port = port }.Uri.ToString();

    public static async Task<TestVirtualHost> CreateAsync()
    {
        var infra = await TestInfrastructure.GetAsync();
        var vhost = new TestVirtualHost(infra.RabbitMqManagement, $"t-{Guid.NewGuid():N}", infra.RabbitMq);
        await vhost.SendAsync(HttpMethod.Put, $"api/vhosts/{vhost.Name}", null);
        await vhost.SendAsync(HttpMethod.Put, $"api/permissions/{vhost.Name}/guest", """{"configure":".*","write":".*","read":".*"}""");
        return vhost;
    }

    public async ValueTask DisposeAsync() => await SendAsync(HttpMethod.Delete, $"api/vhosts/{Name}", null);

    private async Task SendAsync(HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, new Uri(_management, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }
}
