using Marketplace.Calendar;
using NodaTime;

namespace Marketplace.Scheduling.Availability;

/// <summary>What a client needs: hours a week, total effort, not before a date, and optionally one skill at a minimum level.</summary>
public sealed record AvailabilityNeed(int HoursPerWeek, int EffortHours, LocalDate NotBefore, string? SkillId = null, int MinLevel = 1)
{
    public int Weeks => (EffortHours + HoursPerWeek - 1) / HoursPerWeek;
}

/// <summary>A firm's earliest start for a need: the dates in the firm's calendar, and which engineers give how many hours a week.</summary>
public sealed record StartPlan(Guid FirmId, string FirmName, LocalDate Start, LocalDate Finish, int Weeks, Instant StartsAt, Instant FinishesAt,
    IReadOnlyList<EngineerShare> Engineers);

public sealed record EngineerShare(Guid EngineerId, string Name, int HoursPerWeek);

public static class EarliestStart
{
    /// <summary>How many weeks ahead a start is looked for.</summary>
    public const int SearchWeeks = 26;

    /// <summary>
    /// The first week, from "not before" (or today in the firm's zone) on, where the firm's engineers can give the hours
    /// every week until the effort is done; each engineer's share fits in every one of those weeks, so the plan can be
    /// held as it stands. Null when the firm lacks the skill or has no such run in the next <see cref="SearchWeeks"/> weeks.
    /// </summary>
    public static StartPlan? Find(FirmAvailability firm, AvailabilityNeed need, Instant now)
    {
        if (need.SkillId is { } skill && firm.SkillLevels.GetValueOrDefault(skill) < need.MinLevel)
        {
            return null;
        }
        var engineers = firm.Engineers.Where(e => e.WeeklyHours > 0 && (need.SkillId is null || e.Does(need.SkillId))).ToList();
        if (engineers.Count == 0)
        {
            return null;
        }
        var calendar = firm.Calendar;
        var today = now.InZone(calendar.Zone).Date;
        var from = today > need.NotBefore ? today : need.NotBefore;
        var firstWeek = WorkingWeek.WeekStart(from);
        var weeks = need.Weeks;
        var firstMonday = firstWeek.ToDateOnly().DayNumber;
        var minFree = new int[engineers.Count];
        for (var s = 0; s < SearchWeeks; s++)
        {
            // Cheap integer test first: the greedy shares below succeed exactly when the engineers' least free hours add up.
            var total = 0;
            for (var e = 0; e < engineers.Count; e++)
            {
                var least = int.MaxValue;
                for (var w = 0; w < weeks && least > 0; w++)
                {
                    least = Math.Min(least, engineers[e].FreeInWeekOf(firstMonday + 7 * (s + w)));
                }
                minFree[e] = least;
                total += least;
            }
            var week = firstWeek.PlusWeeks(s);
            if (total < need.HoursPerWeek || FirstWorkingDay(calendar, week, s == 0 ? from : week, now) is not { } start)
            {
                continue;
            }
            var finish = LastWorkingDay(calendar, week.PlusWeeks(weeks - 1));
            // A last week closed throughout has no capacity, so no run ends in one; should one still (a snapshot read while
            // the firm's holidays changed), the plan ends with that Monday rather than failing.
            var finishesAt = calendar.WindowOn(finish)?.End ?? calendar.Zone.AtStartOfDay(finish.PlusDays(1)).ToInstant();
            return new StartPlan(firm.FirmId, firm.Name, start, finish, weeks,
                calendar.WindowOn(start)!.Value.Start, finishesAt, Shares(engineers, minFree, need.HoursPerWeek));
        }
        return null;
    }

    /// <summary>Fewest engineers first: those with the most hours free in every week of the run take the largest shares.</summary>
    private static List<EngineerShare> Shares(List<EngineerAvailability> engineers, int[] minFree, int hoursPerWeek)
    {
        var left = hoursPerWeek;
        var shares = new List<EngineerShare>();
        foreach (var e in Enumerable.Range(0, engineers.Count).Where(i => minFree[i] > 0).OrderByDescending(i => minFree[i]))
        {
            var share = Math.Min(left, minFree[e]);
            shares.Add(new EngineerShare(engineers[e].Id, engineers[e].Name, share));
            left -= share;
            if (left == 0)
            {
                break;
            }
        }
        return shares;
    }

    /// <summary>The first day from <paramref name="from"/> in the week whose working window has not closed yet.</summary>
    private static LocalDate? FirstWorkingDay(WorkingWeek calendar, LocalDate week, LocalDate from, Instant now)
    {
        for (var day = from; day < week.PlusWeeks(1); day = day.PlusDays(1))
        {
            if (calendar.WindowOn(day) is { } window && window.End > now)
            {
                return day;
            }
        }
        return null;
    }

    private static LocalDate LastWorkingDay(WorkingWeek calendar, LocalDate week)
    {
        for (var day = week.PlusDays(6); day > week; day = day.PlusDays(-1))
        {
            if (calendar.WindowOn(day) is not null)
            {
                return day;
            }
        }
        return week;
    }
}
