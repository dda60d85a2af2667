using System.Net;
using System.Text.Json;
using Marketplace.Calendar;
using Marketplace.Contracts;
using Marketplace.Scheduling.Capacity;
using Marketplace.Scheduling.Data;
using Marketplace.Scheduling.Engineers;
using Marketplace.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Shouldly;

namespace Marketplace.Scheduling.Tests;

/// <summary>
/// Public holidays and a firm's own closing days count like time off for every engineer: in week capacities, holds,
/// earliest starts and the free hours sent to Matching, recounted when Network announces new settings.
/// </summary>
public sealed class HolidayCapacityTests : IAsyncLifetime
{
    private static readonly Guid Firm = Guid.NewGuid();
    private static readonly string Owner = TestTokens.For(Firm, "Owner");
    private static readonly ClosedDays England = ClosedDays.Of("GB", "ENG", null);
    private static readonly LocalDate Today = SystemClock.Instance.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/London"]).Date;
    private static readonly LocalDate ThisWeek = WorkingWeek.WeekStart(Today);
    /// <summary>The next Good Friday at least two weeks away, so the test never depends on the year it runs in.</summary>
    private static readonly LocalDate GoodFriday = Enumerable.Range(14, 400).Select(Today.PlusDays).First(d => England.Why(d) == "Good Friday");
    private static readonly LocalDate EasterMonday = GoodFriday.PlusDays(3);
    private ServiceUnderTest<SchedulingDbContext> _service = null!;

    private HttpClient Client => _service.Client;

    public async ValueTask InitializeAsync() => _service = await ServiceUnderTest<SchedulingDbContext>.StartAsync("scheduling", new Dictionary<string, string?>
    {
        ["Scheduling:CapacityPublishInterval"] = "01:00:00", // the test runs the publisher itself
    });

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    private static FirmUpdated Profile(int minutes, string? country = null, string? region = null, params string[] closingDays) =>
        new(Guid.NewGuid(), DateTimeOffset.UtcNow.AddMinutes(minutes - 60), Firm, "Thames Data", "Europe/London", true, [1, 2, 3, 4, 5], "09:00", "17:00", ["UK"],
            country, region, closingDays.Length == 0 && country is null ? null : closingDays);

    /// <summary>Publishes a Network event and waits until Scheduling's consumer has committed it.</summary>
    private async Task DeliverAsync(FirmUpdated message)
    {
        await _service.Services.GetRequiredService<IBus>().Publish(message, TestContext.Current.CancellationToken);
        (await Eventually.TrueAsync(async () =>
            await _service.Db.ScalarAsync<long>($"""SELECT count(*) FROM "InboxMessages" WHERE "MessageId" = '{message.EventId}'""") == 1,
            TimeSpan.FromSeconds(20))).ShouldBeTrue("FirmUpdated was not consumed");
    }

    private async Task<List<(int Capacity, int Free, string ClosedDays)>> WeeksAsync(Guid engineer, LocalDate from, int weeks) =>
        [.. (await Client.CallAsync(HttpMethod.Get, $"/api/scheduling/engineers/{engineer}/weeks?from={from:yyyy-MM-dd}&weeks={weeks}", Owner, null, HttpStatusCode.OK))
            .EnumerateArray().Select(w => (w.GetProperty("capacityHours").GetInt32(), w.GetProperty("freeHours").GetInt32(),
                string.Join(", ", w.GetProperty("closedDays").EnumerateArray().Select(d => $"{d.GetProperty("date").GetString()} {d.GetProperty("name").GetString()}"))))];

    [Fact]
    public void Easter_weeks_in_England_lose_exactly_Good_Friday_and_Easter_Monday()
    {
        var calendar = WorkingWeek.Create([1, 2, 3, 4, 5], new(9, 0), new(17, 0), "Europe/London", ClosedDays.Of("GB", "ENG", null));
        var ana = new Engineer { Id = Guid.NewGuid(), Name = "Ana", WeeklyCapacityHours = 40 };
        var none = new HashSet<LocalDate>();
        // 2027: Good Friday 26 March, Easter Monday 29 March, in the Monday-to-Sunday weeks either side of Easter Sunday.
        var before = new LocalDate(2027, 3, 15);
        var easterWeeks = new[] { new LocalDate(2027, 3, 22), new LocalDate(2027, 3, 29) };

        var lost = easterWeeks.Sum(w => ana.CapacityIn(before, calendar, none) - ana.CapacityIn(w, calendar, none));
        var holidayTime = calendar.Regular.WindowOn(new LocalDate(2027, 3, 26))!.Value.Duration + calendar.Regular.WindowOn(new LocalDate(2027, 3, 29))!.Value.Duration;

        lost.ShouldBe((int)holidayTime.TotalHours); // 40 h a week over 40 h of working time: an hour of capacity per working hour
        ana.CapacityIn(easterWeeks[0], calendar, none).ShouldBe(32);
        ana.CapacityIn(easterWeeks[1], calendar, none).ShouldBe(32);
        // Time off on a holiday is not lost twice: the Thursday before Good Friday costs one more day, Good Friday nothing more.
        ana.CapacityIn(easterWeeks[0], calendar, new HashSet<LocalDate> { new(2027, 3, 25), new(2027, 3, 26) }).ShouldBe(24);
        // A 30 h engineer loses the same share: 6 h of each Easter week.
        Engineer.CapacityIn(30, easterWeeks[1], calendar, none).ShouldBe(24);
    }

    [Fact]
    public async Task A_firm_in_England_has_less_capacity_in_the_Easter_weeks_by_the_holidays_working_time_once_Network_says_where_it_is()
    {
        var ana = Guid.NewGuid();
        await DeliverAsync(Profile(1)); // as Network announced firms before holidays existed: none kept
        await Client.CallAsync(HttpMethod.Put, $"/api/scheduling/engineers/{ana}/capacity", Owner, new { name = "Ana", hoursPerWeek = 40 }, HttpStatusCode.OK);
        var weekBefore = WorkingWeek.WeekStart(GoodFriday).PlusWeeks(-1);
        (await WeeksAsync(ana, weekBefore, 4)).Select(w => w.Capacity).ShouldBe([40, 40, 40, 40]);

        await DeliverAsync(Profile(2, "GB", "ENG"));

        var weeks = await WeeksAsync(ana, weekBefore, 4);
        weeks.Select(w => w.Capacity).ShouldBe([40, 32, 32, 40]);
        (weeks[0].Capacity * 2 - weeks[1].Capacity - weeks[2].Capacity).ShouldBe(16); // Good Friday + Easter Monday, 8 working hours each
        weeks[1].ClosedDays.ShouldBe($"{GoodFriday:yyyy-MM-dd} Good Friday");
        weeks[2].ClosedDays.ShouldBe($"{EasterMonday:yyyy-MM-dd} Easter Monday");
        weeks[0].ClosedDays.ShouldBeEmpty();

        // A hold meets the same figure: 33 h do not fit into Easter Monday's week, 32 h do.
        var hold = new { engineerId = ana, referralId = Guid.NewGuid(), hoursPerWeek = 33, firstWeek = EasterMonday.ToDateOnly(), weeks = 1 };
        var refused = await Client.CallAsync(HttpMethod.Post, "/api/scheduling/holds", Owner, hold, HttpStatusCode.Conflict);
        refused.GetProperty("free")[0].GetProperty("freeHours").GetInt32().ShouldBe(32);
        await Client.CallAsync(HttpMethod.Post, "/api/scheduling/holds", Owner, hold with { hoursPerWeek = 32 }, HttpStatusCode.Created);
        (await WeeksAsync(ana, EasterMonday, 1)).Single().ShouldBe((32, 0, $"{EasterMonday:yyyy-MM-dd} Easter Monday"));
    }

    [Fact]
    public async Task Changed_closing_days_recount_future_weeks_and_hours_already_promised_stand()
    {
        var ana = Guid.NewGuid();
        await DeliverAsync(Profile(1, "GB", "ENG"));
        await Client.CallAsync(HttpMethod.Put, $"/api/scheduling/engineers/{ana}/capacity", Owner, new { name = "Ana", hoursPerWeek = 40 }, HttpStatusCode.OK);
        var english = WorkingWeek.Create([1, 2, 3, 4, 5], new(9, 0), new(17, 0), "Europe/London", England);
        var week = Enumerable.Range(3, 20).Select(ThisWeek.PlusWeeks).First(w => english.ClosedDaysInWeek(w).Count == 0); // no bank holiday in it
        var monday = week.ToDateOnly();
        await Client.CallAsync(HttpMethod.Post, "/api/scheduling/holds", Owner,
            new { engineerId = ana, referralId = Guid.NewGuid(), hoursPerWeek = 30, firstWeek = monday, weeks = 1 }, HttpStatusCode.Created);
        (await WeeksAsync(ana, week, 1)).Single().ShouldBe((40, 10, ""));

        // Two own closing days that week would leave 24 h, less than the 30 h promised.
        await DeliverAsync(Profile(2, "GB", "ENG", $"{week:yyyy-MM-dd}", $"{week.PlusDays(1):yyyy-MM-dd}"));

        // The event is not refused: the promise stands and nothing more is free.
        (await WeeksAsync(ana, week, 1)).Single().ShouldBe((30, 0, $"{week:yyyy-MM-dd} Closed, {week.PlusDays(1):yyyy-MM-dd} Closed"));
        // One closing day leaves 32 h: counted again, 2 h free.
        await DeliverAsync(Profile(3, "GB", "ENG", $"{week:yyyy-MM-dd}"));
        (await WeeksAsync(ana, week, 1)).Single().ShouldBe((32, 2, $"{week:yyyy-MM-dd} Closed"));

        await DeliverAsync(Profile(4, "", null, [])); // holidays cleared
        (await WeeksAsync(ana, week, 1)).Single().ShouldBe((40, 10, ""));
    }

    [Fact]
    public async Task Earliest_starts_and_the_free_hours_sent_to_Matching_skip_the_closed_days()
    {
        var week = ThisWeek.PlusWeeks(3);
        await DeliverAsync(Profile(1, null, null, $"{week:yyyy-MM-dd}"));
        await Client.CallAsync(HttpMethod.Put, $"/api/scheduling/engineers/{Guid.NewGuid()}/capacity", Owner, new { name = "Ana", hoursPerWeek = 40 }, HttpStatusCode.OK);

        var plan = await Client.CallAsync(HttpMethod.Get, $"/api/scheduling/availability?firmIds={Firm}&hoursPerWeek=10&effortHours=10&notBefore={week:yyyy-MM-dd}",
            Owner, null, HttpStatusCode.OK);
        plan.GetProperty("firms")[0].GetProperty("earliestStart").GetString().ShouldBe($"{week.PlusDays(1):yyyy-MM-dd}"); // Monday is closed

        var publisher = _service.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<CapacityPublisher>().Single();
        await publisher.RunOnceAsync(TestContext.Current.CancellationToken);
        var latest = await _service.Db.ScalarAsync<string>($"""
            SELECT "Body" FROM "OutboxMessages" WHERE "MessageType" LIKE '%CapacityChanged' AND "AggregateKey" = '{Firm}' ORDER BY "Sequence" DESC LIMIT 1
            """);
        using var body = JsonDocument.Parse(latest!);
        var first = LocalDate.FromDateOnly(DateOnly.Parse(body.RootElement.GetProperty("firstWeek").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        var free = body.RootElement.GetProperty("freeHours").EnumerateArray().Select(h => h.GetInt32()).ToList();
        var index = Period.Between(first, week, PeriodUnits.Weeks).Weeks;
        (free[index - 1], free[index], free[index + 1]).ShouldBe((40, 32, 40));
    }
}
