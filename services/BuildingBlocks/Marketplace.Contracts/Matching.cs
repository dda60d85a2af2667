namespace Marketplace.Contracts;

// Matching's events. Change them only by adding optional members.

/// <summary>The work of a referral is done: both firms may now rate each other.</summary>
public record ReferralCompleted(Guid EventId, DateTimeOffset OccurredAt, Guid ReferralId, Guid ReferrerFirmId, Guid PartnerFirmId) : IIntegrationEvent;
