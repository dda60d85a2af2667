using Marketplace.Scheduling.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Scheduling.Partnerships;

/// <summary>
/// A partnership between two firms, projected from Network: a member may ask about an active partner's availability
/// (earliest start, whether a plan fits), never about a firm it has no partnership with.
/// </summary>
public sealed class PartnerLink
{
    public Guid PartnershipId { get; init; }
    public Guid InviterFirmId { get; set; }
    public Guid InviteeFirmId { get; set; }
    public bool Active { get; set; }
    /// <summary>When <see cref="Active"/> was last set; <see cref="Ended"/> once ended, which no acceptance comes after.</summary>
    public DateTimeOffset StatusAt { get; set; }

    /// <summary>The status time of an ended partnership: later than any acceptance (PostgreSQL's infinity).</summary>
    public static readonly DateTimeOffset Ended = DateTimeOffset.MaxValue;
}

public static class PartnerLinks
{
    /// <summary>The firms in an active partnership with <paramref name="firmId"/>.</summary>
    public static async Task<HashSet<Guid>> ActivePartnersOfAsync(SchedulingDbContext db, Guid firmId, CancellationToken ct) =>
        [.. await db.PartnerLinks.AsNoTracking().Where(l => l.Active && (l.InviterFirmId == firmId || l.InviteeFirmId == firmId))
            .Select(l => l.InviterFirmId == firmId ? l.InviteeFirmId : l.InviterFirmId).ToListAsync(ct)];
}
