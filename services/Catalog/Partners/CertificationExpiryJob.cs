using Marketplace.Catalog.Data;
using Marketplace.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Partners;

/// <summary>
/// When a certification lapses, the claims it backed stop counting as verified with no manual step: this job
/// finds lapsed, unannounced certifications (FOR UPDATE SKIP LOCKED, so two instances share the work) and sends
/// each affected partner's new snapshot through the outbox, in the same transaction that marks them announced.
/// </summary>
public sealed class CertificationExpiryJob(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration config, ILogger<CertificationExpiryJob> log)
    : PollingJob(log)
{
    protected override TimeSpan Interval => config.GetValue("Catalog:ExpiryCheckInterval", TimeSpan.FromMinutes(15));

    public override Task<int> RunOnceAsync(CancellationToken ct) => AnnounceExpiriesAsync(ct);

    /// <summary>One batch; returns how many partners got a new snapshot.</summary>
    public async Task<int> AnnounceExpiriesAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var lapsed = await db.Set<HeldCertification>().FromSql($"""
            SELECT * FROM "HeldCertifications"
            WHERE NOT "ExpiryAnnounced" AND "ExpiresOn" < {today}
            ORDER BY "ExpiresOn" LIMIT 200
            FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        if (lapsed.Count == 0)
        {
            return 0;
        }

        var lookup = await TaxonomyLookup.LoadAsync(db, ct);
        var firms = lapsed.Select(h => h.FirmId).Distinct().ToList();
        foreach (var profile in await db.PartnerProfiles.Where(p => firms.Contains(p.FirmId)).ToListAsync(ct))
        {
            db.AddIntegrationEvent(profile.Snapshot(lookup.EvidencedSkills, clock), profile.FirmId.ToString());
        }
        lapsed.ForEach(h => h.ExpiryAnnounced = true);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return firms.Count;
    }
}
