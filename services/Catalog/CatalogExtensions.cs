using Marketplace.Catalog.Data;
using Marketplace.Catalog.Demand;
using Marketplace.Catalog.Partners;
using Marketplace.Catalog.Skills;
using Marketplace.Messaging;

namespace Marketplace.Catalog;

public static class CatalogExtensions
{
    public static IHostApplicationBuilder AddCatalog(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<CatalogDbContext>("catalog", TaxonomySeed.SeedAsync);
        builder.AddMessaging<CatalogDbContext>();
        builder.Services.AddSingleton<SkillIndex>();
        builder.Services.AddOptions<CatalogOptions>().BindConfiguration("Catalog")
            .Validate(o => o.ExpiryCheckInterval > TimeSpan.Zero && o.IndexCheckInterval >= TimeSpan.Zero, "Catalog's intervals must not be negative (the expiry check positive).")
            .ValidateOnStart();
        builder.Services.AddHostedService<CertificationExpiryJob>();
        return builder;
    }

    public static WebApplication MapCatalogApi(this WebApplication app)
    {
        app.MapSkillsApi();
        app.MapPartnerSkillsApi();
        app.MapCertificationReviewsApi();
        app.MapTaxonomyAdminApi();
        app.MapDemandApi();
        return app;
    }
}
