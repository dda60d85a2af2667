using System.Globalization;
using NodaTime;

namespace Marketplace.Matching.Insights;

/// <summary>
/// The stretch of time the dashboard looks back over: the last <see cref="Days"/> days up to <see cref="To"/> (now).
/// A week at least (fewer days say little), a year at most (the dashboard reads every referral, offer and fee in it).
/// </summary>
public sealed record InsightsWindow(int Days, Instant From, Instant To)
{
    public const int DefaultDays = 90, MinDays = 7, MaxDays = 365;

    public static readonly string Rule = $"days must be a whole number from {MinDays} to {MaxDays}.";

    public static InsightsWindow Ending(Instant now, int days)
    {
        if (days is < MinDays or > MaxDays)
        {
            throw new ArgumentOutOfRangeException(nameof(days), days, Rule);
        }
        return new(days, now - Duration.FromDays(days), now);
    }

    /// <summary>
    /// The days a caller asked for: absent is the default; otherwise digits only (no sign, spaces or decimals), within
    /// the bounds. Anything else is false, for a 400 that names the field.
    /// </summary>
    public static bool TryDays(string? text, out int days)
    {
        days = DefaultDays;
        if (text is null)
        {
            return true;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out days) && days is >= MinDays and <= MaxDays;
    }

    public bool Contains(Instant at) => at >= From && at <= To;
}
