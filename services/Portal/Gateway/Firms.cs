namespace Marketplace.Portal.Gateway;

/// <param name="TakesReferrals">The firm's own setting.</param>
/// <param name="AcceptsReferrals">What the marketplace goes by: the setting, once an Owner of the firm has verified their address (null from an older Network).</param>
/// <param name="HolidayCountry">Whose public holidays the firm keeps (ISO 3166-1 alpha-2), or null for none.</param>
/// <param name="ClosingDays">The firm's own closing days: "YYYY-MM-DD" once, "MM-DD" every year.</param>
public sealed record FirmItem(Guid Id, string Name, string Description, List<string> Regions, string TimeZone, List<int> WorkingDays,
    string OpensAt, string ClosesAt, bool TakesReferrals, bool? AcceptsReferrals = null, string? HolidayCountry = null, string? HolidayRegion = null,
    List<string>? ClosingDays = null)
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

/// <summary>A country whose public holidays a firm may keep, with its regions where they differ (Network's holiday calendars).</summary>
public sealed record HolidayCountryItem(string Code, string Name, string NoRegion, List<HolidayRegionItem> Regions);
public sealed record HolidayRegionItem(string Code, string Name);
