using NodaTime;

namespace Marketplace.Matching.Offers;

public enum OfferStatus { Open, Accepted, Declined, Expired, Withdrawn }

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
}
