using NodaTime;
using NodaTime.Text;

namespace Marketplace.Calendar;

/// <summary>Opening hours as events and APIs carry them: "09:00", local to the firm.</summary>
public static class ClockTime
{
    private static readonly LocalTimePattern Pattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    public static string Format(LocalTime time) => Pattern.Format(time);

    public static LocalTime? Parse(string? text) => text is not null && Pattern.Parse(text) is { Success: true } r ? r.Value : null;
}
