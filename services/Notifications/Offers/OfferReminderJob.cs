using Marketplace.Messaging;
using Marketplace.Notifications.Data;
using Marketplace.Notifications.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Notifications.Offers;

/// <summary>
/// Writes the deadline reminders that are due, for offers still open. Reminders are claimed with SKIP LOCKED and their
/// messages written in the same transaction, so replicas share the work and a reminder is written once.
/// </summary>
public sealed class OfferReminderJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<NotificationsOptions> options, ILogger<OfferReminderJob> log)
    : PollingJob(log)
{
    private const int BatchSize = 20;

    protected override TimeSpan Interval => options.Value.ReminderInterval;

    /// <summary>Writes one batch of due reminders; returns how many reminders it handled.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        var recipients = scope.ServiceProvider.GetRequiredService<Recipients>();
        var writer = scope.ServiceProvider.GetRequiredService<MessageWriter>();
        var now = clock.GetUtcNow();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var due = await db.OfferReminders.FromSql($"""
            SELECT * FROM "OfferReminders" WHERE "State" = 'Waiting' AND "RemindAt" <= {now}
            ORDER BY "RemindAt" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        foreach (var reminder in due)
        {
            if (reminder.DueAt > now) // a reminder found after the deadline has nothing left to remind of
            {
                var (partner, desk) = await recipients.OfFirmAsync(reminder.PartnerFirmId, Recipients.OffersDesk, ct);
                var referral = await db.Referrals.FindAsync([reminder.ReferralId], ct);
                var referrer = await recipients.ReferrerForPartnerAsync(referral, reminder.ReferrerFirmId, ct);
                await writer.ToMembersAsync(reminder.SourceId, MessageKinds.OfferDeadline, partner, desk,
                    (firm, _) => OfferLetters.Reminder(referrer, referral, reminder.DueAt, firm!.Zone), ct);
            }
            reminder.State = ReminderState.Reminded;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return due.Count;
    }
}
