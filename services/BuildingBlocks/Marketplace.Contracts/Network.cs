namespace Marketplace.Contracts;

// Network's events. Change them only by adding optional members.
public record FirmRegistered(Guid EventId, DateTimeOffset OccurredAt, Guid FirmId, string Name, string TimeZone, bool TakesReferrals) : IIntegrationEvent;
