using System.Globalization;
using Marketplace.Portal.Gateway;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Portal.Pages.Referrals;

/// <summary>
/// The firm's fees: settled balances, and apart from them what waits for the partner's confirmation or the operator's
/// decision; the partner's Owner confirms or disputes a stated job value here; settled fees download as CSV.
/// </summary>
public sealed class FeesModel(GatewayClient gateway) : PortalPage(gateway)
{
    public FeesLedger Ledger { get; private set; } = FeesLedger.Empty;
    private Dictionary<Guid, string> _names = [];

    /// <summary>Job values stated to this firm (it did the work) that wait for its answer.</summary>
    public List<FeeItem> ToConfirm => [.. Ledger.Entries.Where(e => e.Status == "Pending" && e.PayerFirmId == Me.FirmId)];

    public string NameOf(Guid firm) => firm == Me.FirmId ? "you" : _names.GetValueOrDefault(firm, "a firm");

    public static string Money(decimal amount, string currency) => $"{amount.ToString("N2", CultureInfo.InvariantCulture)} {currency}";

    public static string Day(DateTimeOffset at) => at.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>The terms a fee follows, in words: an agreement's version, or the platform's terms where the firms have no partnership.</summary>
    public static string TermsOf(FeeItem e) => e.AgreementVersion == 0 ? "platform terms: no partnership, no fee" : $"agreement v{e.AgreementVersion}";

    /// <summary>The fee itself, in words ("no fee" rather than 0.00 under reciprocity or the platform terms).</summary>
    public static string FeeOf(FeeItem e) => e.Kind is "Reciprocity" or "None" && e.Amount == 0 ? "no fee" : $"{Money(e.Amount, e.Currency)} ({e.Kind.ToLowerInvariant()})";

    /// <summary>A row's name: its job, else "the referral".</summary>
    public static string JobOf(FeeItem e) => string.IsNullOrWhiteSpace(e.Job) ? "the referral" : e.Job;

    public string StatusLine(FeeItem e) => e switch
    {
        { Status: "Pending" } when e.PayerFirmId == Me.FirmId => "waiting for your confirmation",
        { Status: "Pending" } => $"waiting for {NameOf(e.PayerFirmId)} to confirm the job value",
        { Status: "Disputed" } => $"the operator decides: “{e.DisputeReason}”",
        { Status: "Settled", SettlementNote: { Length: > 0 } note } => $"settled by the operator{(e.SettledAt is { } at ? $" {Day(at)}" : "")}: “{note}”",
        { Status: "Settled" } => e.SettledAt is { } at ? $"confirmed {Day(at)}" : "confirmed",
        _ => "",
    };

    public async Task OnGetAsync(CancellationToken ct)
    {
        var ledger = await Gateway.GetAsync<FeesLedger>("/api/matching/fees", ct);
        Ledger = Failed(ledger) ? FeesLedger.Empty : ledger.Value ?? FeesLedger.Empty;
        _names = await Gateway.FirmNamesAsync(Ledger.Entries.SelectMany(e => new[] { e.PayerFirmId, e.PayeeFirmId })
            .Concat(Ledger.Balances.Concat(Ledger.Pending).Concat(Ledger.Disputed).Select(b => b.CounterpartyFirmId)), ct);
    }

    public async Task<IActionResult> OnPostConfirmAsync(Guid referralId, CancellationToken ct) =>
        await AfterAsync(await Gateway.SendAsync(HttpMethod.Post, $"/api/matching/fees/{referralId}/confirm", null, ct),
            "Job value confirmed: the fee is settled and counts in both firms' balances.", () => OnGetAsync(ct));

    public async Task<IActionResult> OnPostDisputeAsync(Guid referralId, string reason, CancellationToken ct) =>
        await AfterAsync(await Gateway.SendAsync(HttpMethod.Post, $"/api/matching/fees/{referralId}/dispute", new { reason }, ct),
            "Disputed: the platform's operator decides the job value; until then the fee counts for nobody.", () => OnGetAsync(ct));

    /// <summary>The settled fees as the API's CSV (all, or one month), fetched with the person's own token and handed on as a file.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? month, CancellationToken ct)
    {
        var file = await Gateway.DownloadAsync($"/api/matching/fees/export.csv{(string.IsNullOrWhiteSpace(month) ? "" : $"?month={Uri.EscapeDataString(month.Trim())}")}", ct);
        if (Failed(file))
        {
            await OnGetAsync(ct);
            return Page();
        }
        var name = file.Value!.FileName is { Length: > 0 } given ? Path.GetFileName(given) : "fees.csv";
        return File(file.Value.Content, "text/csv; charset=utf-8", name);
    }
}

public sealed record FeesLedger(List<BalanceItem> Balances, List<BalanceItem> Pending, List<BalanceItem> Disputed, List<FeeItem> Entries)
{
    public static FeesLedger Empty => new([], [], [], []);
}
public sealed record BalanceItem(Guid CounterpartyFirmId, string Currency, decimal Balance, int Referrals);
/// <param name="AgreementVersion">0: the platform terms (no partnership, no fee).</param>
/// <param name="Job">The referral's summary, naming the row (null from an older Matching).</param>
public sealed record FeeItem(Guid ReferralId, Guid PayerFirmId, Guid PayeeFirmId, string Kind, decimal Amount, string Currency, int AgreementVersion, DateTimeOffset RecordedAt,
    string Status, decimal JobValue, string JobCurrency, string? DisputeReason, DateTimeOffset? SettledAt, string? SettlementNote, string? Job = null);
