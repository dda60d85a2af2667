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

    /// <summary>The reasons a partner taps to decline, with the words on their buttons (the API's codes).</summary>
    public static readonly (string Code, string Words)[] Reasons =
        [("TooBusy", "Too busy"), ("OutsideSkills", "Outside our skills"), ("Budget", "Budget too low"), ("Dates", "Dates do not work")];

    /// <summary>"2 new since you last opened the inbox · 1 due within 2 business hours · 5 open".</summary>
    public string CountsLine
    {
        get
        {
            var (fresh, soon) = (Offers.Count(o => o.IsNew), Offers.Count(o => o.DueSoon));
            return string.Join(" · ", new[]
            {
                fresh == 0 ? "Nothing new since you last opened the inbox" : $"{fresh} new since you last opened the inbox",
                soon == 0 ? null : $"{soon} due within 2 business hours",
                $"{Offers.Count} open",
            }.OfType<string>());
        }
    }

    public static string Region(OfferItem o)
    {
        var zone = $"client's time zone {o.ClientTimeZone ?? "not given"}";
        return o.ReferrerRegions is { Count: > 0 } regions ? $"{string.Join(", ", regions)} ({zone})" : char.ToUpperInvariant(zone[0]) + zone[1..];
    }

    public static string Budget(BudgetItem? budget) => budget switch
    {
        null => "None stated",
        { Min: { } min, Max: { } max } when min == max => $"{Money(min)} {budget.Currency}".TrimEnd(),
        { Min: { } min, Max: { } max } => $"{Money(min)}–{Money(max)} {budget.Currency}".TrimEnd(),
        { Max: { } max } => $"up to {Money(max)} {budget.Currency}".TrimEnd(),
        { Min: { } min } => $"from {Money(min)} {budget.Currency}".TrimEnd(),
        _ => "None stated",
    };

    private static string Money(decimal amount) => amount.ToString(amount == decimal.Truncate(amount) ? "N0" : "N2", CultureInfo.InvariantCulture);

    public static string Mode(string mode) => mode switch
    {
        "HandOff" => "hand-off (the client comes to you)",
        "WhiteLabel" => "white-label (under the referrer's brand)",
        _ => "hand-off or white-label",
    };

    /// <summary>
    /// The firm's open offers, soonest due first; then the offers shown are marked seen for this person (up to the newest
    /// shown, so one made while the page was being drawn stays new), and "New" is gone on the next visit.
    /// </summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        var inbox = await Gateway.GetAsync<List<OfferItem>>("/api/matching/offers", ct);
        Offers = Failed(inbox) ? [] : inbox.Value ?? [];
        if (Offers.Any(o => o.IsNew) && Offers.Max(o => o.MadeAt) is { } newest && newest != default)
        {
            await Gateway.SendAsync<Unit>(HttpMethod.Post, "/api/matching/offers/read", new { upTo = newest }, ct); // best effort: a failure only leaves them new
        }
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

    /// <summary>The longest note a decline may carry (the API's own limit).</summary>
    public const int MaxNote = 500;

    /// <summary>One tap: the reason's code, with the note if one was typed (a reason in words still goes as it is).</summary>
    public async Task<IActionResult> OnPostDeclineAsync(Guid offerId, string? code, string? note, string? reason, CancellationToken ct)
    {
        // Said in words here: the API would name its fields ("code must be one of …").
        if (code is not null && Reasons.All(r => r.Code != code) || note?.Length > MaxNote)
        {
            ModelState.AddModelError("", code is not null && Reasons.All(r => r.Code != code)
                ? "Tap one of the reasons to decline." : $"Keep the note to at most {MaxNote} characters.");
            await OnGetAsync(ct);
            return Page();
        }
        var body = code is null ? (object)new { reason } : new { code, note = string.IsNullOrWhiteSpace(note) ? null : note };
        var declined = await Gateway.SendAsync(HttpMethod.Post, $"/api/matching/offers/{offerId}/decline", body, ct);
        var words = Reasons.FirstOrDefault(r => r.Code == code).Words;
        return await AfterAsync(declined, $"Declined{(words is null ? "" : $" ({words.ToLowerInvariant()})")}: the referrer reads your reason, and its next candidates are asked.",
            () => OnGetAsync(ct));
    }
}

/// <param name="IsNew">Made since this person last opened the inbox.</param>
/// <param name="DueSoon">Under 2 of the firm's business hours left.</param>
public sealed record OfferItem(Guid OfferId, Guid ReferralId, string Summary, List<SkillItem> Skills, int EffortHours, int HoursPerWeek,
    DateOnly EarliestStart, DateOnly LatestStart, string EngagementMode, string Urgency, string? ClientName, int Wave, DateTimeOffset DueAt, OfferTermsItem? Terms,
    List<QuestionItem>? Questions = null, int QuestionsLeft = 0, DateTimeOffset? DeadlineExtendedAt = null, DateTimeOffset? OriginalDueAt = null,
    DateTimeOffset MadeAt = default, bool IsNew = false, string? ReferrerName = null, List<string>? ReferrerRegions = null, string? ClientTimeZone = null,
    BudgetItem? Budget = null, ExpectedFeeItem? ExpectedFee = null, int Weeks = 0, bool DueSoon = false);

public sealed record BudgetItem(decimal? Min, decimal? Max, string? Currency);

/// <summary>What accepting costs the partner, from the offer's terms and the budget; <see cref="Text"/> says it in words.</summary>
public sealed record ExpectedFeeItem(string Kind, decimal? Min, decimal? Max, string? Currency, string Text);

/// <summary>The terms an offer carries: the agreement version the fee will be computed from (0 = platform terms, no fee).</summary>
public sealed record OfferTermsItem(Guid? PartnershipId, int AgreementVersion, string FeeKind, decimal? FeePercent, decimal? FeeAmount, string? FeeCurrency,
    List<string> EngagementModes, int ResponseSlaBusinessHours, int NonSolicitMonths, string Summary);
