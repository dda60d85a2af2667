namespace Marketplace.Contracts;

// Scheduling's events. Change them only by adding optional members.

/// <summary>Hours held on an engineer for a referral until ExpiresAt, unless confirmed.</summary>
public record HoldPlaced(Guid EventId, DateTimeOffset OccurredAt, Guid HoldId, Guid FirmId, Guid EngineerId, Guid ReferralId,
    int HoursPerWeek, DateOnly FirstWeek, int Weeks, DateTimeOffset ExpiresAt) : IIntegrationEvent;

/// <summary>Nobody confirmed the hold in time: its hours are free again.</summary>
public record HoldExpired(Guid EventId, DateTimeOffset OccurredAt, Guid HoldId, Guid FirmId, Guid ReferralId) : IIntegrationEvent;

public record BookingConfirmed(Guid EventId, DateTimeOffset OccurredAt, Guid HoldId, Guid FirmId, Guid ReferralId) : IIntegrationEvent;

/// <summary>A hold or booking was given up; its hours are free again.</summary>
public record BookingReleased(Guid EventId, DateTimeOffset OccurredAt, Guid HoldId, Guid FirmId, Guid ReferralId) : IIntegrationEvent;

/// <summary>A firm's free hours per week (all its engineers, after time off and allocations) for the weeks from FirstWeek, in its own calendar.</summary>
public record CapacityChanged(Guid EventId, DateTimeOffset OccurredAt, Guid FirmId, DateOnly FirstWeek, IReadOnlyList<int> FreeHours) : IIntegrationEvent;
