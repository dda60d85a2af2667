using Marketplace.Http;
using Marketplace.Matching.AvailabilityLinks;
using Marketplace.Matching.Data;
using Marketplace.Matching.Fees;
using Marketplace.Matching.Insights;
using Marketplace.Matching.Offers;
using Marketplace.Matching.Partners;
using Marketplace.Matching.Questions;
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
        builder.Services.AddOptions<MatchingOptions>().BindConfiguration("Matching")
            .Validate(o => o.IndexRefreshInterval > TimeSpan.Zero && o.OfferDeadlineInterval > TimeSpan.Zero && o.PendingStepInterval > TimeSpan.Zero,
                "Matching's intervals must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<RankingIndexSource>();
        builder.Services.AddHostedService<IndexRefresher<RankingIndexSource>>();
        builder.Services.AddSingleton<MatchingMetrics>();
        builder.Services.AddScoped<Matchmaker>();
        builder.Services.AddScoped<SkillNames>();
        builder.Services.AddHostedService<OfferDeadlineJob>();
        // Accepts and confirmations whose request died while Scheduling was asked are settled, never left pending.
        builder.Services.AddHostedService<PendingStepJob>();
        // Webhooks: firms' URLs reached only through the guarded client (no private addresses, no redirects).
        builder.Services.AddWebhooks();
        return builder;
    }

    public static WebApplication MapMatchingApi(this WebApplication app)
    {
        app.MapPartnersApi();
        app.MapReferralsApi();
        app.MapOffersApi();
        app.MapQuestionsApi();
        app.MapFeesApi();
        app.MapShareLinksApi();
        app.MapWebhooksApi();
        app.MapAvailabilityLinksApi();
        app.MapInsightsApi();
        return app;
    }
}
