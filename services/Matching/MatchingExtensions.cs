using Marketplace.Http;
using Marketplace.Matching.AvailabilityLinks;
using Marketplace.Matching.Data;
using Marketplace.Matching.Fees;
using Marketplace.Matching.Offers;
using Marketplace.Matching.Partners;
using Marketplace.Matching.Ranking;
using Marketplace.Matching.Referrals;
using Marketplace.Matching.ShareLinks;
using Marketplace.Matching.Webhooks;
using Marketplace.Messaging;

namespace Marketplace.Matching;

public static class MatchingExtensions
{
    public static IHostApplicationBuilder AddMatching(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<MatchingDbContext>("matching");
        builder.AddMessaging<MatchingDbContext>();
        // Fresh earliest starts and holds are asked of Scheduling directly; skill names of Catalog.
        builder.AddServiceClient<ISchedulingApi>("scheduling");
        builder.AddServiceClient<ICatalogApi>("catalog");
        builder.Services.AddSingleton<RankingIndexSource>();
        builder.Services.AddScoped<Matchmaker>();
        builder.Services.AddScoped<SkillNames>();
        builder.Services.AddHostedService<OfferDeadlineJob>();
        // Webhooks retry on their own schedule (the delivery log), so their client has a timeout and nothing else.
        builder.Services.AddHttpClient(WebhookDispatcher.Client, c => c.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddHostedService<WebhookDispatcher>();
        return builder;
    }

    public static WebApplication MapMatchingApi(this WebApplication app)
    {
        app.MapPartnersApi();
        app.MapReferralsApi();
        app.MapOffersApi();
        app.MapFeesApi();
        app.MapShareLinksApi();
        app.MapWebhooksApi();
        app.MapAvailabilityLinksApi();
        return app;
    }
}
