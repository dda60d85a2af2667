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
    public Instant DueAt { get; init; }
    public Instant? RespondedAt { get; set; }
    public string? DeclineReason { get; set; }
    /// <summary>The partnership whose terms were in force when the offer was made (none: the open directory's platform terms).</summary>
    public Guid? PartnershipId { get; init; }
    /// <summary>The agreement version shown on the offer: accepting binds both firms to it, and the fee is computed from it.</summary>
    public int AgreementVersion { get; init; }
}
