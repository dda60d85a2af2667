using Marketplace.Calendar;
using Marketplace.Scheduling.Engineers;
using NodaTime;
using Shouldly;

namespace Marketplace.Scheduling.Tests;

/// <summary>Weeks are the firm's local weeks, and time off takes its share of working time, across the DST changes.</summary>
public sealed class WeekCapacityTests
{
    private static readonly Engineer Ana = new() { Id = Guid.NewGuid(), Name = "Ana", WeeklyCapacityHours = 40 };

    [Fact]
    public void A_day_off_in_a_five_day_week_takes_a_fifth()
    {
        var calendar = WorkingWeek.Create([1, 2, 3, 4, 5], new(9, 0), new(17, 0), "Europe/London");
        var week = new LocalDate(2026, 12, 7);
        Ana.CapacityIn(week, calendar, new HashSet<LocalDate>()).ShouldBe(40);
        Ana.CapacityIn(week, calendar, new HashSet<LocalDate> { new(2026, 12, 11) }).ShouldBe(32);
        Ana.CapacityIn(week, calendar, new HashSet<LocalDate> { new(2026, 12, 12), new(2026, 12, 4) }).ShouldBe(40); // a Saturday, and last week
        Ana.CapacityIn(week, calendar, Enumerable.Range(0, 7).Select(week.PlusDays).ToHashSet()).ShouldBe(0);
    }

    [Theory]
    // A firm that works Sundays from midnight to six: on the night the clocks go forward that day is an hour short,
    // so the rest of the week is a larger share of its working time (36 of 41 h, not 36 of 42 h).
    [InlineData("Europe/London", "2026-03-23", "2026-03-29", 35)]
    [InlineData("America/New_York", "2026-03-02", "2026-03-08", 35)]
    [InlineData("Australia/Sydney", "2026-09-28", "2026-10-04", 35)]
    // ...and an hour long when they go back (36 of 43 h).
    [InlineData("Europe/London", "2026-10-19", "2026-10-25", 33)]
    [InlineData("America/New_York", "2026-10-26", "2026-11-01", 33)]
    [InlineData("Australia/Sydney", "2026-03-30", "2026-04-05", 33)]
    // An ordinary week: 36 of 42 h.
    [InlineData("Europe/London", "2026-06-08", "2026-06-14", 34)]
    public void Time_off_is_counted_in_real_working_time_across_clock_changes(string zone, string weekStart, string sundayOff, int expected)
    {
        var calendar = WorkingWeek.Create([1, 2, 3, 4, 5, 6, 7], new(0, 0), new(6, 0), zone);
        Ana.CapacityIn(Parse(weekStart), calendar, new HashSet<LocalDate> { Parse(sundayOff) }).ShouldBe(expected);
    }

    [Theory]
    // Instants around each zone's clock change, and the Monday of the firm's local week they fall in.
    [InlineData("America/New_York", "2026-11-01T05:30:00Z", "2026-10-26")] // Sun 01:30 EDT, before falling back
    [InlineData("America/New_York", "2026-11-02T04:30:00Z", "2026-10-26")] // Sun 23:30 EST, while UTC is already Monday
    [InlineData("Europe/London", "2026-03-29T23:30:00Z", "2026-03-30")]    // Mon 00:30 BST
    [InlineData("Australia/Sydney", "2026-10-04T15:00:00Z", "2026-10-05")] // Mon 02:00 AEDT while UTC is still Sunday
    public void A_week_is_the_firms_local_week(string zone, string instant, string monday)
    {
        var calendar = WorkingWeek.Create([1, 2, 3, 4, 5], new(9, 0), new(17, 0), zone);
        calendar.WeekOf(NodaTime.Text.InstantPattern.ExtendedIso.Parse(instant).Value).ShouldBe(Parse(monday));
    }

    private static LocalDate Parse(string date) => NodaTime.Text.LocalDatePattern.Iso.Parse(date).Value;
}
