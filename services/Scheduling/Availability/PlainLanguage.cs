using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace Marketplace.Scheduling.Availability;

/// <summary>How a client is told when help can start: dates in the client's own zone, no firm or engineer named.</summary>
public static class PlainLanguage
{
    private static readonly LocalDatePattern Day = LocalDatePattern.Create("ddd d MMM yyyy", CultureInfo.InvariantCulture);
    private static readonly LocalDatePattern DayMonth = LocalDatePattern.Create("d MMM", CultureInfo.InvariantCulture);
    private static readonly LocalDatePattern DayMonthYear = LocalDatePattern.Create("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string Answer(string? skillName, AvailabilityNeed need, StartPlan? plan, DateTimeZone client, LocalDate searchedUntil)
    {
        var who = skillName is null ? "Specialists" : $"{skillName} specialists";
        if (plan is null)
        {
            var one = skillName is null ? "specialist" : $"{skillName} specialist";
            return $"No {one} has about {need.HoursPerWeek} h a week free to start before {DayMonthYear.Format(searchedUntil)}; fewer hours a week or a later start may help.";
        }
        var start = plan.StartsAt.InZone(client).Date;
        var finish = plan.FinishesAt.InZone(client).Date;
        var until = finish.Year == start.Year ? DayMonth.Format(finish) : DayMonthYear.Format(finish);
        return $"{who} can start {Day.Format(start)}, about {need.HoursPerWeek} h a week, done by about {until}.";
    }
}
