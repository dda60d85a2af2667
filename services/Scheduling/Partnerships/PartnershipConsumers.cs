using Marketplace.Contracts;
using Marketplace.Messaging;
using Marketplace.Scheduling.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Scheduling.Partnerships;

// Each event type has its own queue, so they may arrive in any order, even at once: an acceptance older than what is
// recorded changes nothing, and an ended partnership stays ended (a new partnership between the same firms has a new
// id). Each is one upsert whose condition the database checks against the row as committed, so a concurrent
// acceptance cannot write over an end it did not see.

public sealed class PartnershipAcceptedConsumer(SchedulingDbContext db, TimeProvider clock)
    : InboxConsumer<PartnershipAccepted, SchedulingDbContext>(db, clock)
{
    protected override async Task HandleAsync(PartnershipAccepted m, CancellationToken ct) =>
        await Db.Database.ExecuteSqlAsync($"""
            INSERT INTO "PartnerLinks" ("PartnershipId", "InviterFirmId", "InviteeFirmId", "Active", "StatusAt")
            VALUES ({m.PartnershipId}, {m.InviterFirmId}, {m.InviteeFirmId}, TRUE, {m.OccurredAt})
            ON CONFLICT ("PartnershipId") DO UPDATE SET "Active" = TRUE, "StatusAt" = EXCLUDED."StatusAt"
            WHERE "PartnerLinks"."StatusAt" <= EXCLUDED."StatusAt"
            """, ct);
}

public sealed class PartnershipAcceptedConsumerDefinition : InboxConsumerDefinition<PartnershipAcceptedConsumer>;

public sealed class PartnershipEndedConsumer(SchedulingDbContext db, TimeProvider clock)
    : InboxConsumer<PartnershipEnded, SchedulingDbContext>(db, clock)
{
    protected override async Task HandleAsync(PartnershipEnded m, CancellationToken ct) =>
        await Db.Database.ExecuteSqlAsync($"""
            INSERT INTO "PartnerLinks" ("PartnershipId", "InviterFirmId", "InviteeFirmId", "Active", "StatusAt")
            VALUES ({m.PartnershipId}, {m.InviterFirmId}, {m.InviteeFirmId}, FALSE, {PartnerLink.Ended})
            ON CONFLICT ("PartnershipId") DO UPDATE SET "Active" = FALSE, "StatusAt" = EXCLUDED."StatusAt"
            """, ct);
}

public sealed class PartnershipEndedConsumerDefinition : InboxConsumerDefinition<PartnershipEndedConsumer>;
