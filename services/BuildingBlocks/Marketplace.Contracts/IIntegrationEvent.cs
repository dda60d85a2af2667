namespace Marketplace.Contracts;

/// <summary>Every integration event carries its own id (the inbox key) and when it happened.</summary>
public interface IIntegrationEvent
{
    Guid EventId { get; }
    DateTimeOffset OccurredAt { get; }
}
