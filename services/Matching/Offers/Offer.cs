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
    /// <summary>Why the partner declined: a code's words (see <see cref="DeclineAnswer"/>) or, from older clients, its own text.</summary>
    public string? DeclineReason { get; set; }
    /// <summary>The tapped reason, when the partner chose one; null for a reason typed from scratch.</summary>
    public DeclineCode? DeclineCode { get; set; }
    /// <summary>What the partner added to a tapped reason (optional).</summary>
    public string? DeclineNote { get; set; }
    /// <summary>The partnership whose terms were in force when the offer was made (none: the open directory's platform terms).</summary>
    public Guid? PartnershipId { get; init; }
    /// <summary>The agreement version shown on the offer: accepting binds both firms to it, and the fee is computed from it.</summary>
    public int AgreementVersion { get; init; }
    /// <summary>When the referrer extended the deadline (once at most), by how many of the partner's business hours, and from when.</summary>
    public Instant? ExtendedAt { get; set; }
    public int? ExtensionHours { get; set; }
    public Instant? OriginalDueAt { get; set; }

    /// <summary>Under this much of the partner's business time left, the inbox marks the offer as due soon.</summary>
    public static readonly Duration SoonWithin = Duration.FromHours(2);

    /// <summary>
    /// Whether less than <see cref="SoonWithin"/> of the partner's business time is left: an offer due at 10:00 on Monday is
    /// due soon at 16:30 on Friday for a 9-to-5 week, though 65 hours remain on the clock.
    /// </summary>
    public bool DueSoon(Instant now, Calendar.WorkingWeek partnersWeek)
    {
        try
        {
            return partnersWeek.AddWorkingTime(now, SoonWithin) >= DueAt;
        }
        catch (InvalidOperationException)
        {
            return DueAt - now <= SoonWithin; // a week with no working time at all: the clock is all there is
        }
    }
}
