using Marketplace.Contracts;
using Marketplace.Messaging;
using Marketplace.Notifications.Data;
using Marketplace.Notifications.Messages;

namespace Marketplace.Notifications.Certifications;

/// <summary>
/// A certification waiting for review goes to the platform's operators; a verdict goes to the firm's Owners.
/// </summary>
public sealed class CertificationReviewedConsumer(NotificationsDbContext db, TimeProvider clock, Recipients recipients, MessageWriter writer)
    : InboxConsumer<CertificationReviewed, NotificationsDbContext>(db, clock)
{
    protected override async Task HandleAsync(CertificationReviewed message, CancellationToken ct)
    {
        var name = message.CertificationName;
        if (message.Status == "Pending")
        {
            var firmName = await recipients.NameOfAsync(message.FirmId, ct);
            foreach (var (firm, person) in await recipients.OperatorsAsync(ct))
            {
                await writer.ToMembersAsync(message.EventId, MessageKinds.CertificationToReview, firm, [person], (_, _) => new Letter(
                    $"{firmName} asks you to check {name}",
                    $"{firmName} added the certification {name}; it counts as verified only once you have checked it.",
                    "Review certifications", PortalLinks.CertificationsToReview), ct);
            }
            return;
        }
        if (message.Status is not ("Approved" or "Rejected"))
        {
            return; // nothing the firm must act on
        }
        var (owner, owners) = await recipients.OfFirmAsync(message.FirmId, Recipients.Owners, ct);
        var letter = message.Status == "Approved"
            ? new Letter($"{name} is verified", $"The marketplace's operator checked your certification {name}: it now counts as verified.",
                "See your profile", PortalLinks.Profile)
            : new Letter($"{name} was not approved",
                $"The marketplace's operator did not approve your certification {name}" + (message.Reason is { Length: > 0 } why ? $": \"{why}\"." : "."),
                ["Correct it on your profile and it will be checked again."], "See your profile", PortalLinks.Profile);
        await writer.ToMembersAsync(message.EventId, MessageKinds.CertificationReviewed, owner, owners, (_, _) => letter, ct);
    }
}

public sealed class CertificationReviewedConsumerDefinition : InboxConsumerDefinition<CertificationReviewedConsumer>;
