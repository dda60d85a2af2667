using Marketplace.Contracts;
using Marketplace.Messaging;
using Marketplace.Notifications.Data;
using Marketplace.Notifications.Messages;

namespace Marketplace.Notifications.Partnerships;

/// <summary>Asks the counterparty's Owners to countersign proposed terms: nothing binds them until they do.</summary>
public sealed class AgreementProposedConsumer(NotificationsDbContext db, TimeProvider clock, Recipients recipients, MessageWriter writer)
    : InboxConsumer<AgreementProposed, NotificationsDbContext>(db, clock)
{
    protected override async Task HandleAsync(AgreementProposed message, CancellationToken ct)
    {
        var (counterparty, owners) = await recipients.OfFirmAsync(message.CounterpartyFirmId, Recipients.Owners, ct);
        var proposer = await recipients.NameOfAsync(message.ProposerFirmId, ct);
        await writer.ToMembersAsync(message.EventId, MessageKinds.AgreementProposed, counterparty, owners, (_, _) => new Letter(
            $"{proposer} proposes new partnership terms",
            $"{proposer} proposes new terms for your partnership (version {message.Version}); they apply only once you countersign them.",
            "Review the terms", PortalLinks.Partnerships), ct);
    }
}

public sealed class AgreementProposedConsumerDefinition : InboxConsumerDefinition<AgreementProposedConsumer>;
