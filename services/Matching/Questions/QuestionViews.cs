using Marketplace.Matching.Offers;
using Marketplace.Matching.Referrals;
using Marketplace.ServiceDefaults;
using NodaTime;

namespace Marketplace.Matching.Questions;

/// <summary>A question or an answer: required, at most <see cref="OfferQuestion.MaxText"/> characters (kept without surrounding blanks).</summary>
public sealed record QuestionRequest(string? Text)
{
    public Validation Validate() => new Validation().Text(Text, "text", OfferQuestion.MaxText);
}

/// <summary>More time for the partner: business hours of the partner's week after the current deadline, 1 to 40.</summary>
public sealed record ExtendRequest(int? BusinessHours)
{
    public Validation Validate() => new Validation().Require(BusinessHours is >= 1 and <= Referral.MaxExtensionHours, "businessHours",
        $"businessHours must be a whole number from 1 to {Referral.MaxExtensionHours}: the partner's business hours added to the deadline.");
}

/// <summary>One question and its answer (null until answered). Who asked or answered is not shown: the firms speak, not their people.</summary>
public sealed record QuestionView(Guid Id, int Number, string Question, DateTimeOffset AskedAt, string? Answer, DateTimeOffset? AnsweredAt)
{
    public static QuestionView Of(OfferQuestion q) => new(q.Id, q.Number, q.Text, q.AskedAt.ToDateTimeOffset(), q.Answer, q.AnsweredAt?.ToDateTimeOffset());
}

/// <summary>
/// An offer's thread as its two firms see it: the deadline (and its one extension), whether the offer still takes questions
/// (<see cref="Open"/>), how many more it takes, and whether the referrer may still extend it.
/// </summary>
public sealed record OfferThreadView(Guid OfferId, Guid ReferralId, Guid PartnerFirmId, string? PartnerName, string Status, int Wave, DateTimeOffset DueAt,
    DateTimeOffset? ExtendedAt, int? ExtensionHours, DateTimeOffset? OriginalDueAt, bool Open, bool CanExtend, int QuestionsLeft, IReadOnlyList<QuestionView> Questions)
{
    public static OfferThreadView Of(Offer o, ReferralStatus referral, string? partnerName, IReadOnlyList<OfferQuestion> questions, Instant now)
    {
        var open = referral == ReferralStatus.Offering && o.Status == OfferStatus.Open && o.DueAt > now;
        return new(o.Id, o.ReferralId, o.PartnerFirmId, partnerName, open || o.Status != OfferStatus.Open ? o.Status.ToString() : nameof(OfferStatus.Expired), o.Wave,
            o.DueAt.ToDateTimeOffset(), o.ExtendedAt?.ToDateTimeOffset(), o.ExtensionHours, o.OriginalDueAt?.ToDateTimeOffset(), open, open && o.ExtendedAt is null,
            open ? Math.Max(0, OfferQuestion.MaxPerOffer - questions.Count) : 0, [.. questions.Select(QuestionView.Of)]);
    }
}
