using Marketplace.Contracts;
using Marketplace.Messaging;
using Marketplace.Notifications.Data;
using Marketplace.Notifications.Messages;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Marketplace.Notifications.Offers;

/// <summary>
/// Tells the partner's Owners and Dispatchers that the referrer gave them more time, and moves the offer's reminder to
/// one business hour before the new deadline, sent again if the first one went out before the extension.
/// </summary>
public sealed class OfferDeadlineExtendedConsumer(NotificationsDbContext db, TimeProvider clock, Recipients recipients, MessageWriter writer,
    IOptions<NotificationsOptions> options) : InboxConsumer<OfferDeadlineExtended, NotificationsDbContext>(db, clock)
{
    protected override async Task HandleAsync(OfferDeadlineExtended message, CancellationToken ct)
    {
        var (partner, desk) = await recipients.OfFirmAsync(message.PartnerFirmId, Recipients.OffersDesk, ct);
        var referral = await Db.Referrals.FindAsync([message.ReferralId], ct);
        var referrer = await recipients.ReferrerForPartnerAsync(referral, message.ReferrerFirmId, ct);
        await writer.ToMembersAsync(message.EventId, MessageKinds.OfferExtended, partner, desk,
            (firm, _) => OfferLetters.Extended(referrer, referral, message.PreviousDueAt, message.DueAt, firm!.Zone), ct);

        var reminder = await Db.OfferReminders.FindAsync([message.OfferId], ct);
        if (reminder is null)
        {
            // The offer's own event has not arrived (another queue): it finds this later deadline and keeps it.
            Db.OfferReminders.Add(reminder = new OfferReminder { OfferId = message.OfferId, State = ReminderState.Waiting });
        }
        if (reminder.DueAt >= message.DueAt)
        {
            return;
        }
        var remindAt = OfferReminder.WorkingTimeBefore(partner.Week, Instant.FromDateTimeOffset(message.DueAt),
            Duration.FromTimeSpan(options.Value.ReminderLead)).ToDateTimeOffset();
        (reminder.ReferralId, reminder.ReferrerFirmId, reminder.PartnerFirmId, reminder.DueAt, reminder.RemindAt) =
            (message.ReferralId, message.ReferrerFirmId, message.PartnerFirmId, message.DueAt, remindAt);
        if (reminder.State is ReminderState.Answered or ReminderState.Withdrawn)
        {
            return; // answered (or lost to another partner) before this event arrived: nothing to remind of
        }
        if (remindAt <= message.OccurredAt)
        {
            reminder.State = ReminderState.NotNeeded; // the new deadline is inside the last business hour: this mail says it
            return;
        }
        if (reminder.State == ReminderState.Reminded)
        {
            // The first reminder is recorded under the offer and this mail under the event: the second needs an id of its own.
            reminder.RepeatId = Guid.NewGuid();
        }
        reminder.State = ReminderState.Waiting;
    }
}

public sealed class OfferDeadlineExtendedConsumerDefinition : InboxConsumerDefinition<OfferDeadlineExtendedConsumer>;
