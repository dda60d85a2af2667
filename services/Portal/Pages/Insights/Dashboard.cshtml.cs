using System.Globalization;
using Marketplace.Portal.Gateway;

namespace Marketplace.Portal.Pages.Insights;

/// <summary>
/// The firm's dashboard: how its referrals went and how partners answered (as referrer), and the mirror of the offers
/// it received (as partner). Charts are drawn here, on the server, as bars in tables that carry the same numbers.
/// </summary>
public sealed class DashboardModel(GatewayClient gateway) : PortalPage(gateway)
{
    /// <summary>The windows offered in the picker; the API takes any number of days from 7 to 365.</summary>
    public static readonly int[] Windows = [30, 90, 180, 365];

    public InsightsItem? Insights { get; private set; }

    /// <summary>The days asked for, as given (the API says what is wrong with them).</summary>
    public string Days { get; private set; } = "90";

    /// <summary>The picker's windows, with the one asked for when it is another valid number of days.</summary>
    public IReadOnlyList<int> Choices => int.TryParse(Days, NumberStyles.None, CultureInfo.InvariantCulture, out var asked) && asked is >= 7 and <= 365
        ? [.. Windows.Append(asked).Distinct().Order()] : Windows;

    public async Task OnGetAsync(string? days, CancellationToken ct)
    {
        Days = days ?? "90";
        var answer = await Gateway.GetAsync<InsightsItem>($"/api/matching/insights{(days is null ? "" : "?days=" + Uri.EscapeDataString(days))}", ct);
        Insights = Failed(answer) ? null : answer.Value;
    }

    public static string Percent(RateItem rate) => rate.Share is { } share ? Math.Round(share * 100).ToString("0", CultureInfo.InvariantCulture) + " %" : "–";

    /// <summary>A rate in words: "3 of 8 (38 %)", or "none yet".</summary>
    public static string OutOf(RateItem rate) => rate.Of == 0 ? "none yet" : $"{rate.Count} of {rate.Of} ({Percent(rate)})";

    /// <summary>A wait in clock time, as people say it: "under a minute", "45 min", "3 h 20 min", "2 days 4 h".</summary>
    public static string Wait(long? minutes)
    {
        if (minutes is not { } m)
        {
            return "–";
        }
        const long Day = 24 * 60;
        var (days, hours, mins) = (m / Day, m % Day / 60, m % 60);
        return m switch
        {
            < 1 => "under a minute",
            < 60 => $"{m} min",
            < Day => mins == 0 ? $"{hours} h" : $"{hours} h {mins} min",
            _ => $"{days} day{(days == 1 ? "" : "s")}{(hours > 0 ? $" {hours} h" : "")}",
        };
    }

    public static string Money(decimal amount, string currency) => $"{amount.ToString("N2", CultureInfo.InvariantCulture)} {currency}";

    public static string Month(string month) =>
        DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            ? first.ToString("MMM yyyy", CultureInfo.InvariantCulture) : month;

    public static string Day(DateTimeOffset at) => at.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>A bar's share of its chart's scale, as CSS wants it.</summary>
    public static string Width(double value, double scale) => (scale <= 0 ? 0 : 100.0 * Math.Max(0, value) / scale).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    public static string Plural(int count, string one, string many) => $"{count} {(count == 1 ? one : many)}";

    /// <summary>The time to match in a sentence: the median and the 90th percentile, or the one time when there is one.</summary>
    public static string TimeToMatchSentence(TimeToMatchItem t) => t.Matched switch
    {
        0 => "No referral posted in these days has been matched yet.",
        1 => $"Your one matched referral was matched within {Wait(t.MedianMinutes)} of posting (clock time to the first accept).",
        _ => $"Of the {t.Matched} matched referrals, half were matched within {Wait(t.MedianMinutes)} and nine in ten within {Wait(t.P90Minutes)}, " +
             "counted in clock time from posting to the first accept.",
    };
}
