using Marketplace.Messaging;
using Marketplace.Network.Account;
using Marketplace.Network.Data;
using Marketplace.Network.Directory;
using Marketplace.Network.Firms;
using Marketplace.Network.Members;
using Marketplace.Network.Partnerships;
using Marketplace.Network.Ratings;
using Marketplace.Network.SignIn;

namespace Marketplace.Network;

public static class NetworkExtensions
{
    public static IHostApplicationBuilder AddNetwork(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<NetworkDbContext>("network");
        builder.AddMessaging<NetworkDbContext>();
        builder.AddSignIn();
        builder.Services.AddAccounts();
        return builder;
    }

    public static WebApplication MapNetworkApi(this WebApplication app)
    {
        app.MapTokenEndpoint();
        app.MapFirmsApi();
        app.MapHolidayCalendarsApi();
        app.MapMeApi();
        app.MapAccountApi();
        app.MapMembersApi();
        app.MapPartnershipsApi();
        app.MapDirectoryApi();
        app.MapRatingsApi();
        return app;
    }
}
