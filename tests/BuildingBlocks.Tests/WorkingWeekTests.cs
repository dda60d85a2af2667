using Marketplace.Calendar;
using NodaTime;
using Shouldly;

namespace Marketplace.BuildingBlocks.Tests;

/// <summary>Business hours in a firm's own zone, across the 2026 DST changes of New York, London and Sydney.</summary>
public sealed class WorkingWeekTests
{
    private static readonly int[] Weekdays = [1, 2, 3, 4, 5];
    private static readonly int[] EveryDay = [1, 2, 3, 4, 5, 6, 7];

    private static WorkingWeek NineToFive(string zone) => WorkingWeek.Create(Weekdays, new LocalTime(9, 0), new LocalTime(17, 0), zone);

    private static Instant At(string zone, int year, int month, int day, int hour, int minute = 0) =>
        DateTimeZoneProviders.Tzdb[zone].AtStrictly(new LocalDateTime(year, month, day, hour, minute)).ToInstant();

    [Theory]
    // Friday 16:00 + 4 business hours = Monday 12:00, local, over the weekend the clocks change.
    [InlineData("America/New_York", 2026, 3, 6, 2026, 3, 9, 12, 67)]    // spring forward Sun 8 Mar
    [InlineData("America/New_York", 2026, 10, 30, 2026, 11, 2, 12, 69)] // fall back Sun 1 Nov
    [InlineData("Europe/London", 2026, 3, 27, 2026, 3, 30, 12, 67)]     // Sun 29 Mar
    [InlineData("Europe/London", 2026, 10, 23, 2026, 10, 26, 12, 69)]   // Sun 25 Oct
    [InlineData("Australia/Sydney", 2026, 4, 3, 2026, 4, 6, 12, 69)]    // DST ends Sun 5 Apr
    [InlineData("Australia/Sydney", 2026, 10, 2, 2026, 10, 5, 12, 67)]  // DST starts Sun 4 Oct
    public void A_deadline_in_business_hours_lands_at_the_same_local_time_whatever_the_clocks_did(
        string zone, int y, int m, int d, int dueY, int dueM, int dueD, int dueHour, int elapsedHours)
    {
        var week = NineToFive(zone);
        var start = At(zone, y, m, d, 16);

        var due = week.AddWorkingTime(start, Duration.FromHours(4));

        due.InZone(week.Zone).LocalDateTime.ShouldBe(new LocalDateTime(dueY, dueM, dueD, dueHour, 0));
        (due - start).ShouldBe(Duration.FromHours(elapsedHours));
    }

    [Fact]
    public void A_night_shift_week_counts_the_hour_the_clocks_take_or_give()
    {
        var nights = WorkingWeek.Create(EveryDay, new LocalTime(0, 0), new LocalTime(8, 0), "America/New_York");

        nights.WorkingTimeInWeek(new LocalDate(2026, 3, 2)).ShouldBe(Duration.FromHours(55));   // Sun 8 Mar: 7 h
        nights.WorkingTimeInWeek(new LocalDate(2026, 10, 26)).ShouldBe(Duration.FromHours(57)); // Sun 1 Nov: 9 h
        nights.WorkingTimeInWeek(new LocalDate(2026, 6, 1)).ShouldBe(Duration.FromHours(56));
    }

    [Fact]
    public void An_opening_time_the_clocks_skip_opens_at_the_first_real_instant_after_it()
    {
        var early = WorkingWeek.Create(EveryDay, new LocalTime(2, 30), new LocalTime(10, 0), "America/New_York");

        early.WindowOn(new LocalDate(2026, 3, 8))!.Value.Duration.ShouldBe(Duration.FromMinutes(390));
        early.WindowOn(new LocalDate(2026, 3, 9))!.Value.Duration.ShouldBe(Duration.FromMinutes(450));
    }

    [Fact]
    public void The_week_is_the_firms_own_monday_to_sunday()
    {
        var instant = Instant.FromUtc(2026, 3, 1, 23, 30); // Sunday evening in New York, Monday morning in Sydney

        NineToFive("Australia/Sydney").WeekOf(instant).ShouldBe(new LocalDate(2026, 3, 2));
        NineToFive("America/New_York").WeekOf(instant).ShouldBe(new LocalDate(2026, 2, 23));
        NineToFive("Europe/London").WorkingTimeInWeek(new LocalDate(2026, 3, 23)).ShouldBe(Duration.FromHours(40));
    }

    [Fact]
    public void Inside_after_hours_and_days_off()
    {
        var week = NineToFive("Europe/London");
        string zone = "Europe/London";

        week.AddWorkingTime(At(zone, 2026, 6, 2, 10), Duration.FromHours(3)).ShouldBe(At(zone, 2026, 6, 2, 13));
        week.AddWorkingTime(At(zone, 2026, 6, 2, 18), Duration.FromHours(1)).ShouldBe(At(zone, 2026, 6, 3, 10));
        week.AddWorkingTime(At(zone, 2026, 6, 5, 16), Duration.FromHours(4), new HashSet<LocalDate> { new(2026, 6, 8) })
            .ShouldBe(At(zone, 2026, 6, 9, 12));
        week.WorkingTimeInWeek(new LocalDate(2026, 6, 1), new HashSet<LocalDate> { new(2026, 6, 3) }).ShouldBe(Duration.FromHours(32));
        week.AddWorkingTime(At(zone, 2026, 6, 2, 10), Duration.Zero).ShouldBe(At(zone, 2026, 6, 2, 10));
    }

    [Fact]
    public void Impossible_requests_are_refused()
    {
        var never = WorkingWeek.Create([], new LocalTime(9, 0), new LocalTime(17, 0), "UTC");

        Should.Throw<InvalidOperationException>(() => never.AddWorkingTime(Instant.FromUtc(2026, 1, 1, 0, 0), Duration.FromHours(1)));
        Should.Throw<ArgumentOutOfRangeException>(() => NineToFive("UTC").AddWorkingTime(Instant.FromUtc(2026, 1, 1, 0, 0), Duration.FromHours(-1)));
        Should.Throw<ArgumentException>(() => WorkingWeek.Create(Weekdays, new LocalTime(9, 0), new LocalTime(17, 0), "Mars/Olympus"));
    }

    [Fact]
    public void A_Friday_offer_before_a_closed_Easter_Monday_is_due_on_Tuesday_and_the_reminder_mirrors_it()
    {
        const string zone = "Europe/London";
        // Easter Monday alone closed (a firm closing that day only): Friday 16:00 + 4 business hours = 1 h Friday, 3 h Tuesday.
        var week = NineToFive(zone) with { Closed = ClosedDays.Of(null, null, ["2026-04-06"]) };
        var friday = At(zone, 2026, 4, 3, 16);

        var due = week.AddWorkingTime(friday, Duration.FromHours(4));

        due.ShouldBe(At(zone, 2026, 4, 7, 12));
        week.SubtractWorkingTime(due, Duration.FromHours(4)).ShouldBe(friday);
        week.SubtractWorkingTime(At(zone, 2026, 4, 7, 9, 30), Duration.FromHours(1)).ShouldBe(At(zone, 2026, 4, 3, 16, 30));
        week.WorkingTimeInWeek(new LocalDate(2026, 4, 6)).ShouldBe(Duration.FromHours(32));
        NineToFive(zone).AddWorkingTime(friday, Duration.FromHours(4)).ShouldBe(At(zone, 2026, 4, 6, 12)); // the same week open on Monday
    }

    [Fact]
    public void In_England_both_Easter_holidays_are_skipped_both_ways()
    {
        const string zone = "Europe/London";
        var england = NineToFive(zone) with { Closed = ClosedDays.Of("GB", "ENG", null) };

        // Thursday 16:00: 1 h on Thursday, Good Friday and Easter Monday closed, 3 h on Tuesday.
        england.AddWorkingTime(At(zone, 2026, 4, 2, 16), Duration.FromHours(4)).ShouldBe(At(zone, 2026, 4, 7, 12));
        // Made on Good Friday itself, the first business hour is Tuesday's.
        england.AddWorkingTime(At(zone, 2026, 4, 3, 16), Duration.FromHours(4)).ShouldBe(At(zone, 2026, 4, 7, 13));
        england.SubtractWorkingTime(At(zone, 2026, 4, 7, 12), Duration.FromHours(4)).ShouldBe(At(zone, 2026, 4, 2, 16));
        england.SubtractWorkingTime(At(zone, 2026, 4, 7, 9, 30), Duration.FromHours(1)).ShouldBe(At(zone, 2026, 4, 2, 16, 30));
        england.WindowOn(new LocalDate(2026, 4, 3)).ShouldBeNull();
    }
}
