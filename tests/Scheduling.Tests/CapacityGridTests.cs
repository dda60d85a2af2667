using System.Net;
using System.Text.Json;
using Marketplace.Calendar;
using Marketplace.Scheduling.Data;
using Marketplace.Scheduling.Engineers;
using Marketplace.Scheduling.Grid;
using Marketplace.Scheduling.Holds;
using Marketplace.Testing;
using NodaTime;
using Shouldly;

namespace Marketplace.Scheduling.Tests;

/// <summary>The engineer × week grid: each week's hours split into closed days, time off, booked and held work by referral, and what is free.</summary>
public sealed class CapacityGridTests : IAsyncLifetime
{
    private static readonly Guid Firm = Guid.NewGuid();
    private static readonly string Owner = TestTokens.For(Firm, "Owner");
    private static readonly DateOnly Week = new(2027, 3, 1); // a Monday
    private ServiceUnderTest<SchedulingDbContext> _service = null!;

    private HttpClient Client => _service.Client;

    public async ValueTask InitializeAsync() => _service = await ServiceUnderTest<SchedulingDbContext>.StartAsync("scheduling");

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public void A_week_is_split_into_closed_days_time_off_booked_held_and_free_and_each_block_keeps_its_referral()
    {
        // Christmas week 2026 in England: Friday 25 (Christmas) is a public holiday, Thursday 24 the firm's own closing day.
        var calendar = WorkingWeek.Create([1, 2, 3, 4, 5], new(9, 0), new(17, 0), "Europe/London", ClosedDays.Of("GB", "ENG", ["12-24"]));
        var christmas = new LocalDate(2026, 12, 21);
        var (ana, ben) = (new Engineer { Id = Guid.NewGuid(), Name = "Ana", WeeklyCapacityHours = 40 }, new Engineer { Id = Guid.NewGuid(), Name = "Ben", WeeklyCapacityHours = 20 });
        var booked = new Allocation
        {
            Id = Guid.NewGuid(), EngineerId = ana.Id, ReferralId = Guid.NewGuid(), HoursPerWeek = 8, FirstWeek = christmas.PlusWeeks(-1), Weeks = 3, Status = AllocationStatus.Booking,
        };
        var held = new Allocation { Id = Guid.NewGuid(), EngineerId = ana.Id, ReferralId = Guid.NewGuid(), HoursPerWeek = 4, FirstWeek = christmas.PlusWeeks(1), Weeks = 1, Status = AllocationStatus.Hold };
        var released = new Allocation { Id = Guid.NewGuid(), EngineerId = ana.Id, ReferralId = Guid.NewGuid(), HoursPerWeek = 30, FirstWeek = christmas, Weeks = 1, Status = AllocationStatus.Released };
        var monday = new TimeOff { Id = Guid.NewGuid(), EngineerId = ana.Id, First = christmas, Last = christmas, Reason = "Dentist" };
        var benAway = new TimeOff { Id = Guid.NewGuid(), EngineerId = ben.Id, First = christmas.PlusDays(-2), Last = christmas.PlusDays(8), Reason = "Holiday" };

        var grid = CapacityGrid.Of([ana, ben], [christmas, christmas.PlusWeeks(1)], calendar, new Dictionary<(Guid, LocalDate), int>(), [booked, held, released], [monday, benAway]);

        var anaWeek = grid[0].Weeks[0];
        // 40 h less two closed days (16 h) less Monday away (8 h) = 16 h, of which 8 booked: 8 free; the released block is gone.
        (anaWeek.CapacityHours, anaWeek.ClosedHours, anaWeek.TimeOffHours, anaWeek.BookedHours, anaWeek.HeldHours, anaWeek.FreeHours).ShouldBe((16, 16, 8, 8, 0, 8));
        anaWeek.ClosedDays.Select(d => (d.Date, d.Name)).ShouldBe([(christmas.PlusDays(3), ClosedDays.OwnClosingDay), (christmas.PlusDays(4), "Christmas")]);
        (anaWeek.TimeOff.Single().Reason, anaWeek.DaysOff.Single()).ShouldBe(("Dentist", christmas));
        anaWeek.Blocks.Select(b => b.ReferralId).ShouldBe([booked.ReferralId]);
        var anaNext = grid[0].Weeks[1]; // Boxing Day is observed on Monday 28 Dec, and Friday is New Year's Day
        (anaNext.BookedHours, anaNext.HeldHours, anaNext.Blocks.Count, anaNext.ClosedHours).ShouldBe((8, 4, 2, 16));
        anaNext.ClosedDays.Select(d => d.Date).ShouldBe([christmas.PlusDays(7), christmas.PlusDays(11)]);
        // Ben is away all the first week and the second week up to Tuesday: nothing, then a share (3 days open, 1 of them away).
        var (benFirst, benSecond) = (grid[1].Weeks[0], grid[1].Weeks[1]);
        (benFirst.CapacityHours, benFirst.TimeOffHours, benFirst.FreeHours, benFirst.TimeOff.Single().Reason).ShouldBe((0, 12, 0, "Holiday"));
        (benSecond.CapacityHours, benSecond.TimeOffHours, benSecond.FreeHours).ShouldBe((8, 4, 8));

        // A stored week row (time off or a hold wrote it) is what holds are checked against: the grid shows the same.
        var stored = CapacityGrid.Of([ana], [christmas], calendar, new Dictionary<(Guid, LocalDate), int> { [(ana.Id, christmas)] = 20 }, [booked], []);
        (stored[0].Weeks[0].CapacityHours, stored[0].Weeks[0].FreeHours).ShouldBe((20, 12));
    }

    private async Task<Guid> EngineerAsync(string token, string name, int hours)
    {
        var id = Guid.NewGuid();
        await Client.CallAsync(HttpMethod.Put, $"/api/scheduling/engineers/{id}/capacity", token, new { name, hoursPerWeek = hours }, HttpStatusCode.OK);
        return id;
    }

    [Fact]
    public async Task The_firm_reads_its_grid_with_each_block_linked_to_its_referral_and_time_off_set_from_a_cell_and_nobody_else_sees_it()
    {
        var (ana, ben) = (await EngineerAsync(Owner, "Ana Ruiz", 40), await EngineerAsync(Owner, "Ben Okafor", 20));
        var (bookedFor, heldFor) = (Guid.NewGuid(), Guid.NewGuid());
        var booked = await Client.CallAsync(HttpMethod.Post, "/api/scheduling/holds", Owner,
            new { engineerId = ana, referralId = bookedFor, hoursPerWeek = 10, firstWeek = Week, weeks = 2 }, HttpStatusCode.Created);
        await Client.CallAsync(HttpMethod.Post, $"/api/scheduling/holds/{booked.GetProperty("id").GetGuid()}/confirm", Owner, null, HttpStatusCode.OK);
        await Client.CallAsync(HttpMethod.Post, "/api/scheduling/holds", Owner,
            new { engineerId = ana, referralId = heldFor, hoursPerWeek = 5, firstWeek = Week.AddDays(7), weeks = 1 }, HttpStatusCode.Created);
        // "Away this week" from Ben's cell: the whole week, Monday to Sunday.
        await Client.CallAsync(HttpMethod.Post, $"/api/scheduling/engineers/{ben}/time-off", Owner, new { first = Week.AddDays(7), last = Week.AddDays(13), reason = "Away" },
            HttpStatusCode.Created);
        // ...which is refused where hours are promised, saying so.
        (await Client.CallAsync(HttpMethod.Post, $"/api/scheduling/engineers/{ana}/time-off", Owner, new { first = Week, last = Week.AddDays(6), reason = "Away" },
            HttpStatusCode.Conflict)).GetProperty("type").GetString().ShouldBe("https://marketplace.local/problems/not-enough-capacity");

        foreach (var member in new[] { Owner, TestTokens.For(Firm, "Engineer"), TestTokens.For(Firm, "Dispatcher") })
        {
            var grid = await Client.CallAsync(HttpMethod.Get, "/api/scheduling/capacity-grid?from=2027-03-03&weeks=3", member, null, HttpStatusCode.OK);
            grid.GetProperty("weeks").EnumerateArray().Select(w => w.GetString()).ShouldBe(["2027-03-01", "2027-03-08", "2027-03-15"]);
            var rows = grid.GetProperty("engineers").EnumerateArray().ToList();
            rows.Select(r => r.GetProperty("name").GetString()).ShouldBe(["Ana Ruiz", "Ben Okafor"]);
            var anaWeeks = rows[0].GetProperty("weeks").EnumerateArray().ToList();
            anaWeeks.Select(w => (w.GetProperty("bookedHours").GetInt32(), w.GetProperty("heldHours").GetInt32(), w.GetProperty("freeHours").GetInt32()))
                .ShouldBe([(10, 0, 30), (10, 5, 25), (0, 0, 40)]);
            anaWeeks[1].GetProperty("blocks").EnumerateArray().Select(b => (b.GetProperty("referralId").GetGuid(), b.GetProperty("status").GetString()))
                .ShouldBe([(bookedFor, "Booked"), (heldFor, "Held")], ignoreOrder: true);
            var benAway = rows[1].GetProperty("weeks")[1];
            (benAway.GetProperty("capacityHours").GetInt32(), benAway.GetProperty("timeOffHours").GetInt32(), benAway.GetProperty("freeHours").GetInt32()).ShouldBe((0, 20, 0));
            benAway.GetProperty("timeOff")[0].GetProperty("reason").GetString().ShouldBe("Away");
            benAway.GetProperty("daysOff").GetArrayLength().ShouldBe(7);
        }

        // Another firm reads its own (empty) grid: none of these engineers, holds or referrals.
        var stranger = TestTokens.For(Guid.NewGuid(), "Owner");
        var theirs = await Client.CallAsync(HttpMethod.Get, "/api/scheduling/capacity-grid?from=2027-03-01", stranger, null, HttpStatusCode.OK);
        theirs.GetProperty("engineers").GetArrayLength().ShouldBe(0);
        foreach (var secret in new[] { ana, ben, bookedFor, heldFor })
        {
            theirs.GetRawText().ShouldNotContain(secret.ToString());
        }
        foreach (var (who, token) in new[] { ("anonymous", (string?)null), ("forged", TestTokens.Forged(Firm, "Owner")), ("expired", TestTokens.Expired(Firm, "Owner")) })
        {
            (await Client.StatusAsync(HttpMethod.Get, "/api/scheduling/capacity-grid", token)).ShouldBe(HttpStatusCode.Unauthorized, who);
        }
    }

    [Theory]
    [InlineData("weeks=0", "weeks")]
    [InlineData("weeks=27", "weeks")]
    [InlineData("weeks=-1", "weeks")]
    [InlineData("from=2099-01-01", "from")]
    [InlineData("from=0001-01-01", "from")]
    public async Task Bad_input_is_a_400_naming_the_field(string query, string field)
    {
        var problem = await Client.CallAsync(HttpMethod.Get, $"/api/scheduling/capacity-grid?{query}", Owner, null, HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe([field]);
    }

    [Theory]
    [InlineData("weeks=many")]
    [InlineData("from=yesterday")]
    [InlineData("weeks=99999999999")]
    public async Task Input_that_is_not_a_number_or_a_date_is_a_400_problem(string query) =>
        (await Client.StatusAsync(HttpMethod.Get, $"/api/scheduling/capacity-grid?{query}", Owner)).ShouldBe(HttpStatusCode.BadRequest);

    [Fact]
    public async Task A_firm_without_engineers_has_the_weeks_and_no_rows()
    {
        var grid = await Client.CallAsync(HttpMethod.Get, "/api/scheduling/capacity-grid", TestTokens.For(Guid.NewGuid(), "Owner"), null, HttpStatusCode.OK);
        (grid.GetProperty("weeks").GetArrayLength(), grid.GetProperty("engineers").GetArrayLength()).ShouldBe((CapacityGridApi.DefaultWeeks, 0));
        grid.GetProperty("weeks")[0].ValueKind.ShouldBe(JsonValueKind.String);
    }
}
