namespace Marketplace.Contracts;

// Network's events. Change them only by adding optional members.
public record FirmRegistered(Guid EventId, DateTimeOffset OccurredAt, Guid FirmId, string Name, string TimeZone, bool TakesReferrals) : IIntegrationEvent;

/// <summary>
/// A firm's profile after a change, in full. Business hours are local times ("09:00") on ISO weekdays (1 = Monday).
/// The firm is closed on the public holidays of <paramref name="HolidayCountry"/> (ISO 3166-1 alpha-2; null: none are
/// kept) in <paramref name="HolidayRegion"/> (ISO 3166-2 code without the country, e.g. "SCT", "NSW", "BY"; null: the
/// country-wide calendar), and on its own <paramref name="ClosingDays"/>: "YYYY-MM-DD" once, "MM-DD" every year. Events
/// from before these members existed carry none of them: no holidays, no closing days.
/// </summary>
public record FirmUpdated(Guid EventId, DateTimeOffset OccurredAt, Guid FirmId, string Name, string TimeZone, bool TakesReferrals,
    IReadOnlyList<int> WorkingDays, string OpensAt, string ClosesAt, IReadOnlyList<string> Regions,
    string? HolidayCountry = null, string? HolidayRegion = null, IReadOnlyList<string>? ClosingDays = null) : IIntegrationEvent;

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

/// <summary>
/// A member of a firm as others need to reach them, after any change: joined (registration or invitation), role
/// changed, address verified, or removed (<paramref name="Removed"/>). Role: Owner, Dispatcher or Engineer.
/// </summary>
public record MemberChanged(Guid EventId, DateTimeOffset OccurredAt, Guid FirmId, Guid MemberId, string Email, string Name, string Role,
    bool EmailVerified, bool Removed) : IIntegrationEvent;

/// <summary>
/// A mail about a person's account that must go out now, whatever their preferences: Kind "verify-email",
/// "reset-password" or "invitation". Link is the portal page that acts on it, with a one-time token valid until ExpiresAt.
/// </summary>
public record AccountMailRequested(Guid EventId, DateTimeOffset OccurredAt, string Kind, string Email, string Name, string? FirmName, string Link,
    DateTimeOffset ExpiresAt) : IIntegrationEvent;

/// <summary>Terms one firm proposed that the other firm's Owner is asked to countersign (or reject).</summary>
public record AgreementProposed(Guid EventId, DateTimeOffset OccurredAt, Guid PartnershipId, Guid ProposerFirmId, Guid CounterpartyFirmId, int Version)
    : IIntegrationEvent;
