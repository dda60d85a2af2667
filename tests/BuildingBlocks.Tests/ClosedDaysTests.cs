using Marketplace.Calendar;
using NodaTime;
using Shouldly;

namespace Marketplace.BuildingBlocks.Tests;

/// <summary>Public holidays (observed dates) and a firm's own closing days, across Easter, Thanksgiving and Christmas weeks.</summary>
public sealed class ClosedDaysTests
{
    private static readonly int[] Weekdays = [1, 2, 3, 4, 5];

    private static WorkingWeek NineToFive(string zone, ClosedDays closed) => WorkingWeek.Create(Weekdays, new LocalTime(9, 0), new LocalTime(17, 0), zone, closed);

    private static Instant At(string zone, int year, int month, int day, int hour, int minute = 0) =>
        DateTimeZoneProviders.Tzdb[zone].AtStrictly(new LocalDateTime(year, month, day, hour, minute)).ToInstant();

    [Fact]
    public void Easter_in_England_closes_Good_Friday_and_Easter_Monday_in_London()
    {
        var england = ClosedDays.Of("GB", "ENG", null);
        var week = NineToFive("Europe/London", england);

        england.Why(new LocalDate(2026, 4, 3)).ShouldBe("Good Friday");
        england.Why(new LocalDate(2026, 4, 6)).ShouldBe("Easter Monday");
        england.Why(new LocalDate(2026, 4, 2)).ShouldBeNull();
        england.Why(new LocalDate(2026, 4, 7)).ShouldBeNull();
        // Good Friday falls in the week before Easter Sunday, Easter Monday in the week after: each loses one day.
        week.WorkingTimeInWeek(new LocalDate(2026, 3, 30)).ShouldBe(Duration.FromHours(32));
        week.WorkingTimeInWeek(new LocalDate(2026, 4, 6)).ShouldBe(Duration.FromHours(32));
        week.WorkingTimeInWeek(new LocalDate(2026, 4, 13)).ShouldBe(Duration.FromHours(40));
        week.ClosedDaysInWeek(new LocalDate(2026, 3, 30)).ShouldBe([new ClosedDay(new LocalDate(2026, 4, 3), "Good Friday")]);
        week.Regular.WorkingTimeInWeek(new LocalDate(2026, 3, 30)).ShouldBe(Duration.FromHours(40));
    }

    [Fact]
    public void Scotland_keeps_its_own_bank_holidays()
    {
        var england = ClosedDays.Of("GB", "ENG", null);
        var scotland = ClosedDays.Of("gb", "sct", null);

        (scotland.Country, scotland.Region).ShouldBe(("GB", "SCT"));
        scotland.Why(new LocalDate(2026, 1, 2)).ShouldBe("New Year Holiday");
        england.IsClosed(new LocalDate(2026, 1, 2)).ShouldBeFalse();
        scotland.Why(new LocalDate(2026, 11, 30)).ShouldBe("St Andrew's Day");
        england.IsClosed(new LocalDate(2026, 11, 30)).ShouldBeFalse();
        england.IsClosed(new LocalDate(2026, 4, 6)).ShouldBeTrue();
        scotland.IsClosed(new LocalDate(2026, 4, 6)).ShouldBeFalse(); // no Easter Monday in Scotland
        scotland.IsClosed(new LocalDate(2026, 4, 3)).ShouldBeTrue();
        ClosedDays.Of("GB", null, null).IsClosed(new LocalDate(2026, 4, 6)).ShouldBeTrue(); // no nation: England and Wales
    }

    [Fact]
    public void Thanksgiving_week_in_New_York_loses_the_Thursday_and_deadlines_skip_it()
    {
        var us = ClosedDays.Of("US", null, null);
        var week = NineToFive("America/New_York", us);

        us.Why(new LocalDate(2026, 11, 26)).ShouldBe("Thanksgiving");
        us.IsClosed(new LocalDate(2026, 11, 27)).ShouldBeFalse(); // the Friday after is no federal holiday
        week.WorkingTimeInWeek(new LocalDate(2026, 11, 23)).ShouldBe(Duration.FromHours(32));
        // Wednesday 16:00 + 4 business hours: 1 h on Wednesday, Thanksgiving closed, 3 h on Friday.
        week.AddWorkingTime(At("America/New_York", 2026, 11, 25, 16), Duration.FromHours(4)).ShouldBe(At("America/New_York", 2026, 11, 27, 12));
    }

    [Fact]
    public void Christmas_on_a_weekend_is_observed_where_the_country_moves_it()
    {
        // 2027: Christmas Day is a Saturday, Boxing Day a Sunday.
        var nsw = ClosedDays.Of("AU", "NSW", null);
        var sydney = NineToFive("Australia/Sydney", nsw);
        nsw.Why(new LocalDate(2027, 12, 27)).ShouldBe("Christmas Day");
        nsw.Why(new LocalDate(2027, 12, 28)).ShouldBe("Boxing Day");
        sydney.WorkingTimeInWeek(new LocalDate(2027, 12, 27)).ShouldBe(Duration.FromHours(24));
        sydney.ClosedDaysInWeek(new LocalDate(2027, 12, 27)).Select(d => d.Date).ShouldBe([new LocalDate(2027, 12, 27), new LocalDate(2027, 12, 28)]);
        // Friday 15:00 before Christmas + 4 business hours: 2 h that Friday, Monday and Tuesday closed, 2 h on Wednesday.
        sydney.AddWorkingTime(At("Australia/Sydney", 2027, 12, 24, 15), Duration.FromHours(4)).ShouldBe(At("Australia/Sydney", 2027, 12, 29, 11));

        ClosedDays.Of("US", null, null).Why(new LocalDate(2027, 12, 24)).ShouldBe("Christmas"); // the US moves Saturday back to Friday

        // Bavaria does not move them: 2026's Christmas Friday costs a day, Boxing Day on the Saturday costs nothing.
        var bavaria = NineToFive("Europe/Berlin", ClosedDays.Of("DE", "BY", null));
        bavaria.WorkingTimeInWeek(new LocalDate(2026, 12, 21)).ShouldBe(Duration.FromHours(32));
        bavaria.ClosedDaysInWeek(new LocalDate(2026, 12, 21)).ShouldBe([new ClosedDay(new LocalDate(2026, 12, 25), "Weihnachtstag")]);
        bavaria.WorkingTimeInWeek(new LocalDate(2026, 12, 28)).ShouldBe(Duration.FromHours(32)); // New Year's Day, Friday
    }

    [Fact]
    public void A_firms_own_closing_days_close_beside_the_holidays()
    {
        var closed = ClosedDays.Of("GB", "ENG", ["12-24", "2026-12-31", " 02-29 ", "not a day", "2026-13-01"]);
        var week = NineToFive("Europe/London", closed);

        closed.ClosingDays.ShouldBe(["12-24", "2026-12-31", "02-29"]); // what it cannot read closes nothing
        closed.Why(new LocalDate(2026, 12, 24)).ShouldBe(ClosedDays.OwnClosingDay);
        closed.Why(new LocalDate(2027, 12, 24)).ShouldBe(ClosedDays.OwnClosingDay); // every year
        closed.Why(new LocalDate(2026, 12, 31)).ShouldBe(ClosedDays.OwnClosingDay);
        closed.IsClosed(new LocalDate(2027, 12, 31)).ShouldBeFalse(); // that one date only
        closed.Why(new LocalDate(2026, 12, 25)).ShouldBe("Christmas"); // a holiday keeps its name
        closed.IsClosed(new LocalDate(2028, 2, 29)).ShouldBeTrue();
        closed.IsClosed(new LocalDate(2027, 2, 28)).ShouldBeFalse(); // 29 February only in leap years
        // Christmas week 2026 in London: Thursday closed by the firm, Friday Christmas; Boxing Day is observed on Monday the 28th.
        week.WorkingTimeInWeek(new LocalDate(2026, 12, 21)).ShouldBe(Duration.FromHours(24));
        week.WorkingTimeInWeek(new LocalDate(2026, 12, 28)).ShouldBe(Duration.FromHours(16)); // Boxing Day (Mon), the 31st, New Year's Day

        var ownOnly = ClosedDays.Of(null, null, ["12-24"]);
        (ownOnly.Country, ownOnly.IsClosed(new LocalDate(2026, 12, 25))).ShouldBe((null, false));
        ownOnly.IsClosed(new LocalDate(2026, 12, 24)).ShouldBeTrue();
    }

    [Fact]
    public void Without_a_country_nothing_is_closed_and_the_package_failing_for_a_year_closes_what_it_can()
    {
        ClosedDays.Of(null, null, null).ShouldBeSameAs(ClosedDays.None);
        ClosedDays.Of("XX", null, []).ShouldBeSameAs(ClosedDays.None); // validated away at Network; a projection never fails on it
        ClosedDays.None.Between(new LocalDate(2026, 1, 1), new LocalDate(2026, 12, 31)).ShouldBeEmpty();

        // Germany 2008: Labour Day and Ascension fell on one date, which the package's named list cannot hold.
        ClosedDays.Of("DE", null, null).Why(new LocalDate(2008, 5, 1)).ShouldBe(ClosedDays.UnnamedHoliday);
        // Turkey's lunar holidays are computed only into the 2070s: later years close nothing rather than fail.
        ClosedDays.Of("TR", null, null).IsClosed(new LocalDate(2090, 1, 1)).ShouldBeFalse();
        ClosedDays.Of("GB", null, null).IsClosed(new LocalDate(9999, 12, 27)).ShouldBeFalse();
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("GB", null, null)]
    [InlineData("gb", "sct", null)]
    [InlineData("US", null, null)]
    [InlineData("DE", "BY", null)]
    [InlineData("CA", "QC", null)]
    [InlineData("AU", "NSW", null)]
    [InlineData("US", "NY", "holidayRegion")]
    [InlineData("FR", "IDF", "holidayRegion")]
    [InlineData("GB", "XYZ", "holidayRegion")]
    [InlineData(null, "NSW", "holidayRegion")]
    [InlineData("UK", null, "holidayCountry")]
    [InlineData("USA", null, "holidayCountry")]
    public void Countries_and_regions_are_checked_against_what_the_package_knows(string? country, string? region, string? field)
    {
        HolidayCountries.Problem(country, region)?.Field.ShouldBe(field);
    }

    [Fact]
    public void The_supported_list_names_every_country_and_region_once()
    {
        var all = HolidayCountries.All;
        all.Select(c => c.Code).ShouldBeUnique();
        all.ShouldAllBe(c => c.Code.Length == 2 && c.Name.Length > 0);
        HolidayCountries.Find("us")!.Regions.ShouldBeEmpty();
        HolidayCountries.Find("AU")!.Regions.Count.ShouldBe(8);
        HolidayCountries.Find("DE")!.Regions.Count.ShouldBe(16);
        HolidayCountries.Find("CA")!.Regions.Count.ShouldBe(13);
        HolidayCountries.Find("GB")!.Regions.Select(r => r.Code).ShouldBe(["ENG", "WLS", "SCT", "NIR"]);
        // Every calendar answers for this year and the next without failing.
        foreach (var country in all)
        {
            foreach (var region in country.Regions.Select(r => (string?)r.Code).Append(null))
            {
                ClosedDays.Of(country.Code, region, null).Between(new LocalDate(2026, 1, 1), new LocalDate(2027, 12, 31)).ShouldNotBeEmpty();
            }
        }
    }
}
