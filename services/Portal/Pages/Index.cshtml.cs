using System.Text.Json;
using Marketplace.Portal.Gateway;

namespace Marketplace.Portal.Pages;

public sealed class IndexModel(GatewayClient gateway) : PortalPage(gateway)
{
    public int Referrals { get; private set; }
    public int Active { get; private set; }
    public int OpenOffers { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var referrals = Gateway.GetAsync<List<JsonElement>>("/api/matching/referrals", ct);
        var offers = Gateway.GetAsync<List<JsonElement>>("/api/matching/offers", ct);
        var mine = (await referrals).Value ?? [];
        Referrals = mine.Count;
        Active = mine.Count(r => r.GetProperty("status").GetString() is "Accepted" or "Confirmed" or "InProgress");
        OpenOffers = (await offers).Value?.Count ?? 0;
    }
}
