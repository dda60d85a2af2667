using System.Security.Claims;
using Marketplace.Matching.Data;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Matching.Fees;

public static class FeesApi
{
    public static RouteGroupBuilder MapFeesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/matching/fees").RequireAuthorization().WithTags("Fees");
        group.MapGet("/", Ledger);
        return group;
    }

    /// <summary>The firm's fee entries, and per counterparty and currency what it is owed (positive) or owes (negative).</summary>
    public static async Task<Ok<FeesView>> Ledger(ClaimsPrincipal user, MatchingDbContext db, CancellationToken ct)
    {
        var firm = Caller.Of(user).FirmId;
        var entries = await db.Fees.AsNoTracking().Where(f => f.PayeeFirmId == firm || f.PayerFirmId == firm).OrderByDescending(f => f.RecordedAt).ToListAsync(ct);
        var balances = entries.GroupBy(f => (Counterparty: f.PayeeFirmId == firm ? f.PayerFirmId : f.PayeeFirmId, f.Currency))
            .Select(g => new BalanceView(g.Key.Counterparty, g.Key.Currency, g.Sum(f => f.PayeeFirmId == firm ? f.Amount : -f.Amount), g.Count())).ToList();
        return TypedResults.Ok(new FeesView(balances, [.. entries.Select(f => new FeeView(f.ReferralId, f.PayerFirmId, f.PayeeFirmId, f.Kind, f.Amount, f.Currency,
            f.AgreementVersion, f.RecordedAt.ToDateTimeOffset()))]));
    }
}

public sealed record FeesView(IReadOnlyList<BalanceView> Balances, IReadOnlyList<FeeView> Entries);
public sealed record BalanceView(Guid CounterpartyFirmId, string Currency, decimal Balance, int Referrals);
public sealed record FeeView(Guid ReferralId, Guid PayerFirmId, Guid PayeeFirmId, string Kind, decimal Amount, string Currency, int AgreementVersion, DateTimeOffset RecordedAt);
