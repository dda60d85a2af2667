using NodaTime;

namespace Marketplace.Matching.Offers;

/// <summary>
/// Where an offer is. <see cref="Accepting"/>: the partner accepted and Scheduling is being asked for its engineers' time,
/// outside any transaction; the accept is finished (Accepted) or given up (Open again, or Expired) when Scheduling has answered.
/// </summary>
public enum OfferStatus { Open, Accepted, Declined, Expired, Withdrawn, Accepting }

/// <summary>A referral offered to one partner in one wave, with a deadline in the partner's business hours.</summary>
public sealed class Offer
{
    public Guid Id { get; init; }
    public Guid ReferralId { get; init; }
    public Guid PartnerFirmId { get; init; }
    public int Wave { get; init; }
    public int Rank { get; init; }
    public OfferStatus Status { get; set; }
    public Instant MadeAt { get; init; }
    /// <summary>When the offer expires; moved later once at most, by the referrer (<see cref="ExtendedAt"/>).</summary>
    public Instant DueAt { get; set; }
    public Instant? RespondedAt { get; set; }
    public string? DeclineReason { get; set; }
    /// <summary>The partnership whose terms were in force when the offer was made (none: the open directory's platform terms).</summary>
    public Guid? PartnershipId { get; init; }
    /// <summary>The agreement version shown on the offer: accepting binds both firms to it, and the fee is computed from it.</summary>
    public int AgreementVersion { get; init; }
    /// <summary>When the referrer extended the deadline (once at most), by how many of the partner's business hours, and from when.</summary>
    public Instant? ExtendedAt { get; set; }
    public int? ExtensionHours { get; set; }
    public Instant? OriginalDueAt { get; set; }
}
