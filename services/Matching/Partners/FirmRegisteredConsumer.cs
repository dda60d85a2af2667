using Marketplace.Contracts;
using Marketplace.Matching.Data;
using Marketplace.Messaging;
using MassTransit;

namespace Marketplace.Matching.Partners;

public sealed class FirmRegisteredConsumer(MatchingDbContext db, TimeProvider clock)
    : InboxConsumer<FirmRegistered, MatchingDbContext>(db, clock)
{
    protected override async Task HandleAsync(FirmRegistered message, CancellationToken ct)
    {
        if (await Db.Partners.FindAsync([message.FirmId], ct) is null)
        {
            Db.Partners.Add(new Partner
            {
                FirmId = message.FirmId,
                Name = message.Name,
                TimeZone = message.TimeZone,
                TakesReferrals = message.TakesReferrals,
                RegisteredAt = message.OccurredAt,
            });
        }
    }
}

public sealed class FirmRegisteredConsumerDefinition : ConsumerDefinition<FirmRegisteredConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<FirmRegisteredConsumer> consumerConfigurator, IRegistrationContext context)
    {
        // Transient faults (database restart, deadlock) retry with back-off; then the error queue.
        endpointConfigurator.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500)));
    }
}
