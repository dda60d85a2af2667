using Marketplace.Portal.Gateway;
using Marketplace.Portal.Pages.Referrals;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Portal.Pages.Operator;

/// <summary>The operator's queue of disputed job values, oldest first; settling one fixes the value and the fee follows from the offer's terms.</summary>
public sealed class DisputesModel(GatewayClient gateway) : PortalPage(gateway)
{
    public List<DisputeItem> Disputes { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var disputes = await Gateway.GetAsync<List<DisputeItem>>("/api/matching/fees/disputes", ct);
        Disputes = Failed(disputes) ? [] : disputes.Value ?? [];
    }

    public async Task<IActionResult> OnPostSettleAsync(Guid referralId, decimal? jobValue, string? note, CancellationToken ct)
    {
        var settled = await Gateway.SendAsync<FeeItem>(HttpMethod.Post, $"/api/matching/fees/{referralId}/settle", new { jobValue, note }, ct);
        return await AfterAsync(settled,
            settled.Value is { } f ? $"Settled at {FeesModel.Money(f.JobValue, f.JobCurrency)}: the fee is {FeesModel.Money(f.Amount, f.Currency)}." : "Settled.",
            () => OnGetAsync(ct));
    }
}

/// <summary>A disputed fee with the referral's summary and both firms named.</summary>
public sealed record DisputeItem(FeeItem Fee, string Summary, string ReferrerName, string PartnerName);
