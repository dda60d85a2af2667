using Marketplace.Calendar;
using Marketplace.Scheduling.Availability;
using NodaTime;
using Shouldly;

namespace Marketplace.Scheduling.Tests;

/// <summary>The earliest-start rules on their own, without a web host or database.</summary>
public sealed class EarliestStartTests
{
    private static readonly LocalDate Monday = new(2026, 11, 30);
    private static readonly Instant Wednesday = Instant.FromUtc(2026, 11, 25, 10, 0); // Wed 25 Nov, in the week before

    private static WorkingWeek Calendar(string zone = "Europe/London") => WorkingWeek.Create([1, 2, 3, 4, 5], new(9, 0), new(17, 0), zone);

    private static EngineerAvailability Engineer(string name, int weekly, int[] free, params string[] skills) =>
        new(Guid.NewGuid(), name, skills, weekly, WorkingWeek.WeekStart(new LocalDate(2026, 11, 23)), free);

    private static FirmAvailability Firm(WorkingWeek calendar, params EngineerAvailability[] engineers) =>
        new(Guid.NewGuid(), "Northwind Networks", calendar, new Dictionary<string, int> { ["sd-wan"] = 4, ["cisco"] = 2 }, engineers);

    [Fact]
    public void The_start_is_the_first_week_from_which_the_hours_are_free_every_week_until_the_effort_is_done()
    {
        // Week of 23 Nov: 0 free; 30 Nov: 20; 7 Dec: 5; 14 Dec on: 20 (weeks past the array have the weekly hours free).
        var firm = Firm(Calendar(), Engineer("Ana", 20, [0, 20, 5]));
        var plan = EarliestStart.Find(firm, new AvailabilityNeed(10, 20, new LocalDate(2026, 11, 1)), Wednesday).ShouldNotBeNull();

        plan.Start.ShouldBe(new LocalDate(2026, 12, 14)); // two weeks at 10 h: 30 Nov alone is not enough, 7 Dec has only 5
        plan.Finish.ShouldBe(new LocalDate(2026, 12, 25)); // the Friday of the second week
        plan.Weeks.ShouldBe(2);
        plan.Engineers.Single().HoursPerWeek.ShouldBe(10);
    }

    [Fact]
    public void Hours_are_shared_between_engineers_when_nobody_has_them_all_and_each_share_fits_every_week()
    {
        var ana = Engineer("Ana", 10, [0, 6, 6]);
        var ben = Engineer("Ben", 10, [0, 4, 8]);
        var plan = EarliestStart.Find(Firm(Calendar(), ana, ben), new AvailabilityNeed(10, 20, Monday), Wednesday).ShouldNotBeNull();

        plan.Start.ShouldBe(Monday);
        plan.Engineers.Select(e => (e.Name, e.HoursPerWeek)).ShouldBe([("Ana", 6), ("Ben", 4)]);
    }

    [Fact]
    public void A_firm_without_the_skill_at_the_level_or_an_engineer_who_does_it_has_no_start()
    {
        var firm = Firm(Calendar(), Engineer("Ana", 40, [], "sd-wan"), Engineer("Ben", 40, [], "cisco"));
        EarliestStart.Find(firm, new AvailabilityNeed(10, 10, Monday, "sd-wan", MinLevel: 5), Wednesday).ShouldBeNull();
        EarliestStart.Find(firm, new AvailabilityNeed(10, 10, Monday, "m365-migration"), Wednesday).ShouldBeNull();
        EarliestStart.Find(firm, new AvailabilityNeed(10, 10, Monday, "sd-wan", MinLevel: 4), Wednesday)!.Engineers.Single().Name.ShouldBe("Ana");
        // An engineer with no skills listed does whatever the firm claims.
        EarliestStart.Find(Firm(Calendar(), Engineer("Cy", 40, [])), new AvailabilityNeed(10, 10, Monday, "cisco"), Wednesday).ShouldNotBeNull();
    }

    [Fact]
    public void Nothing_free_within_the_search_weeks_means_no_start()
    {
        var firm = Firm(Calendar(), Engineer("Ana", 40, [.. Enumerable.Repeat(0, 40)]));
        EarliestStart.Find(firm, new AvailabilityNeed(10, 10, Monday), Wednesday).ShouldBeNull();
    }

    [Fact]
    public void Today_counts_only_while_its_working_day_is_open_and_not_before_is_respected_mid_week()
    {
        var firm = Firm(Calendar(), Engineer("Ana", 40, []));
        var afterHours = Instant.FromUtc(2026, 11, 25, 18, 0); // Wed 18:00 in London
        EarliestStart.Find(firm, new AvailabilityNeed(10, 10, new LocalDate(2026, 1, 1)), afterHours)!.Start.ShouldBe(new LocalDate(2026, 11, 26));
        EarliestStart.Find(firm, new AvailabilityNeed(10, 10, new LocalDate(2026, 12, 3)), afterHours)!.Start.ShouldBe(new LocalDate(2026, 12, 3));
        // Not before a Saturday: that week has no working day left, so the next Monday.
        EarliestStart.Find(firm, new AvailabilityNeed(10, 10, new LocalDate(2026, 12, 5)), afterHours)!.Start.ShouldBe(new LocalDate(2026, 12, 7));
    }

    [Fact]
    public void Today_is_the_firms_today_in_Sydney_it_is_already_Monday_while_London_is_still_on_Sunday()
    {
        var sundayUtc = Instant.FromUtc(2026, 11, 29, 20, 0); // Mon 30 Nov 07:00 in Sydney
        var sydney = Firm(Calendar("Australia/Sydney"), Engineer("Ana", 40, []));
        var plan = EarliestStart.Find(sydney, new AvailabilityNeed(10, 10, new LocalDate(2026, 1, 1)), sundayUtc)!;
        plan.Start.ShouldBe(new LocalDate(2026, 11, 30));
        plan.StartsAt.ShouldBe(Instant.FromUtc(2026, 11, 29, 22, 0)); // 09:00 AEDT (UTC+11)
    }

    [Fact]
    public void Start_instants_follow_New_Yorks_clock_change()
    {
        var firm = Firm(Calendar("America/New_York"), new EngineerAvailability(Guid.NewGuid(), "Ana", [], 40, new LocalDate(2026, 2, 23), []));
        var beforeChange = EarliestStart.Find(firm, new AvailabilityNeed(10, 10, new LocalDate(2026, 3, 2)), Instant.FromUtc(2026, 2, 27, 12, 0))!;
        var afterChange = EarliestStart.Find(firm, new AvailabilityNeed(10, 10, new LocalDate(2026, 3, 9)), Instant.FromUtc(2026, 2, 27, 12, 0))!;
        beforeChange.StartsAt.ShouldBe(Instant.FromUtc(2026, 3, 2, 14, 0)); // 09:00 EST
        afterChange.StartsAt.ShouldBe(Instant.FromUtc(2026, 3, 9, 13, 0));  // 09:00 EDT, clocks went forward on Sun 8 Mar
    }

    [Fact]
    public void The_client_reads_the_answer_in_plain_language_in_its_own_zone()
    {
        var firm = Firm(Calendar(), Engineer("Ana", 20, [0, 0, 20, 20]));
        var need = new AvailabilityNeed(10, 20, new LocalDate(2026, 11, 25));
        var plan = EarliestStart.Find(firm, need, Wednesday);
        var london = DateTimeZoneProviders.Tzdb["Europe/London"];

        PlainLanguage.Answer("Networking", need, plan, london, new LocalDate(2027, 5, 26))
            .ShouldBe("Networking specialists can start Mon 7 Dec 2026, about 10 h a week, done by about 18 Dec.");
        // Sydney's Monday 09:00 start and Friday 17:00 finish, seen from Honolulu, are the day before.
        var sydneyPlan = EarliestStart.Find(Firm(Calendar("Australia/Sydney"), Engineer("Ana", 20, [0, 0, 20, 20])), need, Wednesday);
        PlainLanguage.Answer(null, need, sydneyPlan, DateTimeZoneProviders.Tzdb["Pacific/Honolulu"], new LocalDate(2027, 5, 26))
            .ShouldBe("Specialists can start Sun 6 Dec 2026, about 10 h a week, done by about 17 Dec.");
        PlainLanguage.Answer("SD-WAN", need, null, london, new LocalDate(2027, 5, 26))
            .ShouldBe("No SD-WAN specialist has about 10 h a week free to start before 26 May 2027; fewer hours a week or a later start may help.");
    }
}
