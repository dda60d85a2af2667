using Marketplace.Contracts;
using Marketplace.Messaging;
using Marketplace.Notifications.Data;
using Marketplace.Notifications.Messages;

namespace Marketplace.Notifications.Questions;

/// <summary>Tells the referrer's Owners and Dispatchers that a partner asks about an open offer (the partner's clock runs on).</summary>
public sealed class OfferQuestionAskedConsumer(NotificationsDbContext db, TimeProvider clock, Recipients recipients, MessageWriter writer)
    : InboxConsumer<OfferQuestionAsked, NotificationsDbContext>(db, clock)
{
    protected override async Task HandleAsync(OfferQuestionAsked message, CancellationToken ct)
    {
        var (referrer, desk) = await recipients.OfFirmAsync(message.ReferrerFirmId, Recipients.OffersDesk, ct);
        var referral = await Db.Referrals.FindAsync([message.ReferralId], ct);
        var partner = await recipients.NameOfAsync(message.PartnerFirmId, ct);
        await writer.ToMembersAsync(message.EventId, MessageKinds.OfferQuestion, referrer, desk,
            (firm, _) => QuestionLetters.Asked(partner, referral, message.ReferralId, message.Number, message.Question, message.DueAt, firm!.Zone), ct);
    }
}

/// <summary>Tells the partner's Owners and Dispatchers the referrer's answer to their question.</summary>
public sealed class OfferQuestionAnsweredConsumer(NotificationsDbContext db, TimeProvider clock, Recipients recipients, MessageWriter writer)
    : InboxConsumer<OfferQuestionAnswered, NotificationsDbContext>(db, clock)
{
    protected override async Task HandleAsync(OfferQuestionAnswered message, CancellationToken ct)
    {
        var (partner, desk) = await recipients.OfFirmAsync(message.PartnerFirmId, Recipients.OffersDesk, ct);
        var referral = await Db.Referrals.FindAsync([message.ReferralId], ct);
        var referrer = await recipients.ReferrerForPartnerAsync(referral, message.ReferrerFirmId, ct);
        await writer.ToMembersAsync(message.EventId, MessageKinds.OfferAnswer, partner, desk,
            (firm, _) => QuestionLetters.Answered(referrer, referral, message.Number, message.Question, message.Answer, message.DueAt, firm!.Zone), ct);
    }
}

public sealed class OfferQuestionAskedConsumerDefinition : InboxConsumerDefinition<OfferQuestionAskedConsumer>;
public sealed class OfferQuestionAnsweredConsumerDefinition : InboxConsumerDefinition<OfferQuestionAnsweredConsumer>;
