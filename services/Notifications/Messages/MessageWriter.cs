using Marketplace.Notifications.Data;
using Marketplace.Notifications.Firms;
using Marketplace.Notifications.Members;
using Marketplace.Notifications.Preferences;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Notifications.Messages;

/// <summary>
/// Records the messages an event causes, in the consumer's transaction: one per recipient who takes that kind (now or in
/// the digest), dated in the recipient's firm's zone, with a link that acts on it and one that stops this kind.
/// </summary>
public sealed class MessageWriter(NotificationsDbContext db, PortalLinks links, UnsubscribeLinks unsubscribe,
    IOptions<NotificationsOptions> options, TimeProvider clock)
{
    /// <summary>
    /// Writes the messages; with <paramref name="someoneAtOnce"/> (offers) the firm's Owners get it at once whatever
    /// they chose when nobody else would: a firm never misses an offer through its settings.
    /// </summary>
    public async Task<int> ToMembersAsync(Guid sourceId, string kind, Firm? firm, IReadOnlyList<Member> recipients,
        Func<Firm?, Member, Letter> write, CancellationToken ct, bool someoneAtOnce = false)
    {
        var reachable = recipients.Where(m => !m.Removed && (m.EmailVerified || !options.Value.OnlyVerifiedAddresses)).ToList();
        var ids = reachable.Select(m => m.MemberId).ToList();
        var chosen = await db.Preferences.AsNoTracking().Where(p => p.Kind == kind && ids.Contains(p.MemberId))
            .ToDictionaryAsync(p => p.MemberId, p => p.Delivery, ct);
        var deliveries = reachable.ToDictionary(m => m.MemberId, m => chosen.GetValueOrDefault(m.MemberId, Delivery.Immediately));
        if (someoneAtOnce && !deliveries.ContainsValue(Delivery.Immediately))
        {
            foreach (var owner in reachable.Where(m => m.Role == ServiceDefaults.Roles.Owner))
            {
                deliveries[owner.MemberId] = Delivery.Immediately;
            }
        }
        var written = 0;
        foreach (var member in reachable.Where(m => deliveries[m.MemberId] != Delivery.Off))
        {
            var unsubscribeUrl = links.Unsubscribe(unsubscribe.TokenFor(member.MemberId, kind));
            written += await AddAsync(sourceId, kind, member.MemberId, member.Email, member.Name, write(firm, member), unsubscribeUrl,
                deliveries[member.MemberId] == Delivery.Digest ? MessageStatus.Held : MessageStatus.Pending, ct) is null ? 0 : 1;
        }
        return written;
    }

    /// <summary>A mail to an address that must go out now (account mail): no preferences, no unsubscribe line.</summary>
    public async Task<bool> ToAddressAsync(Guid sourceId, string kind, string email, string name, Letter letter, CancellationToken ct) =>
        await AddAsync(sourceId, kind, null, Member.NormalizeEmail(email), name, letter, null, MessageStatus.Pending, ct) is not null;

    /// <summary>The message, or null when this source already wrote one to this address.</summary>
    internal async Task<Message?> AddAsync(Guid sourceId, string kind, Guid? memberId, string email, string name, Letter letter,
        string? unsubscribeUrl, MessageStatus status, CancellationToken ct)
    {
        if (await db.Messages.AnyAsync(m => m.SourceId == sourceId && m.Email == email, ct))
        {
            return null; // written before: this event, reminder or digest was already handled for this person
        }
        var actionUrl = letter.ActionPath.StartsWith("http", StringComparison.Ordinal) ? letter.ActionPath : links.To(letter.ActionPath);
        var greeting = name.Length > 0 ? $"Hello {name}," : "Hello,";
        // The body's link opens a portal page that asks before it unsubscribes (mail scanners follow links); the
        // List-Unsubscribe header keeps the API address, which mail programs POST to (RFC 8058).
        var (text, html) = letter.Render(greeting, actionUrl, unsubscribeUrl is null ? null : PortalLinks.UnsubscribePage(unsubscribeUrl),
            memberId is null ? null : links.To(PortalLinks.Preferences));
        var now = clock.GetUtcNow();
        var message = new Message
        {
            SourceId = sourceId, Kind = kind, MemberId = memberId, Email = email, Name = name,
            Subject = letter.Subject, Summary = letter.Summary, TextBody = text, HtmlBody = html, ActionUrl = actionUrl, UnsubscribeUrl = unsubscribeUrl,
            CreatedAt = now, NextAttemptAt = now, Status = status,
        };
        db.Messages.Add(message);
        return message;
    }
}
