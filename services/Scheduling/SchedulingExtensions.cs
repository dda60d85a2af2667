using Marketplace.Http;
using Marketplace.Messaging;
using Marketplace.Scheduling.Availability;
using Marketplace.Scheduling.Capacity;
using Marketplace.Scheduling.Data;
using Marketplace.Scheduling.Engineers;
using Marketplace.Scheduling.Feeds;
using Marketplace.Scheduling.Firms;
using Marketplace.Scheduling.Grid;
using Marketplace.Scheduling.Holds;

namespace Marketplace.Scheduling;

public static class SchedulingExtensions
{
    public static IHostApplicationBuilder AddScheduling(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<SchedulingDbContext>("scheduling");
        builder.AddMessaging<SchedulingDbContext>();
        builder.AddServiceClient<ICatalogApi>("catalog");
        builder.Services.AddOptions<SchedulingOptions>().BindConfiguration("Scheduling")
            .Validate(o => o.HoldExpiryInterval > TimeSpan.Zero && o.CapacityPublishInterval > TimeSpan.Zero && o.AvailabilityRefreshInterval > TimeSpan.Zero,
                "Scheduling's intervals must be positive.")
            .ValidateOnStart();
        builder.Services.AddOptions<CalendarFeedOptions>().BindConfiguration("Scheduling:Feeds")
            .Validate(o => o.IsValid, "Scheduling:Feeds: WeeksBack 0–52, WeeksAhead 1–104, MaxLivePerFirm 1–10,000, RefreshInterval 5 minutes to 7 days.")
            .ValidateOnStart();
        builder.Services.AddSingleton<HoldMetrics>();
        builder.Services.AddSingleton<AvailabilityIndex>();
        builder.Services.AddScoped<CapacityLedger>();
        builder.Services.AddHostedService<IndexRefresher<AvailabilityIndex>>();
        builder.Services.AddHostedService<HoldExpiryJob>();
        builder.Services.AddHostedService<CapacityPublisher>();
        return builder;
    }

    public static WebApplication MapSchedulingApi(this WebApplication app)
    {
        app.MapFirmCalendarsApi();
        app.MapEngineersApi();
        app.MapTimeOffApi();
        app.MapAvailabilityApi();
        app.MapHoldsApi();
        app.MapCalendarFeedsApi();
        app.MapCapacityGridApi();
        return app;
    }
}
