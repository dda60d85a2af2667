using Marketplace.Contracts;
using Marketplace.Messaging;
using Marketplace.Notifications.Data;
using Marketplace.Notifications.Messages;
using Marketplace.Notifications.Referrals;

namespace Marketplace.Notifications.Fees;

/// <summary>Tells the payer's Owners that the fee's job value is disputed, and the platform's operators that they must settle it.</summary>
public sealed class FeeDisputedConsumer(NotificationsDbContext db, TimeProvider clock, Recipients recipients, MessageWriter writer)
    : InboxConsumer<FeeDisputed, NotificationsDbContext>(db, clock)
{
    protected override async Task HandleAsync(FeeDisputed message, CancellationToken ct)
    {
        var (payer, owners) = await recipients.OfFirmAsync(message.PayerFirmId, Recipients.Owners, ct);
        var payee = await recipients.NameOfAsync(message.PayeeFirmId, ct);
        var job = (await Db.Referrals.FindAsync([message.ReferralId], ct))?.Job ?? "a job";
        await writer.ToMembersAsync(message.EventId, MessageKinds.FeeDisputed, payer, owners, (_, _) => new Letter(
            $"The fee for {job} is disputed",
            $"The job value of your fee to {payee} for {job} is disputed: \"{message.Reason}\". The marketplace's operator will settle it.",
            "See your fees", PortalLinks.Fees), ct);

        // The referrer, whose stated value is in question, hears of it too.
        var (payeeFirm, payeeOwners) = await recipients.OfFirmAsync(message.PayeeFirmId, Recipients.Owners, ct);
        await writer.ToMembersAsync(message.EventId, MessageKinds.FeeDisputed, payeeFirm, payeeOwners, (_, _) => new Letter(
            $"{payer.Name} disputes the job value of {job}",
            $"{payer.Name} disputes the job value you stated for {job}: \"{message.Reason}\". The marketplace's operator will settle it.",
            "See your fees", PortalLinks.Fees), ct);

        foreach (var (firm, person) in await recipients.OperatorsAsync(ct))
        {
            await writer.ToMembersAsync(message.EventId, MessageKinds.FeeDisputed, firm, [person], (_, _) => new Letter(
                $"A fee dispute to settle: {payer.Name} and {payee}",
                $"{payer.Name} disputes the job value of its fee to {payee} for {job}: \"{message.Reason}\".",
                "Settle the dispute", PortalLinks.Disputes), ct);
        }
    }
}

public sealed class FeeDisputedConsumerDefinition : InboxConsumerDefinition<FeeDisputedConsumer>;
