using System.Globalization;
using Marketplace.Portal.Gateway;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Portal.Pages.Referrals;

/// <summary>One referral: the referrer's shortlist with reasons, offers counting down, and the next step; the partner's view of work it won.</summary>
public sealed class DetailModel(GatewayClient gateway) : PortalPage(gateway)
{
    [FromRoute] public Guid Id { get; set; }

    public ReferralItem? Referral { get; private set; }
    public Shortlist? Shortlist { get; private set; }
    public List<StepItem> Timeline { get; private set; } = [];
    /// <summary>The offers with their questions: every one for the referrer, the partner's own for the partner.</summary>
    public List<OfferThreadItem> Offers { get; private set; } = [];
    /// <summary>The answer or extension form that was refused: what was typed is shown again, with why, beside it.</summary>
    public FormRefusal? Refused { get; private set; }

    public FormRefusal? RefusalOf(string form) => Refused?.Form == form ? Refused : null;
    public static string AnswerForm(Guid questionId) => $"answer-{questionId}";
    public static string ExtendForm(Guid offerId) => $"extend-{offerId}";

    [TempData] public string? ShareLink { get; set; }

    public bool IsReferrer => Referral is { } r && r.PartnerFirmId != Me.FirmId;
    public string PartnerName => Shortlist?.Candidates.FirstOrDefault(c => c.FirmId == Referral?.PartnerFirmId)?.Name ?? "the partner";

    public string Headline => Referral switch
    {
        null => "",
        { Status: "Offering" } r => $"Waiting for partners to answer: {r.OpenOffers} open {(r.OpenOffers == 1 ? "offer" : "offers")} (wave {r.Wave}).",
        { Status: "Accepted" } when IsReferrer => $"{PartnerName} accepted. Confirm to book their time.",
        { Status: "Accepted" } => "You accepted; the referrer confirms next.",
        { Status: "Confirmed" or "InProgress", PlannedStart: { } start } r =>
            $"{(IsReferrer ? PartnerName : "You")} {(r.Status == "InProgress" ? "started" : IsReferrer ? "starts" : "start")} {start.ToString("ddd d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}, about {r.HoursPerWeek} h a week.",
        { Status: "Unmatched" } => "No partner could take it as asked.",
        { Status: var status } => status,
    };


    /// <summary>A fresh key per repost action shown: a double-click reposts once.</summary>
    public static string NewKey() => Guid.NewGuid().ToString("N");

    public static string GroupTitle(int standing) => standing switch
    {
        0 => "Offered now",
        1 => "Not asked yet",
        _ => "Said no or ran out",
    };

    /// <summary>The candidate's offer in words: open, accepted, declined in wave 2, expired unanswered, withdrawn.</summary>
    public static string OfferWords(CandidateItem c) => c.Offer switch
    {
        "Open" => $"offer open (wave {c.Wave})",
        "Accepting" => "accepting now",
        "Accepted" => "accepted",
        "Declined" => $"declined in wave {c.Wave}",
        "Expired" => $"let the wave-{c.Wave} offer run out",
        "Withdrawn" => "offer withdrawn (another partner accepted, or you cancelled)",
        { } other => $"offer {other.ToLowerInvariant()}",
        null => "",
    };

    public static string Left(DateTimeOffset due)
    {
        var left = due - DateTimeOffset.UtcNow;
        return left <= TimeSpan.Zero ? "time is up" : left.TotalHours >= 1 ? $"{(int)left.TotalHours} h {left.Minutes} min left" : $"{Math.Max(1, left.Minutes)} min left";
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var referral = await Gateway.GetAsync<ReferralItem>($"/api/matching/referrals/{Id}", ct);
        if (referral.Value is null)
        {
            Response.StatusCode = (int)referral.Status;
            return;
        }
        Referral = referral.Value;
        var timeline = Gateway.GetAsync<List<StepItem>>($"/api/matching/referrals/{Id}/timeline", ct);
        var offers = Gateway.GetAsync<List<OfferThreadItem>>($"/api/matching/referrals/{Id}/offers", ct);
        if (IsReferrer)
        {
            Shortlist = (await Gateway.GetAsync<Shortlist>($"/api/matching/referrals/{Id}/candidates", ct)).Value;
        }
        Timeline = (await timeline).Value ?? [];
        Offers = (await offers).Value ?? [];
    }

    /// <summary>The referrer answers a partner's question (once).</summary>
    public async Task<IActionResult> OnPostAnswerAsync(Guid offerId, Guid questionId, string? text, CancellationToken ct)
    {
        var answered = await Gateway.SendAsync(HttpMethod.Post, $"/api/matching/offers/{offerId}/questions/{questionId}/answer", new { text }, ct);
        return await FormAsync(answered, AnswerForm(questionId), text, "text", "Answered: the partner is told by e-mail.", ct);
    }

    /// <summary>The referrer gives the partner more time, once per offer, in the partner's business hours.</summary>
    public async Task<IActionResult> OnPostExtendAsync(Guid offerId, string? businessHours, CancellationToken ct)
    {
        // Anything but a whole number goes as none: the API's sentence says what is expected.
        int? hours = int.TryParse(businessHours, NumberStyles.None, CultureInfo.InvariantCulture, out var h) ? h : null;
        var extended = await Gateway.SendAsync(HttpMethod.Post, $"/api/matching/offers/{offerId}/extend", new { businessHours = hours }, ct);
        return await FormAsync(extended, ExtendForm(offerId), businessHours, "businessHours", "Deadline extended: the partner is told by e-mail.", ct);
    }

    private async Task<IActionResult> FormAsync<T>(Answer<T> answer, string form, string? typed, string field, string notice, CancellationToken ct)
    {
        if (answer.Problem is not { } problem)
        {
            return Done(notice, new { id = Id });
        }
        Refused = FormRefusal.Of(form, typed, problem, field);
        await OnGetAsync(ct);
        if (!Offers.Any(o => (Shows(o) && ExtendForm(o.OfferId) == form) || o.Questions.Any(q => Shows(o, q) && AnswerForm(q.Id) == form)))
        {
            ModelState.AddModelError("", problem.Message); // the form is gone (the offer closed meanwhile): say why at the top
        }
        return Page();
    }

    /// <summary>Whether the referrer's answer form for the question is shown: an open offer's unanswered question, to someone who may answer.</summary>
    public bool Shows(OfferThreadItem offer, QuestionItem question) => IsReferrer && Me.CanDispatch && offer.Open && question.Answer is null;

    /// <summary>Whether the extension form is shown: an open offer not yet extended, to someone who may extend it.</summary>
    public bool Shows(OfferThreadItem offer) => IsReferrer && Me.CanDispatch && offer.CanExtend;

    public Task<IActionResult> OnPostConfirmAsync(CancellationToken ct) => ActAsync("confirm", null, "Confirmed: the partner's time is booked.", ct);

    public Task<IActionResult> OnPostStartAsync(CancellationToken ct) => ActAsync("start", null, "Marked as started.", ct);

    public Task<IActionResult> OnPostCompleteAsync(decimal jobValue, string currency, CancellationToken ct) =>
        ActAsync("complete", new { jobValue, currency = currency.Trim().ToUpperInvariant() }, "Completed; the fee counts once the partner confirms the job value (see Fees). Rate the partner below.", ct);

    public Task<IActionResult> OnPostCancelAsync(string reason, CancellationToken ct) => ActAsync("cancel", new { reason }, "Cancelled.", ct);

    /// <summary>The referrer asks the next candidates now; the open offers stay open.</summary>
    public async Task<IActionResult> OnPostNextWaveAsync(CancellationToken ct)
    {
        var sent = await Gateway.SendAsync<ReferralItem>(HttpMethod.Post, $"/api/matching/referrals/{Id}/next-wave", null, ct);
        return await AfterAsync(sent, sent.Value is { } r ? $"Wave {r.Wave} is out: {OfferCount(r.OpenOffers)} open now." : "", () => OnGetAsync(ct), new { id = Id });
    }

    /// <summary>An unmatched referral posted again with one change: the new referral's page next.</summary>
    public async Task<IActionResult> OnPostRepostAsync(string? change, string? skillId, string? key, CancellationToken ct)
    {
        var reposted = await Gateway.SendAsync<ReferralItem>(HttpMethod.Post, $"/api/matching/referrals/{Id}/repost",
            new { change, skillId = string.IsNullOrEmpty(skillId) ? null : skillId }, ct, idempotencyKey: string.IsNullOrWhiteSpace(key) ? null : key);
        if (Failed(reposted))
        {
            await OnGetAsync(ct);
            return Page();
        }
        Notice = $"Reposted: {OfferCount(reposted.Value!.OpenOffers)} went out for the changed referral.";
        return Redirect($"/portal/referrals/{reposted.Value.Id}");
    }

    public async Task<IActionResult> OnPostShareAsync(int days, string? title, string? contactName, string? contactEmail, CancellationToken ct)
    {
        var link = await Gateway.SendAsync(HttpMethod.Post, $"/api/matching/referrals/{Id}/share-links", new
        {
            days, title = Blank(title), contactName = Blank(contactName), contactEmail = Blank(contactEmail),
        }, ct);
        if (link.Ok)
        {
            ShareLink = PublicUrl($"/portal{link.Value.GetProperty("url").GetString()}");
        }
        return await AfterAsync(link, $"A status link for your client, valid for {days} days.", () => OnGetAsync(ct), new { id = Id });
    }

    public async Task<IActionResult> OnPostRateAsync(int score, string? comment, CancellationToken ct)
    {
        var rated = await Gateway.SendAsync(HttpMethod.Post, "/api/network/ratings", new { referralId = Id, score, comment }, ct);
        return await AfterAsync(rated, "Thank you: your rating is recorded.", () => OnGetAsync(ct), new { id = Id });
    }

    private static string OfferCount(int count) => count == 1 ? "1 offer" : $"{count} offers";

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private async Task<IActionResult> ActAsync(string action, object? body, string notice, CancellationToken ct)
    {
        var done = await Gateway.SendAsync(HttpMethod.Post, $"/api/matching/referrals/{Id}/{action}", body, ct);
        return await AfterAsync(done, notice, () => OnGetAsync(ct), new { id = Id });
    }
}
