using Microsoft.Extensions.Options;
using Marketplace.Contracts;
using Marketplace.Matching.Data;
using Marketplace.Matching.Referrals;
using Marketplace.Messaging;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Matching.Offers;

/// <summary>
/// Offers nobody answered in time expire, and a finished wave brings the next one, without anyone waiting on a
/// timer in memory: referrals with overdue offers are found in the database and each is changed under its row lock
/// taken with SKIP LOCKED (the same lock accepts take), so two instances share the work, a late accept and an expiry
/// cannot both win, and a referral someone is changing right now is left to the next tick.
/// </summary>
public sealed class OfferDeadlineJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<MatchingOptions> options, MatchingMetrics metrics, ILogger<OfferDeadlineJob> log)
    : PollingJob(log)
{
    protected override TimeSpan Interval => options.Value.OfferDeadlineInterval;

    /// <summary>One batch of referrals with overdue offers; returns how many were changed.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MatchingDbContext>();
        var matchmaker = scope.ServiceProvider.GetRequiredService<Matchmaker>();
        var due = await db.Database.SqlQuery<Guid>($"""
            SELECT "Id" AS "Value" FROM "Referrals" WHERE "Status" = 'Offering'
              AND "Id" IN (SELECT "ReferralId" FROM "Offers" WHERE "Status" = 'Open' AND "DueAt" <= {Instant.FromDateTimeOffset(clock.GetUtcNow())})
            LIMIT 20
            """).ToListAsync(ct);
        var changed = 0;
        foreach (var id in due)
        {
            Action? after = null;
            var change = await ReferralStore.ChangeAsync(db, id, null, _ => null, async (referral, now) =>
            {
                // Looked at again under the lock: an accept or another instance may have got there first.
                var overdue = referral.Offers.Where(o => o.Status == OfferStatus.Open && o.DueAt <= now).ToList();
                var waveOver = false;
                foreach (var offer in overdue)
                {
                    waveOver |= referral.Expire(offer, now);
                    db.AddIntegrationEvent(new OfferExpired(Guid.NewGuid(), now.ToDateTimeOffset(), offer.Id, referral.Id, referral.ReferrerFirmId, offer.PartnerFirmId),
                        referral.Id.ToString());
                }
                var offered = waveOver ? await matchmaker.OfferNextWaveAsync(db, referral, now, "system", $"wave {referral.Wave} expired unanswered; next wave", ct) : 0;
                after = overdue.Count == 0 ? null : () =>
                {
                    metrics.OffersExpired(overdue.Count);
                    metrics.AfterWave(referral, offered);
                };
            }, clock, ct, skipLocked: true);
            if (change is ReferralChange.Done && after is not null)
            {
                after(); // counted once committed
                changed++;
            }
        }
        return changed;
    }
}
