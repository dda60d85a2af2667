using System.Globalization;
using Marketplace.Matching.Offers;
using Marketplace.Matching.Questions;
using NodaTime;

namespace Marketplace.Matching.Referrals;

// The referral's rules for what the two firms of an open offer say to each other before it is answered: the partner's
// questions, the referrer's answers, and the referrer's one extension of the deadline. Each is refused (a 409) once the
// offer is no longer open, and each writes a step of the audit trail about the partner, which other partners never see.
public sealed partial class Referral
{
    /// <summary>The most business hours one extension may add: a working week.</summary>
    public const int MaxExtensionHours = 40;

    /// <summary>
    /// The partner asks its <paramref name="asked"/>+1-th question on the offer. Asking does not move the deadline: the
    /// referrer decides whether the partner needs more time (<see cref="ExtendDeadline"/>).
    /// </summary>
    public OfferQuestion Ask(Guid offerId, Guid firm, int asked, string text, Instant now, string by)
    {
        var offer = Offers.FirstOrDefault(o => o.Id == offerId) ?? throw new ReferralRuleException("No such offer on this referral.");
        if (offer.PartnerFirmId != firm)
        {
            throw new ReferralRuleException("Questions on an offer are asked by the partner it was made to; as the referrer, you answer them.");
        }
        OpenOffer(offerId, now, "ask a question");
        if (asked >= OfferQuestion.MaxPerOffer)
        {
            throw new ReferralRuleException($"An offer takes at most {OfferQuestion.MaxPerOffer} questions, and this one has had them all; accept or decline it.");
        }
        var question = new OfferQuestion
        {
            Id = Guid.CreateVersion7(), OfferId = offerId, ReferralId = Id, Number = asked + 1, Text = text, AskedAt = now, AskedBy = by,
        };
        Record(Status, Status, now, by, $"partner asked question {question.Number} about its wave-{offer.Wave} offer", offer.PartnerFirmId);
        return question;
    }

    /// <summary>The referrer answers a question, once, while its offer is open.</summary>
    public void Answer(OfferQuestion question, Guid firm, string text, Instant now, string by)
    {
        RequireReferrer(firm, "Questions are answered by the referrer.");
        var offer = OfferOpenToReferrer(question.OfferId, now, "answer");
        question.Answered(text, now, by);
        Record(Status, Status, now, by, $"referrer answered question {question.Number} on the wave-{offer.Wave} offer", offer.PartnerFirmId, byReferrer: true);
    }

    /// <summary>
    /// The referrer gives the partner more time, once per offer: <paramref name="hours"/> of the partner's business hours
    /// after the current deadline (<paramref name="addBusinessHours"/> counts them in the partner's week). Returns the offer.
    /// </summary>
    public Offer ExtendDeadline(Guid offerId, Guid firm, int hours, Func<Instant, Duration, Instant> addBusinessHours, Instant now, string by)
    {
        RequireReferrer(firm, "Only the referrer can extend an offer's deadline.");
        if (hours is < 1 or > MaxExtensionHours)
        {
            throw new ReferralRuleException($"An extension is 1 to {MaxExtensionHours} business hours.");
        }
        var offer = OfferOpenToReferrer(offerId, now, "extend the deadline");
        if (offer.ExtendedAt is not null)
        {
            throw new ReferralRuleException($"This offer's deadline was extended once already, to {Utc(offer.DueAt)}; a deadline is extended only once.");
        }
        var due = addBusinessHours(offer.DueAt, Duration.FromHours(hours));
        (offer.OriginalDueAt, offer.DueAt, offer.ExtendedAt, offer.ExtensionHours) = (offer.DueAt, due, now, hours);
        Record(Status, Status, now, by, $"deadline of the wave-{offer.Wave} offer extended by {hours} business hours to {Utc(due)}", offer.PartnerFirmId, byReferrer: true);
        return offer;
    }

    /// <summary>"Mon 1 Nov 2027 12:00 UTC": the audit trail's plain words for an instant.</summary>
    private static string Utc(Instant at) => at.InUtc().ToString("ddd d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private void RequireReferrer(Guid firm, string why)
    {
        if (firm != ReferrerFirmId)
        {
            throw new ReferralRuleException(why);
        }
    }

    /// <summary>An offer the referrer may still say something on: open and not past its deadline (said in the referrer's words).</summary>
    private Offer OfferOpenToReferrer(Guid offerId, Instant now, string action)
    {
        var offer = Offers.FirstOrDefault(o => o.Id == offerId) ?? throw new ReferralRuleException("No such offer on this referral.");
        if (offer.Status == OfferStatus.Accepting)
        {
            throw new ReferralRuleException($"Cannot {action}: the partner is accepting this offer right now.");
        }
        if (Status != ReferralStatus.Offering || offer.Status != OfferStatus.Open || offer.DueAt <= now)
        {
            var state = offer.Status == OfferStatus.Open ? "past its deadline" : offer.Status.ToString().ToLowerInvariant();
            throw new ReferralRuleException($"Cannot {action}: the offer is {state} and the referral {Status.ToString().ToLowerInvariant()}.");
        }
        return offer;
    }
}
