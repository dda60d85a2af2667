using Marketplace.Calendar;
using Marketplace.ServiceDefaults;
using NodaTime;

namespace Marketplace.Network.Firms;

/// <summary>
/// Which days a firm is closed beside its weekends: the public holidays of its country (and region), and its own closing
/// days ("2026-12-31" once, "12-24" every year). No country: no public holidays, only the closing days.
/// </summary>
public sealed record FirmHolidays(string? Country, string? Region, IReadOnlyList<string> ClosingDays)
{
    public const int MaxClosingDays = 60;

    /// <summary>The oldest one-off closing day accepted: older ones change nothing and only fill the list.</summary>
    public static readonly LocalDate EarliestClosingDay = new(2000, 1, 1);

    public static FirmHolidays None { get; } = new(null, null, []);

    /// <summary>
    /// The settings as saved: codes upper-cased, closing days normalised, without duplicates, in order. Call only with
    /// settings <see cref="Check"/> passed.
    /// </summary>
    public static FirmHolidays From(string? country, string? region, IEnumerable<string>? closingDays)
    {
        var known = string.IsNullOrWhiteSpace(country) ? null : HolidayCountries.Find(country)
            ?? throw new ArgumentException($"Unsupported holiday country '{country}'.", nameof(country));
        var days = (closingDays ?? []).Select(d => ClosingDay.Parse(d) ?? throw new ArgumentException($"Not a closing day: '{d}'.", nameof(closingDays)))
            .Distinct().Select(d => d.ToString()).Order(StringComparer.Ordinal).ToList();
        return new(known?.Code, known is null ? null : HolidayCountries.RegionOf(known, region), days);
    }

    /// <summary>Field errors for settings a firm's Owner sends; <paramref name="today"/> bounds one-off closing days ahead.</summary>
    public static Validation Check(Validation validation, string? country, string? region, IReadOnlyList<string?>? closingDays, LocalDate today)
    {
        if (HolidayCountries.Problem(country, region) is { } problem)
        {
            validation.Require(false, problem.Field, problem.Message);
        }
        var days = closingDays ?? [];
        var latest = today.PlusYears(Validation.MaxYearsAhead);
        validation.Require(days.Count <= MaxClosingDays, "closingDays", $"closingDays takes at most {MaxClosingDays} days.");
        for (var i = 0; i < days.Count && days.Count <= MaxClosingDays; i++)
        {
            var day = ClosingDay.Parse(days[i]);
            validation
                .Require(day is not null, "closingDays", $"closingDays[{i}] must be a date (YYYY-MM-DD) or a day every year (MM-DD, such as 12-24).")
                .Require(day?.Date is not { } date || (date >= EarliestClosingDay && date <= latest), "closingDays",
                    $"closingDays[{i}] must be from {EarliestClosingDay:yyyy-MM-dd} to {latest:yyyy-MM-dd} (within {Validation.MaxYearsAhead} years from today).");
        }
        return validation;
    }
}
