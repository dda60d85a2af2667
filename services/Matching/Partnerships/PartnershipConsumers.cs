using Marketplace.Contracts;
using Marketplace.Matching.Data;
using Marketplace.Messaging;

namespace Marketplace.Matching.Partnerships;

// Each event type has its own queue, so they may arrive in any order: every handler is an upsert that an
// older event cannot undo, and an ended partnership stays ended.

public sealed class PartnershipAcceptedConsumer(MatchingDbContext db, TimeProvider clock)
    : InboxConsumer<PartnershipAccepted, MatchingDbContext>(db, clock)
{
    protected override async Task HandleAsync(PartnershipAccepted message, CancellationToken ct)
    {
        var link = await PartnerLinks.GetOrAddAsync(Db, message.PartnershipId, message.InviterFirmId, message.InviteeFirmId, ct);
        if (link.StatusAt <= message.OccurredAt)
        {
            (link.Active, link.StatusAt) = (true, message.OccurredAt);
        }
    }
}

public sealed class PartnershipAcceptedConsumerDefinition : InboxConsumerDefinition<PartnershipAcceptedConsumer>;

public sealed class PartnershipEndedConsumer(MatchingDbContext db, TimeProvider clock)
    : InboxConsumer<PartnershipEnded, MatchingDbContext>(db, clock)
{
    protected override async Task HandleAsync(PartnershipEnded message, CancellationToken ct)
    {
        var link = await PartnerLinks.GetOrAddAsync(Db, message.PartnershipId, message.InviterFirmId, message.InviteeFirmId, ct);
        (link.Active, link.StatusAt) = (false, DateTimeOffset.MaxValue); // terminal
    }
}

public sealed class PartnershipEndedConsumerDefinition : InboxConsumerDefinition<PartnershipEndedConsumer>;

public sealed class AgreementChangedConsumer(MatchingDbContext db, TimeProvider clock)
    : InboxConsumer<AgreementChanged, MatchingDbContext>(db, clock)
{
    protected override async Task HandleAsync(AgreementChanged m, CancellationToken ct)
    {
        await PartnerLinks.GetOrAddAsync(Db, m.PartnershipId, m.InviterFirmId, m.InviteeFirmId, ct);
        if (await Db.AgreementVersions.FindAsync([m.PartnershipId, m.Version], ct) is null)
        {
            Db.AgreementVersions.Add(new AgreementVersion
            {
                PartnershipId = m.PartnershipId, Version = m.Version, EngagementModes = [.. m.EngagementModes], FeeKind = m.FeeKind,
                FeePercent = m.FeePercent, FeeAmount = m.FeeAmount, FeeCurrency = m.FeeCurrency, NonSolicitMonths = m.NonSolicitMonths,
                ResponseSlaBusinessHours = m.ResponseSlaBusinessHours, MaxConcurrentReferrals = m.MaxConcurrentReferrals, ChangedAt = m.OccurredAt,
            });
        }
    }
}

public sealed class AgreementChangedConsumerDefinition : InboxConsumerDefinition<AgreementChangedConsumer>;

internal static class PartnerLinks
{
    public static async Task<PartnerLink> GetOrAddAsync(MatchingDbContext db, Guid partnershipId, Guid inviter, Guid invitee, CancellationToken ct)
    {
        if (await db.PartnerLinks.FindAsync([partnershipId], ct) is { } link)
        {
            return link;
        }
        link = new PartnerLink { PartnershipId = partnershipId, InviterFirmId = inviter, InviteeFirmId = invitee, StatusAt = DateTimeOffset.MinValue };
        db.PartnerLinks.Add(link);
        return link;
    }
}
