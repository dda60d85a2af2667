using Marketplace.Catalog.Data;
using Marketplace.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Catalog.Partners;

/// <summary>
/// When an approved certification lapses, the claims it backed stop counting as verified with no manual step: this
/// job finds partners with lapsed, unannounced certifications, locks them (FOR UPDATE SKIP LOCKED, so two instances
/// share the work, in the same order a save or a review locks: the profile first) and sends each partner whose
/// verification changed its new snapshot through the outbox, in the same transaction that marks the lapses announced.
/// </summary>
public sealed class CertificationExpiryJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<CatalogOptions> options, ILogger<CertificationExpiryJob> log)
    : PollingJob(log)
{
    protected override TimeSpan Interval => options.Value.ExpiryCheckInterval;

    public override Task<int> RunOnceAsync(CancellationToken ct) => AnnounceExpiriesAsync(ct);

    /// <summary>One batch; returns how many partners' lapses it handled (0 when there were none).</summary>
    public async Task<int> AnnounceExpiriesAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var today = PartnerSkillsApi.Today(clock);
        var firms = await db.Database.SqlQuery<Guid>($"""
            SELECT p."FirmId" AS "Value" FROM "PartnerProfiles" p
            WHERE p."FirmId" IN (
                SELECT h."FirmId" FROM "HeldCertifications" h
                WHERE NOT h."ExpiryAnnounced" AND h."ExpiresOn" < {today}
                ORDER BY h."ExpiresOn" LIMIT 200)
            FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        if (firms.Count == 0)
        {
            return 0;
        }

        var lookup = await TaxonomyLookup.LoadAsync(db, ct);
        foreach (var profile in await db.PartnerProfiles.Where(p => firms.Contains(p.FirmId)).ToListAsync(ct))
        {
            if (profile.AnnounceLapses(today))
            {
                db.AddIntegrationEvent(profile.Snapshot(lookup.EvidencedSkills, clock), profile.FirmId.ToString());
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return firms.Count;
    }
}
