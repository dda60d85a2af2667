namespace Marketplace.Contracts;

// Catalog's events. Change them only by adding optional members.

/// <summary>
/// One partner's skills in full, after any change (a claim edited, a certification added or expired).
/// Verified: an approved (checked by the platform operator), unexpired certification held by the firm evidences the skill, until VerifiedUntil.
/// </summary>
public record PartnerSkillsChanged(Guid EventId, DateTimeOffset OccurredAt, Guid FirmId, IReadOnlyList<PartnerSkill> Skills) : IIntegrationEvent;

public record PartnerSkill(string SkillId, int Level, int Years, bool Verified, DateOnly? VerifiedUntil);

/// <summary>
/// A certification a partner stated was reviewed by the platform operator (Approved, or rejected with Reason), or
/// awaits review (Status "Pending": the operator is told).
/// </summary>
public record CertificationReviewed(Guid EventId, DateTimeOffset OccurredAt, Guid FirmId, Guid CertificationRecordId, string CertificationName,
    string Status, string? Reason) : IIntegrationEvent;
