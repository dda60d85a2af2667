using Microsoft.Extensions.Options;
using Marketplace.Contracts;
using Marketplace.Matching.Data;
using Marketplace.Matching.Offers;
using Marketplace.Messaging;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Matching.Referrals;

/// <summary>
/// A step that waits on Scheduling (an accept, a confirmation) is finished by the request that began it, in seconds.
/// When that request's instance dies half-way, nobody would: this job finds steps pending longer than
/// <see cref="Referral.PendingTimeout"/> and settles each under the referral's row lock taken with SKIP LOCKED (as the
/// deadline job does), without calling anyone. A stalled accept is finished: it was first, and its time is held on
/// confirmation, as when Scheduling is down. A stalled confirmation is given up: the referral stays Accepted and the
/// referrer confirms again. Should the request come back after all, it finds the step settled and acts on that
/// (it keeps its holds for an accept the job finished, and releases them otherwise).
/// </summary>
public sealed class PendingStepJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<MatchingOptions> options, MatchingMetrics metrics, ILogger<PendingStepJob> log)
    : PollingJob(log)
{
    protected override TimeSpan Interval => options.Value.PendingStepInterval;

    /// <summary>One batch of stalled steps; returns how many were settled.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MatchingDbContext>();
        var stalledSince = Instant.FromDateTimeOffset(clock.GetUtcNow()) - Referral.PendingTimeout;
        var stalled = await db.Referrals.AsNoTracking().Where(r => r.Pending != null && r.PendingSince <= stalledSince)
            .OrderBy(r => r.PendingSince).Select(r => r.Id).Take(20).ToListAsync(ct);
        var settled = 0;
        foreach (var id in stalled)
        {
            Action? after = null;
            var change = await ReferralStore.ChangeAsync(db, id, null, _ => null, (referral, now) =>
            {
                if (!referral.PendingStalled(now))
                {
                    return; // finished by its request meanwhile
                }
                var attempt = referral.PendingAttempt!.Value;
                if (referral.Pending == PendingStep.Accept)
                {
                    var offer = referral.Offers.Single(o => o.Status == OfferStatus.Accepting);
                    referral.FinishAccept(offer.Id, attempt, now, referral.PendingBy ?? "system");
                    referral.Record(referral.Status, referral.Status, now, "system",
                        "hold pending: the accept was not finished within a minute; the partner's time is held on confirmation");
                    db.AddIntegrationEvent(new OfferAccepted(Guid.NewGuid(), now.ToDateTimeOffset(), offer.Id, referral.Id, referral.ReferrerFirmId, offer.PartnerFirmId),
                        referral.Id.ToString());
                    after = () => metrics.OfferAccepted((now - referral.PostedAt).ToTimeSpan());
                }
                else
                {
                    referral.AbandonConfirm(attempt, "it was not finished within a minute; confirm again.", now, "system");
                    after = () => { };
                }
            }, clock, ct, skipLocked: true);
            if (change is ReferralChange.Done && after is not null)
            {
                after(); // counted once committed
                settled++;
            }
        }
        return settled;
    }
}
