using Marketplace.Contracts;
using Marketplace.Matching.Data;
using Marketplace.Matching.Referrals;
using Marketplace.Messaging;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Matching.Offers;

/// <summary>
/// Offers nobody answered in time expire, and a finished wave brings the next one, without anyone waiting on a
/// timer in memory: referrals with overdue offers are claimed from the database with FOR UPDATE SKIP LOCKED (the
/// same row lock accepts take), so two instances share the work and a late accept and an expiry cannot both win.
/// </summary>
public sealed class OfferDeadlineJob(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration config, ILogger<OfferDeadlineJob> log)
    : PollingJob(log)
{
    protected override TimeSpan Interval => config.GetValue("Matching:OfferDeadlineInterval", TimeSpan.FromSeconds(15));

    public override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MatchingDbContext>();
        var matchmaker = scope.ServiceProvider.GetRequiredService<Matchmaker>();
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var due = await db.Database.SqlQuery<Guid>($"""
            SELECT "Id" AS "Value" FROM "Referrals" WHERE "Status" = 'Offering'
              AND "Id" IN (SELECT "ReferralId" FROM "Offers" WHERE "Status" = 'Open' AND "DueAt" <= {now})
            LIMIT 20 FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        var metrics = new List<Action>();
        foreach (var id in due)
        {
            var referral = await db.Referrals.Include(r => r.Offers).FirstAsync(r => r.Id == id, ct);
            var waveOver = false;
            var overdue = referral.Offers.Where(o => o.Status == OfferStatus.Open && o.DueAt <= now).ToList();
            foreach (var offer in overdue)
            {
                waveOver |= referral.Expire(offer, now);
                db.AddIntegrationEvent(new OfferExpired(Guid.NewGuid(), now.ToDateTimeOffset(), offer.Id, referral.Id, referral.ReferrerFirmId, offer.PartnerFirmId),
                    referral.Id.ToString());
            }
            var offered = waveOver ? await matchmaker.OfferNextWaveAsync(db, referral, now, "system", $"wave {referral.Wave} expired unanswered; next wave", ct) : 0;
            metrics.Add(() =>
            {
                MatchingMetrics.OffersExpired(overdue.Count);
                MatchingMetrics.AfterWave(referral, offered);
            });
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        metrics.ForEach(m => m());
        return due.Count;
    }
}
