using System.Globalization;
using Marketplace.Matching.Partnerships;

namespace Marketplace.Matching.Offers;

/// <summary>
/// What accepting would cost the partner, from the terms on the offer (the version the fee will be computed from) and the
/// referral's budget: a percent fee is a range over the budget, or stays a percent when the referrer stated none; a flat
/// fee is its amount; reciprocity and the platform's terms cost nothing. <see cref="Min"/>/<see cref="Max"/> are null when
/// no amount can be given honestly.
/// </summary>
public sealed record ExpectedFee(string Kind, decimal? Min, decimal? Max, string? Currency, string Text)
{
    public static ExpectedFee Of(AgreementVersion? terms, decimal? budgetMin, decimal? budgetMax, string? budgetCurrency)
    {
        if (terms is null)
        {
            return new("None", 0, 0, null, "none (platform terms)");
        }
        switch (terms.FeeKind)
        {
            case "Percent" when terms.FeePercent is { } pct:
                var percent = $"{pct.ToString("0.##", CultureInfo.InvariantCulture)} %";
                decimal? Fee(decimal? value) => value is { } v ? Math.Round(v * pct / 100, 2) : null;
                var (min, max) = (Fee(budgetMin), Fee(budgetMax));
                var currency = budgetCurrency is { Length: > 0 } c ? $" {c}" : "";
                return (min, max) switch
                {
                    (null, null) => new("Percent", null, null, null, $"{percent} of the job value; the referrer stated no budget"),
                    ({ } lo, { } hi) when lo == hi => new("Percent", lo, hi, budgetCurrency, $"about {Money(lo)}{currency} ({percent} of the {Money(budgetMin!.Value)}{currency} budget)"),
                    ({ } lo, { } hi) => new("Percent", lo, hi, budgetCurrency,
                        $"about {Money(lo)}–{Money(hi)}{currency} ({percent} of the {Money(budgetMin!.Value)}–{Money(budgetMax!.Value)}{currency} budget)"),
                    (null, { } hi) => new("Percent", null, hi, budgetCurrency, $"up to {Money(hi)}{currency} ({percent} of a budget of at most {Money(budgetMax!.Value)}{currency})"),
                    ({ } lo, null) => new("Percent", lo, null, budgetCurrency, $"from {Money(lo)}{currency} ({percent} of a budget of at least {Money(budgetMin!.Value)}{currency})"),
                };
            case "Flat" when terms.FeeAmount is { } amount:
                return new("Flat", amount, amount, terms.FeeCurrency, $"{Money(amount)} {terms.FeeCurrency} flat, whatever the job's value");
            default:
                return new("Reciprocity", 0, 0, null, "none (reciprocity)");
        }
    }

    private static string Money(decimal amount) => amount.ToString(amount == decimal.Truncate(amount) ? "N0" : "N2", CultureInfo.InvariantCulture);
}
