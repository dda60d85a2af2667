using Marketplace.Contracts;
using Marketplace.Messaging;
using Marketplace.Notifications.Data;
using Marketplace.Notifications.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Marketplace.Notifications.Offers;

/// <summary>Tells the partner's Owners and Dispatchers of the offer, and sets its deadline reminder.</summary>
public sealed class OfferMadeConsumer(NotificationsDbContext db, TimeProvider clock, Recipients recipients, MessageWriter writer,
    IOptions<NotificationsOptions> options) : InboxConsumer<OfferMade, NotificationsDbContext>(db, clock)
{
    protected override async Task HandleAsync(OfferMade message, CancellationToken ct)
    {
        var (partner, desk) = await recipients.OfFirmAsync(message.PartnerFirmId, Recipients.OffersDesk, ct);
        // The referral's own event travels on another queue: without it the mail could only say "a job", so wait for it
        // (retried, like an unknown firm) for a few seconds — well inside the consumer's retries — then say "a job".
        var referral = await Db.Referrals.FindAsync([message.ReferralId], ct);
        if (referral is null && Clock.GetUtcNow() - message.OccurredAt < TimeSpan.FromSeconds(5))
        {
            throw new NotYetKnownException($"Referral {message.ReferralId} is not known here yet.");
        }
        var referrer = await recipients.ReferrerForPartnerAsync(referral, message.ReferrerFirmId, ct);
        await writer.ToMembersAsync(message.EventId, MessageKinds.OfferMade, partner, desk,
            (firm, _) => OfferLetters.Made(referrer, referral, message.DueAt, firm!.Zone), ct, someoneAtOnce: true);

        var reminder = await Db.OfferReminders.FindAsync([message.OfferId], ct);
        if (reminder is null)
        {
            reminder = new OfferReminder { OfferId = message.OfferId, State = ReminderState.Waiting };
            Db.OfferReminders.Add(reminder);
        }
        // A deadline extension heard first (it travels on another queue) keeps its later deadline.
        var dueAt = reminder.DueAt > message.DueAt ? reminder.DueAt : message.DueAt;
        var remindAt = OfferReminder.WorkingTimeBefore(partner.Week, Instant.FromDateTimeOffset(dueAt),
            Duration.FromTimeSpan(options.Value.ReminderLead)).ToDateTimeOffset();
        (reminder.ReferralId, reminder.ReferrerFirmId, reminder.PartnerFirmId, reminder.DueAt, reminder.RemindAt) =
            (message.ReferralId, message.ReferrerFirmId, message.PartnerFirmId, dueAt, remindAt);
        if (reminder.State != ReminderState.Waiting)
        {
            return; // answered before this event arrived
        }
        if (remindAt <= message.OccurredAt)
        {
            reminder.State = ReminderState.NotNeeded; // the offer itself arrives inside the last business hour
        }
        else if (await Db.OfferReminders.AnyAsync(r => r.ReferralId == message.ReferralId && r.AcceptedAt >= message.OccurredAt, ct))
        {
            reminder.State = ReminderState.Withdrawn; // another partner's acceptance (heard first) withdrew it
        }
    }
}

public sealed class OfferMadeConsumerDefinition : InboxConsumerDefinition<OfferMadeConsumer>;
