using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Testing;

/// <summary>
/// One service hosted in the test process with settings of the test's own (databases, virtual host).
/// <typeparamref name="TEntryPoint"/> is any public type of the service's assembly.
/// </summary>
public sealed class ServiceFactory<TEntryPoint>(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // UseSetting reaches the service before its Program reads configuration.
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Serves on a real loopback socket (for callers such as the gateway or a browser) and returns its address.</summary>
    public Uri StartOnLoopback(int port = 0)
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>
    /// A loopback port free right now, for a service whose address others must know before it starts. Chosen below
    /// Linux's ephemeral range (32768–60999): the services started meanwhile on port 0 are given ephemeral ports, so
    /// none of them can take this one before its service binds it (an ephemeral pick did, once: "address in use").
    /// </summary>
    public static int FreePort()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = attempt < 200 ? Random.Shared.Next(20_000, 32_768) : 0;
            try
            {
                using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            catch (System.Net.Sockets.SocketException) when (attempt < 200)
            {
                // taken: another
            }
        }
    }
}
