using Marketplace.Portal.Gateway;

namespace Marketplace.Portal.Pages.Referrals;

public sealed class IndexModel(GatewayClient gateway) : PortalPage(gateway)
{
    public List<ReferralItem> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var answer = await Gateway.GetAsync<List<ReferralItem>>("/api/matching/referrals", ct);
        Items = Failed(answer) ? [] : answer.Value ?? [];
    }
}
