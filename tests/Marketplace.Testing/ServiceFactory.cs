using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Marketplace.Testing;

/// <summary>
/// One service hosted in the test process with settings of the test's own (databases, virtual host).
/// <typeparamref name="TMarker"/> is any public type of the service's assembly.
/// </summary>
public sealed class ServiceFactory<TMarker>(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<TMarker>
    where TMarker : class
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
}
