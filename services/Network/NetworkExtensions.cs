using Marketplace.Messaging;
using Marketplace.Network.Data;
using Marketplace.Network.Firms;

namespace Marketplace.Network;

public static class NetworkExtensions
{
    public static IHostApplicationBuilder AddNetwork(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<NetworkDbContext>("network");
        builder.AddMessaging<NetworkDbContext>();
        return builder;
    }

    public static WebApplication MapNetworkApi(this WebApplication app)
    {
        app.MapFirmsApi();
        return app;
    }
}
