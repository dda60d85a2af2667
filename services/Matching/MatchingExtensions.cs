using Marketplace.Http;
using Marketplace.Matching.Data;
using Marketplace.Matching.Partners;
using Marketplace.Messaging;

namespace Marketplace.Matching;

public static class MatchingExtensions
{
    public static IHostApplicationBuilder AddMatching(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<MatchingDbContext>("matching");
        builder.AddMessaging<MatchingDbContext>();
        // Fresh earliest starts and holds are asked of Scheduling directly.
        builder.AddServiceClient<ISchedulingApi>("scheduling");
        return builder;
    }

    public static WebApplication MapMatchingApi(this WebApplication app)
    {
        app.MapPartnersApi();
        return app;
    }
}
