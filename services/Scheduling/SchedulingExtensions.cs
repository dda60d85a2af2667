using Marketplace.Messaging;
using Marketplace.Scheduling.Data;
using Marketplace.Scheduling.Engineers;
using Marketplace.Scheduling.Firms;
using Marketplace.Scheduling.Holds;

namespace Marketplace.Scheduling;

public static class SchedulingExtensions
{
    public static IHostApplicationBuilder AddScheduling(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<SchedulingDbContext>("scheduling");
        builder.AddMessaging<SchedulingDbContext>();
        builder.Services.AddHostedService<HoldExpiryJob>();
        return builder;
    }

    public static WebApplication MapSchedulingApi(this WebApplication app)
    {
        app.MapFirmCalendarsApi();
        app.MapEngineersApi();
        app.MapHoldsApi();
        return app;
    }
}
