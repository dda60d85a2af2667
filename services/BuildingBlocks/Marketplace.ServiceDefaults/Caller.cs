using System.Security.Claims;

namespace Marketplace.ServiceDefaults;

/// <summary>Who is calling, from the access token: every query is scoped to <see cref="FirmId"/>.</summary>
public sealed record Caller(string Subject, Guid FirmId, string Role, IReadOnlySet<string> Scopes)
{
    public static Caller Of(ClaimsPrincipal user) => new(
        user.FindFirstValue(MarketplaceClaims.Subject) ?? "",
        Guid.TryParse(user.FindFirstValue(MarketplaceClaims.FirmId), out var firm) ? firm : Guid.Empty,
        user.FindFirstValue(MarketplaceClaims.Role) ?? "",
        // RFC 9068: "scope" is one space-separated claim (some issuers repeat it); either way, a set.
        user.FindAll(MarketplaceClaims.Scope).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal));

    /// <summary>A named platform scope lets a machine client act beyond its own firm; nothing else does.</summary>
    public bool HasScope(string scope) => Role == Roles.Machine && Scopes.Contains(scope);

    public bool IsOwner => Role == Roles.Owner;

    /// <summary>The platform's operator: reviews evidence and settles disputes between firms.</summary>
    public bool IsOperator => Role == Roles.Admin;

    /// <summary>Owners and dispatchers act for the firm day to day; engineers and machines read.</summary>
    public bool CanDispatch => Role is Roles.Owner or Roles.Dispatcher;
}
