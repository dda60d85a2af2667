using System.Globalization;
using Marketplace.Portal.Gateway;
using Marketplace.Portal.Pages.Referrals;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Portal.Pages.Partner;

/// <summary>The partner's open offers, soonest due first; first accept wins, so an accepted offer goes straight to the referral.</summary>
public sealed class InboxModel(GatewayClient gateway) : PortalPage(gateway)
{
    public List<OfferItem> Offers { get; private set; } = [];

    /// <summary>The question form that was refused: its text is shown again, with why, beside it.</summary>
    public FormRefusal? Refused { get; private set; }

    /// <summary>A fresh key per form shown: a double-submitted question is asked once; a corrected one is a new request.</summary>
    public static string NewKey() => Guid.NewGuid().ToString("N");

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

    /// <summary>The partner asks the referrer about an offer; the deadline runs on.</summary>
    public async Task<IActionResult> OnPostAskAsync(Guid offerId, string? text, string? key, CancellationToken ct)
    {
        var asked = await Gateway.SendAsync<System.Text.Json.JsonElement>(HttpMethod.Post, $"/api/matching/offers/{offerId}/questions", new { text }, ct,
            idempotencyKey: string.IsNullOrWhiteSpace(key) ? null : key);
        if (asked.Problem is not { } problem)
        {
            return Done("Your question is with the referrer. Asking does not stop the clock: your deadline is unchanged.");
        }
        Refused = FormRefusal.Of(AskForm(offerId), text, problem, "text");
        await OnGetAsync(ct);
        if (!Offers.Any(o => o.OfferId == offerId && Shows(o)))
        {
            ModelState.AddModelError("", problem.Message); // the form is gone (the offer expired, was withdrawn or took all its questions): say why at the top
        }
        return Page();
    }

    public static string AskForm(Guid offerId) => $"ask-{offerId}";

    /// <summary>Whether the question form is shown: the offer takes more questions, and the person may ask them.</summary>
    public bool Shows(OfferItem offer) => Me.CanDispatch && offer.QuestionsLeft > 0;

    public async Task<IActionResult> OnPostDeclineAsync(Guid offerId, string reason, CancellationToken ct)
    {
        var declined = await Gateway.SendAsync(HttpMethod.Post, $"/api/matching/offers/{offerId}/decline", new { reason }, ct);
        return await AfterAsync(declined, "Declined; the referrer's next candidates are asked.", () => OnGetAsync(ct));
    }
}

public sealed record OfferItem(Guid OfferId, Guid ReferralId, string Summary, List<SkillItem> Skills, int EffortHours, int HoursPerWeek,
    DateOnly EarliestStart, DateOnly LatestStart, string EngagementMode, string Urgency, string? ClientName, int Wave, DateTimeOffset DueAt, OfferTermsItem? Terms,
    List<QuestionItem>? Questions = null, int QuestionsLeft = 0, DateTimeOffset? DeadlineExtendedAt = null, DateTimeOffset? OriginalDueAt = null);

/// <summary>The terms an offer carries: the agreement version the fee will be computed from (0 = platform terms, no fee).</summary>
public sealed record OfferTermsItem(Guid? PartnershipId, int AgreementVersion, string FeeKind, decimal? FeePercent, decimal? FeeAmount, string? FeeCurrency,
    List<string> EngagementModes, int ResponseSlaBusinessHours, int NonSolicitMonths, string Summary);
