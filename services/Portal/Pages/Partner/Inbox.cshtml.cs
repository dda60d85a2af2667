using System.Globalization;
using Marketplace.Portal.Gateway;
using Marketplace.Portal.Pages.Referrals;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Portal.Pages.Partner;

/// <summary>The partner's open offers, soonest due first; first accept wins, so an accepted offer goes straight to the referral.</summary>
public sealed class InboxModel(GatewayClient gateway) : PortalPage(gateway)
{
    public List<OfferItem> Offers { get; private set; } = [];

    /// <summary>The fee the offer's terms set, in a few words (the fee is computed from exactly these terms).</summary>
    public static string Fee(OfferTermsItem? terms) => terms switch
    {
        { FeeKind: "Percent", FeePercent: { } pct } => $"{pct.ToString("0.##", CultureInfo.InvariantCulture)} % of the job value",
        { FeeKind: "Flat", FeeAmount: { } amount } => $"{amount.ToString("N2", CultureInfo.InvariantCulture)} {terms.FeeCurrency} per job",
        { FeeKind: "Reciprocity" } => "none (reciprocity)",
        _ => "none",
    };

    public async Task OnGetAsync(CancellationToken ct)
    {
        var inbox = await Gateway.GetAsync<List<OfferItem>>("/api/matching/offers", ct);
        Offers = Failed(inbox) ? [] : inbox.Value ?? [];
    }

    public async Task<IActionResult> OnPostAcceptAsync(Guid offerId, CancellationToken ct)
    {
        var accepted = await Gateway.SendAsync<ReferralItem>(HttpMethod.Post, $"/api/matching/offers/{offerId}/accept", null, ct);
        if (Failed(accepted))
        {
            await OnGetAsync(ct);
            return Page();
        }
        Notice = "Accepted: your engineers' time is held; the referrer confirms next.";
        return Redirect($"/portal/referrals/{accepted.Value!.Id}");
    }

    public async Task<IActionResult> OnPostDeclineAsync(Guid offerId, string reason, CancellationToken ct)
    {
        var declined = await Gateway.SendAsync(HttpMethod.Post, $"/api/matching/offers/{offerId}/decline", new { reason }, ct);
        return await AfterAsync(declined, "Declined; the referrer's next candidates are asked.", () => OnGetAsync(ct));
    }
}

public sealed record OfferItem(Guid OfferId, Guid ReferralId, string Summary, List<SkillItem> Skills, int EffortHours, int HoursPerWeek,
    DateOnly EarliestStart, DateOnly LatestStart, string EngagementMode, string Urgency, string? ClientName, int Wave, DateTimeOffset DueAt, OfferTermsItem? Terms);

/// <summary>The terms an offer carries: the agreement version the fee will be computed from (0 = platform terms, no fee).</summary>
public sealed record OfferTermsItem(Guid? PartnershipId, int AgreementVersion, string FeeKind, decimal? FeePercent, decimal? FeeAmount, string? FeeCurrency,
    List<string> EngagementModes, int ResponseSlaBusinessHours, int NonSolicitMonths, string Summary);
