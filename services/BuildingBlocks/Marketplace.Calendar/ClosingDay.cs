using NodaTime;
using NodaTime.Text;

namespace Marketplace.Calendar;

/// <summary>
/// A day a firm closes of its own accord, beside the public holidays: one date ("2026-12-31", the office move) or the same
/// day every year ("12-24", Christmas Eve). A yearly 29 February closes only in leap years.
/// </summary>
public readonly record struct ClosingDay
{
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;
    private static readonly AnnualDatePattern YearlyPattern = AnnualDatePattern.Iso;

    private ClosingDay(LocalDate? date, AnnualDate? yearly) => (Date, Yearly) = (date, yearly);

    /// <summary>The one date, when this is not a yearly day.</summary>
    public LocalDate? Date { get; }

    /// <summary>The month and day, when this closes every year.</summary>
    public AnnualDate? Yearly { get; }

    public static ClosingDay On(LocalDate date) => new(date, null);

    public static ClosingDay EveryYear(AnnualDate day) => new(null, day);

    /// <summary>"YYYY-MM-DD" for one date, "MM-DD" for every year; null for anything else.</summary>
    public static ClosingDay? Parse(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > 10)
        {
            return null;
        }
        if (trimmed.Length == 10 && DatePattern.Parse(trimmed) is { Success: true } date)
        {
            return On(date.Value);
        }
        return trimmed.Length == 5 && YearlyPattern.Parse(trimmed) is { Success: true } yearly ? EveryYear(yearly.Value) : null;
    }

    public bool Closes(LocalDate date) => Date is { } one ? one == date : Yearly == new AnnualDate(date.Month, date.Day);

    /// <summary>As stored and carried in events: "2026-12-31" or "12-24".</summary>
    public override string ToString() => Date is { } one ? DatePattern.Format(one) : YearlyPattern.Format(Yearly!.Value);
}
