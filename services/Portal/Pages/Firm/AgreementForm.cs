using System.Globalization;
using Marketplace.ServiceDefaults;

namespace Marketplace.Portal.Pages.Firm;

/// <summary>
/// The terms an Owner proposes, as typed (text, so a refused form comes back exactly as it was), checked all at once in
/// the words a person uses. The rules are Network's (<c>AgreementTerms</c>); the field names the form's own.
/// </summary>
public sealed class AgreementForm
{
    public List<string>? Modes { get; set; }
    public string? FeeKind { get; set; } = "Percent";
    public string? FeePercent { get; set; }
    public string? FeeAmount { get; set; }
    public string? FeeCurrency { get; set; }
    public string? Sla { get; set; } = "8";
    public string? MaxConcurrent { get; set; } = "3";
    public string? NonSolicitMonths { get; set; } = "12";

    public static readonly string[] FeeKinds = ["Percent", "Flat", "Reciprocity"];

    /// <summary>The form for a partnership: the terms in force, else the usual start; a flat fee's currency defaults to the firm's.</summary>
    public static AgreementForm From(AgreementItem? inForce, string? firmCurrency) => inForce is null
        ? new() { Modes = ["HandOff"], FeeCurrency = firmCurrency }
        : new()
        {
            Modes = inForce.EngagementModes, FeeKind = inForce.FeeKind, FeePercent = Text(inForce.FeePercent), FeeAmount = Text(inForce.FeeAmount),
            FeeCurrency = inForce.FeeCurrency ?? firmCurrency, Sla = Text(inForce.ResponseSlaBusinessHours), MaxConcurrent = Text(inForce.MaxConcurrentReferrals),
            NonSolicitMonths = Text(inForce.NonSolicitMonths),
        };

    public bool Allows(string mode) => Modes?.Contains(mode) == true;

    /// <summary>Every problem at once, keyed by the form's field, in words a person uses.</summary>
    public List<(string Field, string Message)> Check()
    {
        var problems = new List<(string, string)>();
        void Require(bool ok, string field, string message)
        {
            if (!ok)
            {
                problems.Add((field, message));
            }
        }
        Require(Modes is { Count: > 0 } && Modes.All(m => m is "HandOff" or "WhiteLabel"), nameof(Modes), "Choose hand-off, white-label or both.");
        Require(FeeKinds.Contains(FeeKind), nameof(FeeKind), "Choose how the fee is counted: a percent, a flat amount, or none (you refer to each other).");
        if (FeeKind == "Percent")
        {
            Require(Amount(FeePercent) is > 0 and <= 50 and var p && decimal.Round(p, 2) == p, nameof(FeePercent),
                "With a percent fee, give the percent: more than 0 and at most 50, e.g. 10 or 12.5.");
        }
        if (FeeKind == "Flat")
        {
            Require(Amount(FeeAmount) is > 0 and <= 1_000_000 and var a && decimal.Round(a, 2) == a, nameof(FeeAmount),
                "With a flat fee, give the amount per job: more than 0 and at most 1,000,000.");
            Require(Currencies.IsKnown(FeeCurrency?.Trim().ToUpperInvariant()), nameof(FeeCurrency),
                "With a flat fee, give its currency as a three-letter code such as USD, EUR or GBP.");
        }
        Require(Whole(Sla) is >= 1 and <= 80, nameof(Sla), "Give the time to answer an offer in business hours, from 1 to 80.");
        Require(Whole(MaxConcurrent) is >= 1 and <= 100, nameof(MaxConcurrent), "Give how many referrals the partner takes at once, from 1 to 100.");
        Require(Whole(NonSolicitMonths) is >= 0 and <= 60, nameof(NonSolicitMonths), "Give the no-poaching time in months, from 0 to 60.");
        return problems;
    }

    /// <summary>What Network is sent once the form passes; fee fields that do not belong to the kind are left out.</summary>
    public object Body() => new
    {
        engagementModes = Modes ?? [], feeKind = FeeKind,
        feePercent = FeeKind == "Percent" ? Amount(FeePercent) : null,
        feeAmount = FeeKind == "Flat" ? Amount(FeeAmount) : null,
        feeCurrency = FeeKind == "Flat" ? FeeCurrency?.Trim().ToUpperInvariant() : null,
        responseSlaBusinessHours = Whole(Sla), maxConcurrentReferrals = Whole(MaxConcurrent), nonSolicitMonths = Whole(NonSolicitMonths),
    };

    /// <summary>Network's field names, for an answer the portal did not foresee, mapped to the form's fields and words.</summary>
    public static (string Field, string Message)? FieldOf(string apiField) => apiField switch
    {
        "engagementModes" => (nameof(Modes), "Choose hand-off, white-label or both."),
        "feeKind" => (nameof(FeeKind), "Choose how the fee is counted."),
        "feePercent" => (nameof(FeePercent), "With a percent fee, give the percent: more than 0 and at most 50."),
        "feeAmount" => (nameof(FeeAmount), "With a flat fee, give the amount per job: more than 0 and at most 1,000,000."),
        "feeCurrency" => (nameof(FeeCurrency), "With a flat fee, give its currency as a three-letter code such as USD."),
        "responseSlaBusinessHours" => (nameof(Sla), "Give the time to answer an offer in business hours, from 1 to 80."),
        "maxConcurrentReferrals" => (nameof(MaxConcurrent), "Give how many referrals the partner takes at once, from 1 to 100."),
        "nonSolicitMonths" => (nameof(NonSolicitMonths), "Give the no-poaching time in months, from 0 to 60."),
        _ => null,
    };

    private static int? Whole(string? text) => int.TryParse(text?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static decimal? Amount(string? text) => decimal.TryParse(text?.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static string? Text(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
