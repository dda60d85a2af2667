using Marketplace.Contracts;
using Marketplace.Messaging;
using Marketplace.Scheduling.Data;
using MassTransit;

namespace Marketplace.Scheduling.Firms;

public sealed class FirmRegisteredConsumer(SchedulingDbContext db, TimeProvider clock)
    : InboxConsumer<FirmRegistered, SchedulingDbContext>(db, clock)
{
    protected override async Task HandleAsync(FirmRegistered message, CancellationToken ct)
    {
        var calendar = await Db.FirmCalendars.FindAsync([message.FirmId], ct);
        if (calendar is null)
        {
            Db.FirmCalendars.Add(new FirmCalendar { FirmId = message.FirmId, Name = message.Name, TimeZone = message.TimeZone });
        }
    }
}

public sealed class FirmRegisteredConsumerDefinition : ConsumerDefinition<FirmRegisteredConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<FirmRegisteredConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r => r.Intervals(100, 500, 2_000, 10_000));
    }
}
