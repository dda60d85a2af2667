using Marketplace.Contracts;
using Marketplace.Messaging;
using Marketplace.Notifications.Data;
using Marketplace.Notifications.Messages;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Notifications.Offers;

/// <summary>An answered offer needs no reminder; the answer may arrive before the offer itself (they travel on different queues).</summary>
internal static class Answered
{
    public static async Task MarkAsync(NotificationsDbContext db, Guid offerId, Guid referralId, CancellationToken ct, DateTimeOffset? acceptedAt = null)
    {
        var reminder = await db.OfferReminders.FindAsync([offerId], ct);
        if (reminder is null)
        {
            db.OfferReminders.Add(reminder = new OfferReminder { OfferId = offerId, ReferralId = referralId, State = ReminderState.Answered });
        }
        else if (reminder.State == ReminderState.Waiting)
        {
            reminder.State = ReminderState.Answered;
        }
        reminder.AcceptedAt = acceptedAt ?? reminder.AcceptedAt;
        if (acceptedAt is not null)
        {
            // The first acceptance wins and Matching withdraws the referral's other open offers: none of them is reminded.
            await db.OfferReminders.Where(r => r.ReferralId == referralId && r.OfferId != offerId && r.State == ReminderState.Waiting)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.State, ReminderState.Withdrawn), ct);
        }
    }
}

/// <summary>Tells the referrer's Owners and Dispatchers that a partner accepted.</summary>
public sealed class OfferAcceptedConsumer(NotificationsDbContext db, TimeProvider clock, Recipients recipients, MessageWriter writer)
    : InboxConsumer<OfferAccepted, NotificationsDbContext>(db, clock)
{
    protected override async Task HandleAsync(OfferAccepted message, CancellationToken ct)
    {
        await Answered.MarkAsync(Db, message.OfferId, message.ReferralId, ct, acceptedAt: message.OccurredAt);
        var (referrer, desk) = await recipients.OfFirmAsync(message.ReferrerFirmId, Recipients.OffersDesk, ct);
        var referral = await Db.Referrals.FindAsync([message.ReferralId], ct);
        var partner = await recipients.NameOfAsync(message.PartnerFirmId, ct);
        await writer.ToMembersAsync(message.EventId, MessageKinds.OfferAccepted, referrer, desk,
            (_, _) => OfferLetters.Accepted(partner, referral, message.ReferralId), ct);
    }
}

/// <summary>A declined offer only ends its reminder: the referrer hears when the referral is matched or unmatched.</summary>
public sealed class OfferDeclinedConsumer(NotificationsDbContext db, TimeProvider clock)
    : InboxConsumer<OfferDeclined, NotificationsDbContext>(db, clock)
{
    protected override Task HandleAsync(OfferDeclined message, CancellationToken ct) => Answered.MarkAsync(Db, message.OfferId, message.ReferralId, ct);
}

/// <summary>Tells the referrer's Owners and Dispatchers that a partner let the offer run out.</summary>
public sealed class OfferExpiredConsumer(NotificationsDbContext db, TimeProvider clock, Recipients recipients, MessageWriter writer)
    : InboxConsumer<OfferExpired, NotificationsDbContext>(db, clock)
{
    protected override async Task HandleAsync(OfferExpired message, CancellationToken ct)
    {
        await Answered.MarkAsync(Db, message.OfferId, message.ReferralId, ct);
        var (referrer, desk) = await recipients.OfFirmAsync(message.ReferrerFirmId, Recipients.OffersDesk, ct);
        var referral = await Db.Referrals.FindAsync([message.ReferralId], ct);
        var partner = await recipients.NameOfAsync(message.PartnerFirmId, ct);
        await writer.ToMembersAsync(message.EventId, MessageKinds.OfferExpired, referrer, desk,
            (_, _) => OfferLetters.Expired(partner, referral, message.ReferralId), ct);
    }
}

public sealed class OfferAcceptedConsumerDefinition : InboxConsumerDefinition<OfferAcceptedConsumer>;
public sealed class OfferDeclinedConsumerDefinition : InboxConsumerDefinition<OfferDeclinedConsumer>;
public sealed class OfferExpiredConsumerDefinition : InboxConsumerDefinition<OfferExpiredConsumer>;
