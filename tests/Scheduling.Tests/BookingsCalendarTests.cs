using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Marketplace.Scheduling.Feeds;
using Marketplace.Scheduling.Firms;
using Marketplace.Scheduling.Holds;
using NodaTime;
using NodaTime.Text;
using Shouldly;

namespace Marketplace.Scheduling.Tests;

/// <summary>
/// Feeds written and parsed back with Ical.Net, no web host: the instants calendar apps will show, worked out from the
/// feed's own VTIMEZONE as well as by the parser, across the spring DST changes of London and New York.
/// </summary>
public sealed class BookingsCalendarTests
{
    private static readonly Guid Ravi = Guid.NewGuid(), Mei = Guid.NewGuid();
    private static readonly Dictionary<Guid, string> Names = new() { [Ravi] = "Ravi Shah", [Mei] = "Mei Lin" };

    private static FirmCalendar Firm(string zone, params int[] days) => new()
    {
        FirmId = Guid.NewGuid(), Name = "Northwind Networks", TimeZone = zone, WorkingDays = days.Length == 0 ? [1, 2, 3, 4, 5] : [.. days],
    };

    private static Allocation Allocation(Guid engineer, string firstWeek, int weeks, AllocationStatus status, int hours = 10) => new()
    {
        Id = Guid.CreateVersion7(), EngineerId = engineer, ReferralId = Guid.NewGuid(), HoursPerWeek = hours, FirstWeek = LocalDatePattern.Iso.Parse(firstWeek).Value,
        Weeks = weeks, Status = status, CreatedAt = new DateTimeOffset(2027, 1, 4, 10, 0, 0, TimeSpan.Zero),
        ExpiresAt = status == AllocationStatus.Hold ? new DateTimeOffset(2027, 3, 23, 10, 0, 0, TimeSpan.Zero) : null,
    };

    private static string Write(FirmCalendar firm, IReadOnlyList<Allocation> allocations, string firstWeek = "2027-02-22", int weeks = 30,
        Dictionary<Guid, HashSet<LocalDate>>? daysOff = null, bool firmFeed = true)
    {
        var first = LocalDatePattern.Iso.Parse(firstWeek).Value;
        return BookingsCalendar.Write(new FeedContents("Northwind Networks bookings", firm, firmFeed, allocations, Names, daysOff ?? [], first, first.PlusWeeks(weeks),
            TimeSpan.FromHours(1)));
    }

    private static Instant Utc(string text) => InstantPattern.General.Parse(text).Value;

    private static (Instant Start, Instant End) Instants(CalendarEvent e) =>
        (Instant.FromDateTimeUtc(e.DtStart!.AsUtc), Instant.FromDateTimeUtc(e.DtEnd!.AsUtc));

    [Fact]
    public void A_booking_across_Londons_clock_change_lands_at_the_firms_nine_oclock_each_week_and_holds_are_tentative()
    {
        var firm = Firm("Europe/London");
        // Clocks go forward on Sunday 28 March 2027: the first week is in GMT, the second in BST.
        var booking = Allocation(Ravi, "2027-03-22", 2, AllocationStatus.Booking);
        var hold = Allocation(Mei, "2027-03-22", 1, AllocationStatus.Hold, hours: 5);

        var text = Write(firm, [booking, hold]);
        var parsed = Ical.Net.Calendar.Load(text)!;

        parsed.Events.Count.ShouldBe(3);
        var zone = parsed.TimeZones.ShouldHaveSingleItem();
        zone.TzId.ShouldBe("Europe/London");
        var ravi = parsed.Events.Where(e => e.Summary!.Contains("Ravi Shah", StringComparison.Ordinal)).OrderBy(e => e.DtStart).ToList();
        ravi.Select(Instants).ShouldBe([
            (Utc("2027-03-22T09:00:00Z"), Utc("2027-03-26T17:00:00Z")),
            (Utc("2027-03-29T08:00:00Z"), Utc("2027-04-02T16:00:00Z")),
        ]);
        // What a calendar app that reads only the feed's VTIMEZONE (not its own zone database) would compute.
        ravi.Select(e => (FromVTimeZone(zone, e.DtStart!), FromVTimeZone(zone, e.DtEnd!))).ShouldBe(ravi.Select(Instants));
        ravi.ShouldAllBe(e => e.DtStart!.TzId == "Europe/London" && e.Status == "CONFIRMED" && e.Transparency == "TRANSPARENT");
        ravi.Select(e => e.Uid).ShouldBe([BookingsCalendar.Uid(booking.Id, new LocalDate(2027, 3, 22)), BookingsCalendar.Uid(booking.Id, new LocalDate(2027, 3, 29))]);
        ravi[0].Summary.ShouldBe("Booked: Ravi Shah, 10 h referral work");

        var held = parsed.Events.Single(e => e.Summary!.Contains("Mei Lin", StringComparison.Ordinal));
        (held.Status, held.Summary).ShouldBe(("TENTATIVE", "Held: Mei Lin, 5 h referral work"));
        held.Description!.ShouldContain("unless confirmed by Tue 23 Mar 2027 10:00 (Europe/London)");
        text.ShouldContain("\r\n"); // RFC 5545 line ends
    }

    [Fact]
    public void A_week_that_spans_New_Yorks_clock_change_keeps_local_opening_and_closing_times_and_loses_the_hour()
    {
        // A firm that works every day: its week of 8 March 2027 runs into Sunday 14 March, when clocks go forward at 02:00.
        var firm = Firm("America/New_York", 1, 2, 3, 4, 5, 6, 7);
        var booking = Allocation(Ravi, "2027-03-08", 1, AllocationStatus.Booking);

        var parsed = Ical.Net.Calendar.Load(Write(firm, [booking]))!;

        var week = parsed.Events.ShouldHaveSingleItem();
        Instants(week).ShouldBe((Utc("2027-03-08T14:00:00Z"), Utc("2027-03-14T21:00:00Z"))); // 09:00 EST to 17:00 EDT
        (Instants(week).End - Instants(week).Start).ShouldBe(NodaTime.Duration.FromDays(6) + NodaTime.Duration.FromHours(7));
        (FromVTimeZone(parsed.TimeZones.Single(), week.DtStart!), FromVTimeZone(parsed.TimeZones.Single(), week.DtEnd!)).ShouldBe(Instants(week));
    }

    [Fact]
    public void The_same_plan_writes_the_same_bytes_and_a_confirmed_hold_keeps_its_uid_with_a_higher_sequence()
    {
        var firm = Firm("Europe/London");
        var hold = Allocation(Ravi, "2027-03-22", 1, AllocationStatus.Hold);
        Write(firm, [hold]).ShouldBe(Write(firm, [hold]));

        var before = Ical.Net.Calendar.Load(Write(firm, [hold]))!.Events.Single();
        hold.Status = AllocationStatus.Booking;
        hold.ExpiresAt = null;
        var after = Ical.Net.Calendar.Load(Write(firm, [hold]))!.Events.Single();

        after.Uid.ShouldBe(before.Uid);
        (before.Status, before.Sequence, after.Status, after.Sequence).ShouldBe(("TENTATIVE", 0, "CONFIRMED", 1));
    }

    [Fact]
    public void Only_weeks_inside_the_window_are_written_and_an_engineers_own_feed_does_not_repeat_their_name()
    {
        var firm = Firm("Europe/London");
        var long_ = Allocation(Ravi, "2027-03-01", 6, AllocationStatus.Booking);

        var parsed = Ical.Net.Calendar.Load(Write(firm, [long_], firstWeek: "2027-03-15", weeks: 2, firmFeed: false))!;

        parsed.Events.Select(e => e.DtStart!.Date).OrderBy(d => d).ShouldBe([new DateOnly(2027, 3, 15), new DateOnly(2027, 3, 22)]);
        parsed.Events.ShouldAllBe(e => e.Summary == "Booked: 10 h referral work");
        parsed.Events.ShouldAllBe(e => e.Description!.Contains("week 3 of 6") || e.Description!.Contains("week 4 of 6"));
    }

    [Fact]
    public void Days_off_move_the_week_to_the_days_the_engineer_works_and_a_firm_without_hours_gets_all_day_weeks()
    {
        var booking = Allocation(Ravi, "2027-03-22", 1, AllocationStatus.Booking);
        var mondayAndFridayOff = new Dictionary<Guid, HashSet<LocalDate>> { [Ravi] = [new LocalDate(2027, 3, 22), new LocalDate(2027, 3, 26)] };

        var week = Ical.Net.Calendar.Load(Write(Firm("Europe/London"), [booking], daysOff: mondayAndFridayOff))!.Events.Single();
        Instants(week).ShouldBe((Utc("2027-03-23T09:00:00Z"), Utc("2027-03-25T17:00:00Z")));

        var wholeWeekOff = new Dictionary<Guid, HashSet<LocalDate>> { [Ravi] = [.. Enumerable.Range(0, 7).Select(d => new LocalDate(2027, 3, 22).PlusDays(d))] };
        Instants(Ical.Net.Calendar.Load(Write(Firm("Europe/London"), [booking], daysOff: wholeWeekOff))!.Events.Single())
            .ShouldBe((Utc("2027-03-22T09:00:00Z"), Utc("2027-03-26T17:00:00Z")));

        var noHours = Firm("Europe/London");
        noHours.WorkingDays = [];
        var allDay = Ical.Net.Calendar.Load(Write(noHours, [booking]))!.Events.Single();
        (allDay.IsAllDay, allDay.DtStart!.Date, allDay.DtEnd!.Date).ShouldBe((true, new DateOnly(2027, 3, 22), new DateOnly(2027, 3, 29)));
    }

    [Fact]
    public void A_firm_Scheduling_has_not_heard_of_is_written_in_UTC_and_still_parses()
    {
        var firm = FirmCalendar.Unknown(Guid.NewGuid());
        var parsed = Ical.Net.Calendar.Load(Write(firm, [Allocation(Ravi, "2027-03-22", 1, AllocationStatus.Booking)]))!;

        Instants(parsed.Events.Single()).ShouldBe((Utc("2027-03-22T09:00:00Z"), Utc("2027-03-26T17:00:00Z")));
    }

    [Theory]
    [InlineData("Europe/Dublin", "2026-10-19")] // Irish "winter time" is the daylight-saving side of its rules: GMT in winter, IST (+1) in summer
    [InlineData("Africa/Casablanca", "2027-01-04")] // +1 all year except around Ramadan (7 Feb to 14 Mar 2027), by no yearly rule
    [InlineData("Europe/London", "2026-10-19")]
    [InlineData("America/Sao_Paulo", "2026-10-19")] // no clock changes at all since 2019
    public void An_app_that_reads_only_the_feeds_time_zone_puts_every_week_where_the_firms_clocks_do(string zoneId, string firstWeek)
    {
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        var text = Write(Firm(zoneId), [Allocation(Ravi, firstWeek, 26, AllocationStatus.Booking)], firstWeek, 26);
        var parsed = Ical.Net.Calendar.Load(text)!;
        var definition = parsed.TimeZones.ShouldHaveSingleItem();

        var events = parsed.Events.OrderBy(e => e.DtStart).ToList();
        events.Count.ShouldBe(26);
        foreach (var e in events)
        {
            var opens = LocalDateTime.FromDateTime(e.DtStart!.Value);
            var truth = opens.InZoneStrictly(zone).ToInstant();
            FromVTimeZone(definition, e.DtStart!).ShouldBe(truth, $"{zoneId}, the week of {opens.Date}");
            opens.TimeOfDay.ShouldBe(new LocalTime(9, 0));
        }
    }

    /// <summary>
    /// A local time in a VTIMEZONE's own terms, without any zone database: the offset that the latest STANDARD or
    /// DAYLIGHT onset at or before it changed to (none of the tests' times is within hours of an onset).
    /// </summary>
    private static Instant FromVTimeZone(VTimeZone zone, CalDateTime local)
    {
        var at = LocalDateTime.FromDateTime(local.Value);
        var from = new CalDateTime(at.Year - 2, 1, 1, 0, 0, 0, null);
        var onsets = zone.TimeZoneInfos.SelectMany(info => info.GetOccurrences(from, null)
                .Select(o => LocalDateTime.FromDateTime(o.Period.StartTime.Value))
                .TakeWhile(onset => onset <= at)
                .Select(onset => (Onset: onset, To: info.OffsetTo!.Offset)))
            .ToList();
        onsets.ShouldNotBeEmpty($"the VTIMEZONE has no onset before {at}");
        var offset = onsets.MaxBy(o => o.Onset).To;
        return at.InZoneStrictly(DateTimeZone.ForOffset(Offset.FromTimeSpan(offset))).ToInstant();
    }
}
