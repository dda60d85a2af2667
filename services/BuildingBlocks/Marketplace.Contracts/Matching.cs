namespace Marketplace.Contracts;

// Matching's events. Change them only by adding optional members.

/// <summary>
/// A referral was posted. SkillNames (beside SkillIds, same order) are the catalog's names when it was posted.
/// Confidential: who referred it (and for whom) is shown to a partner only once it accepts; an event from before the
/// member existed reads as confidential, the posting's own default.
/// </summary>
public record ReferralPosted(Guid EventId, DateTimeOffset OccurredAt, Guid ReferralId, Guid ReferrerFirmId, IReadOnlyList<string> SkillIds,
    int EffortHours, int HoursPerWeek, DateOnly EarliestStart, DateOnly LatestStart, IReadOnlyList<string>? SkillNames = null,
    bool Confidential = true) : IIntegrationEvent;

/// <summary>A partner was offered a referral and has until DueAt (its business hours) to answer.</summary>
public record OfferMade(Guid EventId, DateTimeOffset OccurredAt, Guid OfferId, Guid ReferralId, Guid ReferrerFirmId, Guid PartnerFirmId, int Wave,
    DateTimeOffset DueAt) : IIntegrationEvent;

public record OfferAccepted(Guid EventId, DateTimeOffset OccurredAt, Guid OfferId, Guid ReferralId, Guid ReferrerFirmId, Guid PartnerFirmId) : IIntegrationEvent;

/// <summary>
/// A partner declined. Reason is everything it said in one line; ReasonCode the reason it tapped (TooBusy, OutsideSkills,
/// Budget, Dates), null when it typed its own.
/// </summary>
public record OfferDeclined(Guid EventId, DateTimeOffset OccurredAt, Guid OfferId, Guid ReferralId, Guid ReferrerFirmId, Guid PartnerFirmId, string Reason,
    string? ReasonCode = null) : IIntegrationEvent;

public record OfferExpired(Guid EventId, DateTimeOffset OccurredAt, Guid OfferId, Guid ReferralId, Guid ReferrerFirmId, Guid PartnerFirmId) : IIntegrationEvent;

/// <summary>The referrer confirmed the partner: the hold is a booking and the client's share link can show who and when.</summary>
public record ReferralMatched(Guid EventId, DateTimeOffset OccurredAt, Guid ReferralId, Guid ReferrerFirmId, Guid PartnerFirmId,
    DateOnly? PlannedStart, DateOnly? PlannedFinish) : IIntegrationEvent;

/// <summary>Nobody qualified, or every wave was declined or expired; Help says what would change that.</summary>
public record ReferralUnmatched(Guid EventId, DateTimeOffset OccurredAt, Guid ReferralId, Guid ReferrerFirmId, string Why,
    IReadOnlyList<string> Help) : IIntegrationEvent;

/// <summary>The work of a referral is done: both firms may now rate each other.</summary>
public record ReferralCompleted(Guid EventId, DateTimeOffset OccurredAt, Guid ReferralId, Guid ReferrerFirmId, Guid PartnerFirmId) : IIntegrationEvent;

/// <summary>The partner's Owner disputed the job value a fee was computed from; the platform operator settles it.</summary>
public record FeeDisputed(Guid EventId, DateTimeOffset OccurredAt, Guid ReferralId, Guid PayerFirmId, Guid PayeeFirmId, string Reason) : IIntegrationEvent;

/// <summary>
/// The partner asked the referrer a question about an open offer (the deadline, DueAt, runs on meanwhile). Only the two
/// firms read it; the question is the partner's own words.
/// </summary>
public record OfferQuestionAsked(Guid EventId, DateTimeOffset OccurredAt, Guid QuestionId, Guid OfferId, Guid ReferralId, Guid ReferrerFirmId,
    Guid PartnerFirmId, int Number, string Question, DateTimeOffset DueAt) : IIntegrationEvent;

/// <summary>The referrer answered a partner's question on an open offer (once; Matching refused answers naming a confidential client).</summary>
public record OfferQuestionAnswered(Guid EventId, DateTimeOffset OccurredAt, Guid QuestionId, Guid OfferId, Guid ReferralId, Guid ReferrerFirmId,
    Guid PartnerFirmId, int Number, string Question, string Answer, DateTimeOffset DueAt) : IIntegrationEvent;

/// <summary>
/// The referrer gave the partner more time to answer an open offer, once: BusinessHours of the partner's business time after
/// PreviousDueAt. DueAt is the offer's deadline from now on (reminders follow it).
/// </summary>
public record OfferDeadlineExtended(Guid EventId, DateTimeOffset OccurredAt, Guid OfferId, Guid ReferralId, Guid ReferrerFirmId, Guid PartnerFirmId,
    DateTimeOffset PreviousDueAt, DateTimeOffset DueAt, int BusinessHours) : IIntegrationEvent;
