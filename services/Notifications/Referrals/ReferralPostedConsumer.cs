using Marketplace.Contracts;
using Marketplace.Messaging;
using Marketplace.Notifications.Data;

namespace Marketplace.Notifications.Referrals;

public sealed class ReferralPostedConsumer(NotificationsDbContext db, TimeProvider clock)
    : InboxConsumer<ReferralPosted, NotificationsDbContext>(db, clock)
{
    protected override async Task HandleAsync(ReferralPosted message, CancellationToken ct)
    {
        if (await Db.Referrals.FindAsync([message.ReferralId], ct) is not null)
        {
            return;
        }
        Db.Referrals.Add(new Referral
        {
            ReferralId = message.ReferralId,
            ReferrerFirmId = message.ReferrerFirmId,
            SkillNames = [.. message.SkillNames is { Count: > 0 } names && names.Count == message.SkillIds.Count ? names : message.SkillIds],
            EffortHours = message.EffortHours,
            HoursPerWeek = message.HoursPerWeek,
            EarliestStart = message.EarliestStart,
            Confidential = message.Confidential,
        });
    }
}

public sealed class ReferralPostedConsumerDefinition : InboxConsumerDefinition<ReferralPostedConsumer>;
