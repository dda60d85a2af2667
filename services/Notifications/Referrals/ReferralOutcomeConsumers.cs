using Marketplace.Contracts;
using Marketplace.Messaging;
using Marketplace.Notifications.Data;
using Marketplace.Notifications.Messages;

namespace Marketplace.Notifications.Referrals;

/// <summary>Tells the partner's Owners and Dispatchers that the referrer confirmed them: the job is booked.</summary>
public sealed class ReferralMatchedConsumer(NotificationsDbContext db, TimeProvider clock, Recipients recipients, MessageWriter writer)
    : InboxConsumer<ReferralMatched, NotificationsDbContext>(db, clock)
{
    protected override async Task HandleAsync(ReferralMatched message, CancellationToken ct)
    {
        var (partner, desk) = await recipients.OfFirmAsync(message.PartnerFirmId, Recipients.OffersDesk, ct);
        var referral = await Db.Referrals.FindAsync([message.ReferralId], ct);
        var referrer = await recipients.NameOfAsync(message.ReferrerFirmId, ct);
        var when = (message.PlannedStart, message.PlannedFinish) switch
        {
            ({ } start, { } finish) => $", from {Words.On(start)} to {Words.On(finish)}",
            ({ } start, null) => $", from {Words.On(start)}",
            _ => "",
        };
        await writer.ToMembersAsync(message.EventId, MessageKinds.ReferralMatched, partner, desk, (_, _) => new Letter(
            $"{referrer} confirmed you for {referral?.Job ?? "a job"}",
            $"{referrer} confirmed your firm for {referral?.Job ?? "a job"}{when}; your engineers' time is booked.",
            "See the job", PortalLinks.Referral(message.ReferralId)), ct);
    }
}

/// <summary>Tells the referrer's Owners and Dispatchers that nobody could take the referral, and what would help.</summary>
public sealed class ReferralUnmatchedConsumer(NotificationsDbContext db, TimeProvider clock, Recipients recipients, MessageWriter writer)
    : InboxConsumer<ReferralUnmatched, NotificationsDbContext>(db, clock)
{
    protected override async Task HandleAsync(ReferralUnmatched message, CancellationToken ct)
    {
        var (referrer, desk) = await recipients.OfFirmAsync(message.ReferrerFirmId, Recipients.OffersDesk, ct);
        var yours = Referral.Yours(await Db.Referrals.FindAsync([message.ReferralId], ct));
        IReadOnlyList<string> help = message.Help.Count == 0 ? [] : ["What would help:", .. message.Help.Select(h => "• " + h)];
        await writer.ToMembersAsync(message.EventId, MessageKinds.ReferralUnmatched, referrer, desk, (_, _) => new Letter(
            $"Nobody could take {yours}",
            $"Nobody could take {yours}: {message.Why.TrimEnd('.')}.", help,
            "Change the referral", PortalLinks.Referral(message.ReferralId)), ct);
    }
}

public sealed class ReferralMatchedConsumerDefinition : InboxConsumerDefinition<ReferralMatchedConsumer>;
public sealed class ReferralUnmatchedConsumerDefinition : InboxConsumerDefinition<ReferralUnmatchedConsumer>;
