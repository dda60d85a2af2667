namespace Marketplace.Portal.Gateway;

/// <param name="TakesReferrals">The firm's own setting.</param>
/// <param name="AcceptsReferrals">What the marketplace goes by: the setting, once an Owner of the firm has verified their address (null from an older Network).</param>
public sealed record FirmItem(Guid Id, string Name, string Description, List<string> Regions, string TimeZone, List<int> WorkingDays,
    string OpensAt, string ClosesAt, bool TakesReferrals, bool? AcceptsReferrals = null)
{
    /// <summary>The firm wants referrals but gets none until an Owner verifies their address.</summary>
    public bool WaitsForVerifiedOwner => TakesReferrals && AcceptsReferrals == false;
}

public static class Firms
{
    /// <summary>Names for the firms a page mentions by id (Network's public firm profiles), asked for together.</summary>
    public static async Task<Dictionary<Guid, string>> FirmNamesAsync(this GatewayClient gateway, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var answers = await Task.WhenAll(ids.Distinct().Take(50).Select(id => gateway.GetAsync<FirmItem>($"/api/network/firms/{id}", ct)));
        return answers.Where(a => a.Value is not null).ToDictionary(a => a.Value!.Id, a => a.Value!.Name);
    }
}
