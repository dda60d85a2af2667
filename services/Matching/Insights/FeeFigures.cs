using System.Globalization;
using Marketplace.Matching.Fees;

namespace Marketplace.Matching.Insights;

/// <summary>
/// Fees per month, counterparty and currency. Currencies are never added together; settled, pending and disputed
/// amounts stay in their own columns (only settled fees bind both firms).
/// </summary>
internal static class FeeFigures
{
    public static List<FeeMonth> Months(IEnumerable<FeeFacts> fees, Func<FeeFacts, Guid> counterparty, IReadOnlyDictionary<Guid, string> names) =>
        [.. fees.GroupBy(f => (Month: f.BookedAt.InUtc().Date.ToYearMonth(), Counterparty: counterparty(f), f.Currency))
            .Select(g => new FeeMonth(g.Key.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), g.Key.Counterparty, names.GetValueOrDefault(g.Key.Counterparty),
                g.Key.Currency, Sum(g, FeeStatus.Settled), Sum(g, FeeStatus.Pending), Sum(g, FeeStatus.Disputed), g.Count()))
            .OrderBy(m => m.Month, StringComparer.Ordinal).ThenBy(m => m.Counterparty ?? "", StringComparer.Ordinal)
            .ThenBy(m => m.CounterpartyFirmId).ThenBy(m => m.Currency, StringComparer.Ordinal)];

    public static List<FeeTotal> Totals(IEnumerable<FeeFacts> fees) =>
        [.. fees.GroupBy(f => f.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new FeeTotal(g.Key, Sum(g, FeeStatus.Settled), Sum(g, FeeStatus.Pending), Sum(g, FeeStatus.Disputed)))];

    private static decimal Sum(IEnumerable<FeeFacts> fees, FeeStatus status) => fees.Where(f => f.Status == status).Sum(f => f.Amount);
}
