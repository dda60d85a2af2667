using MassTransit;

namespace Marketplace.Messaging;

/// <summary>
/// The retry every projection consumer gets unless its own definition says otherwise: transient faults
/// (a database restart, a serialization failure) are retried with back-off, then the message goes to the error queue.
/// </summary>
public abstract class InboxConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500)));
    }
}
