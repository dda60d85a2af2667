using Marketplace.Calendar;
using NodaTime;

namespace Marketplace.Notifications.Offers;

/// <summary>
/// The deadline reminder of one offer: due one business hour (the partner's hours, in its zone) before the offer's
/// deadline, unless the offer is answered first. Rows, not timers, so any replica sends it and a restart loses none.
/// </summary>
public sealed class OfferReminder
{
    public Guid OfferId { get; init; }
    public Guid ReferralId { get; set; }
    public Guid ReferrerFirmId { get; set; }
    public Guid PartnerFirmId { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset? RemindAt { get; set; }
    public ReminderState State { get; set; }
    /// <summary>When this offer won the referral: offers made before then were withdrawn by Matching.</summary>
    public DateTimeOffset? AcceptedAt { get; set; }
    /// <summary>
    /// Set when a deadline extension made the reminder due again after it had gone out: the second reminder's messages are
    /// recorded under this id (one message per source and address), the first under the offer.
    /// </summary>
    public Guid? RepeatId { get; set; }

    /// <summary>What the reminder's messages are recorded under.</summary>
    public Guid SourceId => RepeatId ?? OfferId;

    /// <summary>
    /// The instant <paramref name="lead"/> of working time before <paramref name="due"/>: a deadline at Monday 09:30 with
    /// one business hour is reminded on Friday at 16:30 (working 9 to 5), counted in real time across DST changes.
    /// </summary>
    public static Instant WorkingTimeBefore(WorkingWeek week, Instant due, Duration lead) =>
        week.SubtractWorkingTime(due, lead) ?? due - lead; // a firm with no working time at all: plain hours
}

public enum ReminderState
{
    Waiting,
    Reminded,
    /// <summary>Accepted, declined or expired before the reminder was due (or it would have come after the offer itself).</summary>
    Answered,
    /// <summary>Another partner accepted first: Matching withdrew this offer (it announces no event for that).</summary>
    Withdrawn,
    /// <summary>The deadline was too close to the offer for a reminder to add anything.</summary>
    NotNeeded,
}
