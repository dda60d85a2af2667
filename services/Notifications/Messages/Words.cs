using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace Marketplace.Notifications.Messages;

/// <summary>The product's plain words for times and jobs, as the client's status page says them: "Tue 1 Dec 13:00".</summary>
public static class Words
{
    private static readonly ZonedDateTimePattern DayAndTime = ZonedDateTimePattern.CreateWithInvariantCulture("ddd d MMM HH:mm", null);
    private static readonly LocalDatePattern Day = LocalDatePattern.CreateWithInvariantCulture("ddd d MMM");

    /// <summary>An instant as the reader's clock shows it, in their firm's zone (DST included).</summary>
    public static string At(DateTimeOffset instant, DateTimeZone zone) => DayAndTime.Format(Instant.FromDateTimeOffset(instant).InZone(zone));

    public static string On(DateOnly date) => Day.Format(LocalDate.FromDateOnly(date));

    /// <summary>"an SD-WAN job", "a Dynamics 365 and Shopify job", "a job".</summary>
    public static string Job(IReadOnlyList<string> skills)
    {
        if (skills.Count == 0)
        {
            return "a job";
        }
        var names = Skills(skills);
        return $"{Article(names)} {names} job";
    }

    /// <summary>"SD-WAN", "SD-WAN and Azure", "SD-WAN, Azure and Intune".</summary>
    public static string Skills(IReadOnlyList<string> skills) =>
        skills.Count <= 1 ? string.Concat(skills) : string.Join(", ", skills.Take(skills.Count - 1)) + " and " + skills[^1];

    /// <summary>"a" or "an" by sound: vowels, and initialisms read letter by letter whose first letter sounds like one ("an SD-WAN", "an MFA").</summary>
    public static string Article(string words)
    {
        var first = words.TakeWhile(char.IsLetter).ToArray();
        if (first.Length == 0)
        {
            return "a";
        }
        var initialism = first.Length > 1 && first.All(char.IsUpper);
        var letter = char.ToUpperInvariant(first[0]);
        return (initialism ? "AEFHILMNORSX" : "AEIOU").Contains(letter, StringComparison.Ordinal) ? "an" : "a";
    }

    /// <summary>"30 minutes", "2 hours", "3 days": how long a link works.</summary>
    public static string For(TimeSpan span) => span switch
    {
        { TotalHours: < 2 } => $"{Math.Max(1, (int)Math.Round(span.TotalMinutes)).ToString(CultureInfo.InvariantCulture)} minutes",
        { TotalDays: < 2 } => $"{(int)Math.Round(span.TotalHours)} hours",
        _ => $"{(int)Math.Round(span.TotalDays)} days",
    };
}
