using Marketplace.Contracts;
using Marketplace.Messaging;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using Marketplace.Matching.Data;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Matching.Fees;

public static class FeesApi
{
    public static RouteGroupBuilder MapFeesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/matching/fees").RequireAuthorization().WithTags("Fees");
        group.MapGet("/", Ledger).WithSummary("The firm's fees: settled balances per counterparty, and what is still pending or disputed");
        group.MapGet("/export.csv", Export).WithSummary("Settled fees per counterparty and month, as CSV for bookkeeping");
        group.MapPost("/{referralId:guid}/confirm", Confirm).WithSummary("The partner confirms the job value the referrer stated: the fee is settled");
        group.MapPost("/{referralId:guid}/dispute", Dispute).WithSummary("The partner disputes the stated job value, with a reason: nothing counts until the operator settles it");
        group.MapGet("/disputes", Disputes).WithSummary("The operator's queue: disputed job values, oldest first");
        group.MapPost("/{referralId:guid}/settle", Settle).WithSummary("The operator settles a disputed job value; the fee is recomputed from the offer's agreement version");
        return group;
    }

    /// <summary>
    /// The firm's fee entries with their status, and per counterparty and currency what it is owed (positive) or owes
    /// (negative): "balances" counts settled fees only; "pending" and "disputed" are shown apart and never mixed in.
    /// </summary>
    public static async Task<Ok<FeesView>> Ledger(ClaimsPrincipal user, MatchingDbContext db, CancellationToken ct)
    {
        var firm = Caller.Of(user).FirmId;
        var entries = await db.Fees.AsNoTracking().Where(f => f.PayeeFirmId == firm || f.PayerFirmId == firm).OrderByDescending(f => f.RecordedAt).ToListAsync(ct);
        List<BalanceView> Balances(FeeStatus status) => [.. entries.Where(f => f.Status == status)
            .GroupBy(f => (Counterparty: f.PayeeFirmId == firm ? f.PayerFirmId : f.PayeeFirmId, f.Currency))
            .Select(g => new BalanceView(g.Key.Counterparty, g.Key.Currency, g.Sum(f => f.PayeeFirmId == firm ? f.Amount : -f.Amount), g.Count()))];
        // Each row is named by its job (both firms of a fee saw the referral's summary: the referrer wrote it, the partner accepted it).
        var referrals = entries.Select(f => f.ReferralId).ToList();
        var jobs = await db.Referrals.AsNoTracking().Where(r => referrals.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Summary, ct);
        return TypedResults.Ok(new FeesView(Balances(FeeStatus.Settled), Balances(FeeStatus.Pending), Balances(FeeStatus.Disputed),
            [.. entries.Select(f => FeeView.Of(f) with { Job = jobs.GetValueOrDefault(f.ReferralId) })]));
    }

    /// <summary>
    /// Settled fees per counterparty, currency and month (of settlement, UTC), for bookkeeping: positive amounts the
    /// firm is owed, negative what it owes. <c>month</c> (YYYY-MM) narrows it to one month.
    /// </summary>
    public static async Task<Results<FileContentHttpResult, ValidationProblem>> Export(string? month, ClaimsPrincipal user, MatchingDbContext db, CancellationToken ct)
    {
        var firm = Caller.Of(user).FirmId;
        YearMonth? only = null;
        if (month is not null)
        {
            if (!DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["month"] = ["month must be YYYY-MM."] });
            }
            only = new YearMonth(first.Year, first.Month);
        }
        var settled = await db.Fees.AsNoTracking().Where(f => (f.PayeeFirmId == firm || f.PayerFirmId == firm) && f.Status == FeeStatus.Settled).ToListAsync(ct);
        var counterparties = settled.Select(f => f.PayeeFirmId == firm ? f.PayerFirmId : f.PayeeFirmId).Distinct().ToList();
        var names = await db.Partners.AsNoTracking().Where(p => counterparties.Contains(p.FirmId)).ToDictionaryAsync(p => p.FirmId, p => p.Name, ct);
        var rows = settled
            .Select(f => (Month: YearMonth(f.SettledAt ?? f.RecordedAt), Counterparty: f.PayeeFirmId == firm ? f.PayerFirmId : f.PayeeFirmId, f.Currency,
                Signed: f.PayeeFirmId == firm ? f.Amount : -f.Amount))
            .Where(r => only is null || r.Month == only)
            .GroupBy(r => (r.Month, r.Counterparty, r.Currency))
            .OrderBy(g => g.Key.Month).ThenBy(g => names.GetValueOrDefault(g.Key.Counterparty), StringComparer.Ordinal).ThenBy(g => g.Key.Currency, StringComparer.Ordinal);
        var csv = new StringBuilder("month,counterparty_firm_id,counterparty,currency,referrals,amount\r\n");
        foreach (var g in rows)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{g.Key.Month.Year:D4}-{g.Key.Month.Month:D2},{g.Key.Counterparty},{Csv(names.GetValueOrDefault(g.Key.Counterparty) ?? "")},")
               .Append(CultureInfo.InvariantCulture, $"{g.Key.Currency},{g.Count()},{g.Sum(r => r.Signed).ToString("0.00", CultureInfo.InvariantCulture)}\r\n");
        }
        return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv", $"fees{(month is null ? "" : "-" + month)}.csv");
    }

    private static YearMonth YearMonth(Instant at) => at.InUtc().Date.ToYearMonth();

    /// <summary>A field as CSV: quoted when it needs it, and never read as a formula by a spreadsheet.</summary>
    private static string Csv(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0]))
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }

    public static Task<Results<Ok<FeeView>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem>> Confirm(
        Guid referralId, ClaimsPrincipal user, MatchingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        return ChangeAsync(db, referralId, caller, asOperator: false, (fee, now) => { fee.Confirm(caller.FirmId, caller.Subject, now); return Task.CompletedTask; }, clock, ct);
    }

    public static async Task<Results<Ok<FeeView>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem>> Dispute(
        Guid referralId, FeeDisputeRequest request, ClaimsPrincipal user, MatchingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        var validation = new Validation().Text(request.Reason, "reason", FeeEntry.MaxText);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        return await ChangeAsync(db, referralId, caller, asOperator: false, (fee, now) =>
        {
            fee.Dispute(caller.FirmId, caller.Subject, request.Reason!, now);
            // The payer's Owners and the operator hear of it (Notifications).
            db.AddIntegrationEvent(new FeeDisputed(Guid.NewGuid(), now.ToDateTimeOffset(), fee.ReferralId, fee.PayerFirmId, fee.PayeeFirmId, request.Reason!.Trim()),
                fee.ReferralId.ToString());
            return Task.CompletedTask;
        }, clock, ct);
    }

    /// <summary>Disputed job values across the marketplace, for the operator, with both firms named.</summary>
    public static async Task<Results<Ok<List<DisputeView>>, ForbidHttpResult>> Disputes(ClaimsPrincipal user, MatchingDbContext db, CancellationToken ct)
    {
        if (!Caller.Of(user).IsOperator)
        {
            return TypedResults.Forbid();
        }
        var disputed = await db.Fees.AsNoTracking().Where(f => f.Status == FeeStatus.Disputed).OrderBy(f => f.AnsweredAt).Take(200).ToListAsync(ct);
        var firms = disputed.SelectMany(f => new[] { f.PayerFirmId, f.PayeeFirmId }).Distinct().ToList();
        var names = await db.Partners.AsNoTracking().Where(p => firms.Contains(p.FirmId)).ToDictionaryAsync(p => p.FirmId, p => p.Name, ct);
        var summaries = await db.Referrals.AsNoTracking().Where(r => disputed.Select(f => f.ReferralId).Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Summary, ct);
        return TypedResults.Ok(disputed.Select(f => new DisputeView(FeeView.Of(f), summaries.GetValueOrDefault(f.ReferralId) ?? "",
            names.GetValueOrDefault(f.PayeeFirmId) ?? "", names.GetValueOrDefault(f.PayerFirmId) ?? "")).ToList());
    }

    public static async Task<Results<Ok<FeeView>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem>> Settle(
        Guid referralId, FeeSettlementRequest request, ClaimsPrincipal user, MatchingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        if (!caller.IsOperator)
        {
            return TypedResults.Forbid();
        }
        var validation = new Validation()
            .Require(Money.IsAmount(request.JobValue), "jobValue", $"jobValue is required: 0 to {Money.Max:N0}, at most two decimals.")
            .Text(request.Note, "note", FeeEntry.MaxText);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        return await ChangeAsync(db, referralId, caller, asOperator: true, async (fee, now) =>
            fee.Settle(caller.Subject, request.JobValue!.Value, request.Note!, await FeeCalculator.TermsAsync(db, fee.PartnershipId, fee.AgreementVersion, ct), now), clock, ct);
    }

    /// <summary>Under the fee's row lock: the partner (Owner: money is an Owner's decision) or the operator acts once; a refused move is a 409.</summary>
    private static async Task<Results<Ok<FeeView>, NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem>> ChangeAsync(
        MatchingDbContext db, Guid referralId, Caller caller, bool asOperator, Func<FeeEntry, Instant, Task> change, TimeProvider clock, CancellationToken ct) =>
        (await RowChanges.ChangeAsync(db, "Fees", "ReferralId", referralId,
            token => db.Fees.FirstOrDefaultAsync(f => f.ReferralId == referralId && (asOperator || f.PayerFirmId == caller.FirmId || f.PayeeFirmId == caller.FirmId), token),
            _ => asOperator || caller.IsOwner,
            fee => change(fee, Instant.FromDateTimeOffset(clock.GetUtcNow())), ct)).Answer(FeeView.Of);
}

public sealed record FeeDisputeRequest(string? Reason);
public sealed record FeeSettlementRequest(decimal? JobValue, string? Note);
public sealed record FeesView(IReadOnlyList<BalanceView> Balances, IReadOnlyList<BalanceView> Pending, IReadOnlyList<BalanceView> Disputed, IReadOnlyList<FeeView> Entries);
public sealed record BalanceView(Guid CounterpartyFirmId, string Currency, decimal Balance, int Referrals);

/// <summary>A fee entry: the job value (as stated, or as settled), the fee from the agreement version, and where it stands.</summary>
/// <param name="AgreementVersion">The partnership's agreement version the fee follows; 0 for the platform terms (no partnership: no fee).</param>
/// <param name="Job">The referral's summary, naming the row in the ledger (null where only the fee is listed).</param>
public sealed record FeeView(Guid ReferralId, Guid PayerFirmId, Guid PayeeFirmId, string Kind, decimal Amount, string Currency, int AgreementVersion,
    DateTimeOffset RecordedAt, string Status, decimal JobValue, string JobCurrency, string? DisputeReason, DateTimeOffset? SettledAt, string? SettlementNote,
    string? Job = null)
{
    public static FeeView Of(FeeEntry f) => new(f.ReferralId, f.PayerFirmId, f.PayeeFirmId, f.Kind, f.Amount, f.Currency, f.AgreementVersion,
        f.RecordedAt.ToDateTimeOffset(), f.Status.ToString(), f.JobValue, f.JobCurrency, f.DisputeReason, f.SettledAt?.ToDateTimeOffset(), f.SettlementNote);
}

public sealed record DisputeView(FeeView Fee, string Summary, string ReferrerName, string PartnerName);
