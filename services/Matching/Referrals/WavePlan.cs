using Marketplace.Matching.Ranking;
using NodaTime;

namespace Marketplace.Matching.Referrals;

/// <summary>
/// How wide a wave goes and how long its partners have to answer, from the referral's slack: the working days (Monday
/// to Friday, UTC dates as the ranking counts them) left before its latest start. Work that must start within
/// <see cref="NearDays"/> working days goes to <see cref="WideSize"/> partners at once, each with half its agreed
/// response time (at least an hour, never more than agreed): a late answer costs a day the referral does not have.
/// Work with <see cref="RelaxedDays"/> or more goes to <see cref="NarrowSize"/> with the full time: there is time to ask
/// a few at a time, and fewer partners get an offer they will see withdrawn. A wave size the referrer chose stands;
/// the deadline still follows the slack. Each wave is planned when it goes out, so a referral whose waves keep
/// failing gets wider waves as its latest start comes near.
/// </summary>
public sealed record WavePlan(int Size, bool ShortDeadline, int WorkingDaysLeft, bool SizeChosen, bool FromSlack, LocalDate Today)
{
    public const int NearDays = 3, RelaxedDays = 15, WideSize = 5, NarrowSize = 2;

    /// <param name="chosenSize">The referrer's wave size, or null to size it from the slack.</param>
    /// <param name="fromSlack">Off: the fixed rule from before (the chosen size or three, the agreed deadline).</param>
    public static WavePlan For(int? chosenSize, LocalDate latestStart, Instant now, bool fromSlack)
    {
        var today = now.InUtc().Date;
        var left = WorkingDaysUntil(today, latestStart);
        if (!fromSlack)
        {
            return new(chosenSize ?? Referral.DefaultWaveSize, false, left, chosenSize is not null, false, today);
        }
        var near = left <= NearDays;
        var size = chosenSize ?? (near ? WideSize : left >= RelaxedDays ? NarrowSize : Referral.DefaultWaveSize);
        return new(size, near, left, chosenSize is not null, true, today);
    }

    /// <summary>The time to answer for a partner whose terms give it <paramref name="slaHours"/> business hours.</summary>
    public Duration Deadline(int slaHours) =>
        ShortDeadline ? Duration.FromMinutes(Math.Min(slaHours * 60, Math.Max(60, slaHours * 30))) : Duration.FromHours(slaHours);

    /// <summary>Working days after <paramref name="today"/> up to and including <paramref name="latestStart"/> (0: it is today, or past).</summary>
    public static int WorkingDaysUntil(LocalDate today, LocalDate latestStart)
    {
        var days = 0;
        for (var day = today.PlusDays(1); day <= latestStart; day = day.PlusDays(1))
        {
            days += day.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday ? 0 : 1;
        }
        return days;
    }

    /// <summary>
    /// For the referrer's timeline: how many were asked and why ("5 partners at once, each with half its agreed time to
    /// answer (at least 1 business hour): the latest start, Mon 11 Jan 2027, is 1 working day away").
    /// </summary>
    /// <param name="replacement">One partner added to the wave after a failed hold: its size is not the plan's, only its deadline.</param>
    public string Describe(int offered, LocalDate latestStart, bool replacement = false)
    {
        var who = replacement ? "1 partner more" : $"{offered} partner{(offered == 1 ? "" : "s")} at once{(SizeChosen ? " (the wave size you chose)" : "")}";
        var time = ShortDeadline ? "each with half its agreed time to answer (at least 1 business hour)" : "each with its agreed time to answer";
        var left = WorkingDaysLeft switch
        {
            0 when latestStart <= Today => "is today",
            1 => "is 1 working day away",
            var n => $"is {n} working days away",
        };
        var reason = !SizeChosen && !replacement && WorkingDaysLeft >= RelaxedDays ? ", time enough to ask a few at a time" : "";
        return $"{who}, {time}: the latest start, {Ranker.Day(latestStart)}, {left}{reason}";
    }
}
