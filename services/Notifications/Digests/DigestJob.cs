using System.Security.Cryptography;
using System.Text;
using Marketplace.Messaging;
using Marketplace.Notifications.Data;
using Marketplace.Notifications.Members;
using Marketplace.Notifications.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Marketplace.Notifications.Digests;

/// <summary>
/// Gathers the messages members take in the daily digest into one mail at 08:00 in their firm's zone: a held message
/// goes out in the first digest after it was written. Held rows are locked (SKIP LOCKED) and the digest written in the
/// same transaction, so replicas never send a digest twice.
/// </summary>
public sealed class DigestJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<NotificationsOptions> options, ILogger<DigestJob> log)
    : PollingJob(log)
{
    protected override TimeSpan Interval => options.Value.DigestInterval;

    public override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await GatherDueAsync(ct);
        return 0; // one pass gathers every digest that is due
    }

    /// <summary>Writes every digest that is due; returns how many.</summary>
    public async Task<int> GatherDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        var writer = scope.ServiceProvider.GetRequiredService<MessageWriter>();
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var waiting = await db.Messages.Where(m => m.Status == MessageStatus.Held && m.MemberId != null)
            .GroupBy(m => m.MemberId!.Value).Select(g => new { MemberId = g.Key, Oldest = g.Min(m => m.CreatedAt) }).ToListAsync(ct);
        var written = 0;
        foreach (var member in waiting)
        {
            var person = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.MemberId == member.MemberId, ct);
            var firm = person is null ? null : await db.Firms.AsNoTracking().FirstOrDefaultAsync(f => f.FirmId == person.FirmId, ct);
            var due = NextDigest(Instant.FromDateTimeOffset(member.Oldest), firm?.Zone ?? DateTimeZone.Utc, options.Value.DigestTime);
            if (due <= now)
            {
                written += await GatherAsync(db, writer, member.MemberId, person, firm?.Zone ?? DateTimeZone.Utc, due, ct);
                db.ChangeTracker.Clear();
            }
        }
        return written;
    }

    /// <summary>The first digest time after <paramref name="written"/>, in the member's zone.</summary>
    public static Instant NextDigest(Instant written, DateTimeZone zone, LocalTime at)
    {
        var date = written.InZone(zone).Date;
        var today = zone.AtLeniently(date + at).ToInstant();
        return today > written ? today : zone.AtLeniently(date.PlusDays(1) + at).ToInstant();
    }

    private static async Task<int> GatherAsync(NotificationsDbContext db, MessageWriter writer, Guid memberId, Member? person, DateTimeZone zone,
        Instant due, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var held = await db.Messages.FromSql($"""
            SELECT * FROM "Messages" WHERE "MemberId" = {memberId} AND "Status" = 'Held' AND "CreatedAt" < {due.ToDateTimeOffset()}
            ORDER BY "CreatedAt" FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        if (held.Count == 0)
        {
            return 0; // another replica is gathering them
        }
        Message? digest = null;
        if (person is { Removed: false })
        {
            digest = await writer.AddAsync(SourceOf(memberId, due), MessageKinds.Digest, memberId, person.Email, person.Name,
                Letter(held, due, zone), null, MessageStatus.Pending, ct);
        }
        foreach (var message in held)
        {
            message.Status = digest is null ? MessageStatus.Failed : MessageStatus.Digested;
            message.DigestId = digest?.Id;
            message.LastError = digest is null ? "The member is no longer in the firm." : null;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return digest is null ? 0 : 1;
    }

    private static Letter Letter(List<Message> held, Instant due, DateTimeZone zone) =>
        new($"Your Marketplace digest for {Words.On(due.InZone(zone).Date.ToDateOnly())}: {held.Count} update{(held.Count == 1 ? "" : "s")}",
            "Here is what happened since your last digest:",
            [.. held.Select(m => $"• {m.Summary}" + (m.ActionUrl is null ? "" : $" {m.ActionUrl}"))],
            "Open the portal", "/portal");

    /// <summary>One digest per member and digest time, whichever replica writes it.</summary>
    private static Guid SourceOf(Guid memberId, Instant due) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"digest:{memberId:N}:{due.ToUnixTimeTicks()}"))[..16]);
}
