using Marketplace.Contracts;
using Marketplace.Matching.Data;
using Marketplace.Messaging;

namespace Marketplace.Matching.Partners;

public sealed class FirmRegisteredConsumer(MatchingDbContext db, TimeProvider clock)
    : InboxConsumer<FirmRegistered, MatchingDbContext>(db, clock)
{
    protected override async Task HandleAsync(FirmRegistered message, CancellationToken ct)
    {
        if (await Db.Partners.FindAsync([message.FirmId], ct) is null)
        {
            Db.Partners.Add(new Partner
            {
                FirmId = message.FirmId,
                Name = message.Name,
                TimeZone = message.TimeZone,
                TakesReferrals = message.TakesReferrals,
                RegisteredAt = message.OccurredAt,
                ProfileAt = message.OccurredAt,
            });
        }
    }
}

public sealed class FirmRegisteredConsumerDefinition : InboxConsumerDefinition<FirmRegisteredConsumer>;
