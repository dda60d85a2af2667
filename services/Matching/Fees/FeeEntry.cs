using NodaTime;

namespace Marketplace.Matching.Fees;

/// <summary>
/// What the partner owes the referrer for a completed referral, computed from the agreement version the referral
/// was made under: a percent of the job value, a flat amount, or nothing under reciprocity. One per referral.
/// </summary>
public sealed class FeeEntry
{
    public Guid Id { get; init; }
    public Guid ReferralId { get; init; }
    public Guid PayerFirmId { get; init; }
    public Guid PayeeFirmId { get; init; }
    public Guid? PartnershipId { get; init; }
    public int AgreementVersion { get; init; }
    public string Kind { get; init; } = "";
    public decimal Amount { get; init; }
    public string Currency { get; init; } = "";
    public Instant RecordedAt { get; init; }
}
