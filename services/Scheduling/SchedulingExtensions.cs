using Marketplace.Messaging;
using Marketplace.Scheduling.Data;
using Marketplace.Scheduling.Firms;

namespace Marketplace.Scheduling;

public static class SchedulingExtensions
{
    public static IHostApplicationBuilder AddScheduling(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<SchedulingDbContext>("scheduling");
        builder.AddMessaging<SchedulingDbContext>();
        return builder;
    }

    public static WebApplication MapSchedulingApi(this WebApplication app)
    {
        app.MapFirmCalendarsApi();
        return app;
    }
}
