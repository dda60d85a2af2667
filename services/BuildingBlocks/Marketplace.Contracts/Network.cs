namespace Marketplace.Contracts;

// Network's events. Change them only by adding optional members.
public record FirmRegistered(Guid EventId, DateTimeOffset OccurredAt, Guid FirmId, string Name, string TimeZone, bool TakesReferrals) : IIntegrationEvent;

/// <summary>A firm's profile after a change, in full. Business hours are local times ("09:00") on ISO weekdays (1 = Monday).</summary>
public record FirmUpdated(Guid EventId, DateTimeOffset OccurredAt, Guid FirmId, string Name, string TimeZone, bool TakesReferrals,
    IReadOnlyList<int> WorkingDays, string OpensAt, string ClosesAt, IReadOnlyList<string> Regions) : IIntegrationEvent;

public record PartnershipAccepted(Guid EventId, DateTimeOffset OccurredAt, Guid PartnershipId, Guid InviterFirmId, Guid InviteeFirmId) : IIntegrationEvent;

public record PartnershipEnded(Guid EventId, DateTimeOffset OccurredAt, Guid PartnershipId, Guid InviterFirmId, Guid InviteeFirmId,
    Guid EndedByFirmId, string Reason) : IIntegrationEvent;

/// <summary>
/// A new version of a partnership's terms. Fee: kind "Percent" (FeePercent of job value), "Flat" (FeeAmount in
/// FeeCurrency) or "Reciprocity" (no money changes hands). Work made under an earlier version keeps that version.
/// </summary>
public record AgreementChanged(Guid EventId, DateTimeOffset OccurredAt, Guid PartnershipId, Guid InviterFirmId, Guid InviteeFirmId, int Version,
    IReadOnlyList<string> EngagementModes, string FeeKind, decimal? FeePercent, decimal? FeeAmount, string? FeeCurrency,
    int NonSolicitMonths, int ResponseSlaBusinessHours, int MaxConcurrentReferrals) : IIntegrationEvent;

/// <summary>One firm rated another after a completed referral (score 1–5).</summary>
public record RatingRecorded(Guid EventId, DateTimeOffset OccurredAt, Guid ReferralId, Guid RaterFirmId, Guid RatedFirmId, int Score) : IIntegrationEvent;
