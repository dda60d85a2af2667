using Marketplace.Notifications.Data;
using Marketplace.Notifications.Firms;
using Marketplace.Notifications.Members;
using Marketplace.Notifications.Referrals;
using Marketplace.ServiceDefaults;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Notifications.Messages;

/// <summary>Who in a firm is told, by role; the firm's time zone dates what they read.</summary>
public sealed class Recipients(NotificationsDbContext db)
{
    public static readonly IReadOnlyList<string> OffersDesk = [Roles.Owner, Roles.Dispatcher];
    public static readonly IReadOnlyList<string> Owners = [Roles.Owner];

    /// <summary>
    /// The firm and its current members with one of <paramref name="roles"/>. A firm whose members Network has not
    /// announced here yet throws, so the event is retried (and lands in the error queue at worst), never dropped silently.
    /// </summary>
    public async Task<(Firm Firm, IReadOnlyList<Member> Members)> OfFirmAsync(Guid firmId, IReadOnlyList<string> roles, CancellationToken ct)
    {
        var firm = await db.Firms.AsNoTracking().FirstOrDefaultAsync(f => f.FirmId == firmId, ct);
        var members = await db.Members.AsNoTracking().Where(m => m.FirmId == firmId).ToListAsync(ct);
        if (firm is null || members.Count == 0)
        {
            throw new NotYetKnownException($"Firm {firmId} or its members are not known here yet.");
        }
        return (firm, [.. members.Where(m => !m.Removed && roles.Contains(m.Role))]);
    }

    /// <summary>The platform's operators (members with the Admin role), with their own firm for the zone.</summary>
    public async Task<IReadOnlyList<(Firm? Firm, Member Member)>> OperatorsAsync(CancellationToken ct)
    {
        var operators = await db.Members.AsNoTracking().Where(m => m.Role == Roles.Admin && !m.Removed).ToListAsync(ct);
        var firmIds = operators.Select(o => o.FirmId).Distinct().ToList();
        var firms = await db.Firms.AsNoTracking().Where(f => firmIds.Contains(f.FirmId)).ToDictionaryAsync(f => f.FirmId, ct);
        return [.. operators.Select(o => (firms.GetValueOrDefault(o.FirmId), o))];
    }

    /// <summary>The referrer's name for a partner's mail about an offer; null while the referral keeps it confidential.</summary>
    public async Task<string?> ReferrerForPartnerAsync(Referral? referral, Guid referrerFirmId, CancellationToken ct) =>
        Referral.NamesReferrer(referral) ? await NameOfAsync(referrerFirmId, ct) : null;

    /// <summary>A firm's name for the words of a message to another firm ("Northwind IT offers you …").</summary>
    public async Task<string> NameOfAsync(Guid firmId, CancellationToken ct) =>
        await db.Firms.AsNoTracking().Where(f => f.FirmId == firmId).Select(f => f.Name).FirstOrDefaultAsync(ct) is { Length: > 0 } name
            ? name : "A partner firm";
}

/// <summary>The event needs projections that have not arrived yet (they travel on other queues): retried later.</summary>
public sealed class NotYetKnownException(string message) : Exception(message);
