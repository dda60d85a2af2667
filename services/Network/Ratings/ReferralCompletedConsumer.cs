using Marketplace.Contracts;
using Marketplace.Messaging;
using Marketplace.Network.Data;

namespace Marketplace.Network.Ratings;

public sealed class ReferralCompletedConsumer(NetworkDbContext db, TimeProvider clock)
    : InboxConsumer<ReferralCompleted, NetworkDbContext>(db, clock)
{
    protected override async Task HandleAsync(ReferralCompleted message, CancellationToken ct)
    {
        if (await Db.CompletedReferrals.FindAsync([message.ReferralId], ct) is null)
        {
            Db.CompletedReferrals.Add(new CompletedReferral
            {
                ReferralId = message.ReferralId, ReferrerFirmId = message.ReferrerFirmId, PartnerFirmId = message.PartnerFirmId, CompletedAt = message.OccurredAt,
            });
        }
    }
}

public sealed class ReferralCompletedConsumerDefinition : InboxConsumerDefinition<ReferralCompletedConsumer>;
