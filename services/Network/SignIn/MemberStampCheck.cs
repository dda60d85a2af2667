using Marketplace.Network.Data;
using Marketplace.ServiceDefaults;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Network.SignIn;

/// <summary>
/// Network's own check of an access token's security stamp: straight from its database on every request, no cache
/// (the other services ask Network through <c>GET /api/network/me/session</c>, which is answered by this very check).
/// A database that is down surfaces as an exception, and the request is answered 503 with Retry-After.
/// </summary>
internal sealed class MemberStampCheck(NetworkDbContext db) : ISessionStampCheck
{
    public async Task<bool> IsCurrentAsync(string subject, string stamp, string accessToken, CancellationToken ct) =>
        Guid.TryParse(subject, out var member) && Guid.TryParse(stamp, out var current)
        && await db.Members.AnyAsync(m => m.Id == member && m.SecurityStamp == current, ct);
}
