using Marketplace.Notifications.Data;
using Marketplace.Notifications.Members;
using Marketplace.Notifications.Messages;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Notifications.Preferences;

/// <summary>
/// A firm must never miss an offer through its settings: some Owner or Dispatcher keeps getting offers at once (a daily
/// digest would arrive after a 4-business-hour deadline). Changes are serialised per firm, so two people turning offers
/// off at the same moment cannot both succeed.
/// </summary>
public static class OfferCoverage
{
    /// <summary>Takes the firm's lock for the rest of the transaction; call inside one.</summary>
    public static Task LockAsync(NotificationsDbContext db, Guid firmId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext('offer-coverage:' || {firmId.ToString()}))", ct);

    /// <summary>Whether someone else in the firm would still get offers at once if <paramref name="member"/> set offers to <paramref name="delivery"/>.</summary>
    public static async Task<bool> StillCoveredAsync(NotificationsDbContext db, Member member, string kind, Delivery delivery, CancellationToken ct)
    {
        if (kind != MessageKinds.OfferMade || delivery == Delivery.Immediately || !member.TakesOffers)
        {
            return true;
        }
        var others = await db.Members.AsNoTracking()
            .Where(m => m.FirmId == member.FirmId && m.MemberId != member.MemberId && !m.Removed && (m.Role == ServiceDefaults.Roles.Owner || m.Role == ServiceDefaults.Roles.Dispatcher))
            .Select(m => m.MemberId).ToListAsync(ct);
        var away = await db.Preferences.AsNoTracking()
            .Where(p => others.Contains(p.MemberId) && p.Kind == MessageKinds.OfferMade && p.Delivery != Delivery.Immediately)
            .CountAsync(ct);
        return others.Count > away;
    }

    public const string Refusal = "Someone at your firm must get offers as they come: ask a colleague who is an Owner or Dispatcher to take them first.";
}
