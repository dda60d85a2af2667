using System.Collections.Concurrent;
using System.Net;
using Marketplace.Scheduling.Data;
using Marketplace.Testing;
using Shouldly;

namespace Marketplace.Scheduling.Tests;

public sealed class HoldsApiTests : IAsyncLifetime
{
    private static readonly Guid Firm = Guid.NewGuid();
    private static readonly string Owner = TestTokens.For(Firm, "Owner");
    private static readonly DateOnly Week = new(2027, 3, 1); // a Monday
    private ServiceUnderTest<SchedulingDbContext> _service = null!;

    private HttpClient Client => _service.Client;

    public async ValueTask InitializeAsync() => _service = await ServiceUnderTest<SchedulingDbContext>.StartAsync("scheduling");

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    private async Task<Guid> EngineerAsync(int hoursPerWeek, string name = "Ravi Shah")
    {
        var id = Guid.NewGuid();
        await Client.CallAsync(HttpMethod.Put, $"/api/scheduling/engineers/{id}/capacity", Owner, new { name, hoursPerWeek }, HttpStatusCode.OK);
        return id;
    }

    private static object Hold(Guid engineer, int hours, int weeks = 1, DateOnly? first = null) =>
        new { engineerId = engineer, referralId = Guid.NewGuid(), hoursPerWeek = hours, firstWeek = (first ?? Week).ToString("yyyy-MM-dd"), weeks };

    [Fact]
    public async Task Holds_fit_into_capacity_and_what_does_not_fit_says_what_is_free()
    {
        var engineer = await EngineerAsync(40);
        var first = await Client.CallAsync(HttpMethod.Post, "/api/scheduling/holds", Owner, Hold(engineer, 25, weeks: 2), HttpStatusCode.Created);
        first.GetProperty("status").GetString().ShouldBe("Hold");

        // A date mid-week means that week; the second week is full for 25 h more.
        var refused = await Client.CallAsync(HttpMethod.Post, "/api/scheduling/holds", Owner, Hold(engineer, 25, weeks: 3, first: Week.AddDays(3)), HttpStatusCode.Conflict);
        refused.ShouldBeProblem("not-enough-capacity", "Ravi Shah does not have 25 h free in every one of those weeks.");
        refused.GetProperty("free").EnumerateArray().Select(f => (f.GetProperty("week").GetString(), f.GetProperty("freeHours").GetInt32()))
            .ShouldBe([("2027-03-01", 15), ("2027-03-08", 15), ("2027-03-15", 40)]);
        (await AllocatedAsync(engineer)).ShouldBe(50); // the refused request left nothing behind

        var second = await Client.CallAsync(HttpMethod.Post, "/api/scheduling/holds", Owner, Hold(engineer, 15), HttpStatusCode.Created);
        await Client.CallAsync(HttpMethod.Post, $"/api/scheduling/holds/{second.GetProperty("id").GetGuid()}/confirm", Owner, null, HttpStatusCode.OK);
        (await Client.CallAsync(HttpMethod.Post, $"/api/scheduling/holds/{second.GetProperty("id").GetGuid()}/confirm", Owner, null, HttpStatusCode.Conflict))
            .ShouldBeProblem("state-conflict", "Only a live hold can be confirmed; this one is Booking.");

        var firstId = first.GetProperty("id").GetGuid();
        await Client.CallAsync(HttpMethod.Delete, $"/api/scheduling/holds/{firstId}", Owner, null, HttpStatusCode.NoContent);
        await Client.CallAsync(HttpMethod.Delete, $"/api/scheduling/holds/{firstId}", Owner, null, HttpStatusCode.NoContent);
        (await AllocatedAsync(engineer)).ShouldBe(15); // 25 h × 2 weeks given back once, not twice
    }

    [Fact]
    public async Task A_thousand_concurrent_holds_grant_exactly_the_capacity_and_refuse_the_rest()
    {
        var engineer = await EngineerAsync(40);
        var statuses = new ConcurrentBag<HttpStatusCode>();
        using var gate = new SemaphoreSlim(64); // bounded: 64 in flight at once, 1,000 in all

        await Task.WhenAll(Enumerable.Range(0, 1_000).Select(async i =>
        {
            await gate.WaitAsync(TestContext.Current.CancellationToken);
            try
            {
                statuses.Add(await Client.StatusAsync(HttpMethod.Post, "/api/scheduling/holds", Owner, Hold(engineer, 1)));
            }
            finally
            {
                gate.Release();
            }
        }));

        statuses.Count(s => s == HttpStatusCode.Created).ShouldBe(40);
        statuses.Count(s => s == HttpStatusCode.Conflict).ShouldBe(960);
        (await AllocatedAsync(engineer)).ShouldBe(40);
        (await _service.Db.ScalarAsync<long>($"""SELECT count(*) FROM "Allocations" WHERE "EngineerId" = '{engineer}'""")).ShouldBe(40);
    }

    [Theory]
    [InlineData("9999-12-27")] // once a 500: week arithmetic past the calendar's end
    [InlineData("0001-01-01")]
    [InlineData("2020-01-06")]
    public async Task A_hold_or_time_off_at_the_calendars_edges_is_a_400_naming_the_field(string date)
    {
        var engineer = await EngineerAsync(40);
        var day = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

        var hold = await Client.CallAsync(HttpMethod.Post, "/api/scheduling/holds", Owner, Hold(engineer, 5, first: day), HttpStatusCode.BadRequest);
        hold.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(["firstWeek"]);
        var timeOff = await Client.CallAsync(HttpMethod.Post, $"/api/scheduling/engineers/{engineer}/time-off", Owner,
            new { first = day, last = day.Year == 9999 ? new DateOnly(9999, 12, 30) : day }, HttpStatusCode.BadRequest);
        timeOff.GetProperty("errors").EnumerateObject().ShouldNotBeEmpty();
        (await _service.Db.ScalarAsync<long>($"""SELECT count(*) FROM "Allocations" WHERE "EngineerId" = '{engineer}'""")).ShouldBe(0);
    }

    [Fact]
    public async Task Capacity_cannot_drop_below_what_is_already_promised()
    {
        var engineer = await EngineerAsync(40);
        await Client.CallAsync(HttpMethod.Post, "/api/scheduling/holds", Owner, Hold(engineer, 30, first: DateOnly.FromDateTime(DateTime.UtcNow.AddDays(14))), HttpStatusCode.Created);

        (await Client.CallAsync(HttpMethod.Put, $"/api/scheduling/engineers/{engineer}/capacity", Owner, new { name = "Ravi Shah", hoursPerWeek = 20 }, HttpStatusCode.Conflict))
            .ShouldBeProblem("not-enough-capacity", "Ravi Shah already has more than 20 h allocated in some week; release or move that work first.");
        await Client.CallAsync(HttpMethod.Put, $"/api/scheduling/engineers/{engineer}/capacity", Owner, new { name = "Ravi Shah", hoursPerWeek = 32 }, HttpStatusCode.OK);
        (await _service.Db.ScalarAsync<long>($"""SELECT max("CapacityHours") FROM "CapacityWeeks" WHERE "EngineerId" = '{engineer}'""")).ShouldBe(32);
    }

    [Fact]
    public async Task Other_firms_wrong_roles_and_strangers_neither_hold_nor_touch_holds()
    {
        var engineer = await EngineerAsync(40);
        var hold = (await Client.CallAsync(HttpMethod.Post, "/api/scheduling/holds", Owner, Hold(engineer, 10), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var other = TestTokens.For(Guid.NewGuid(), "Owner");
        var engineerRole = TestTokens.For(Firm, "Engineer");
        // Another firm's integration client: the machine role without the platform scope acts for its own firm only.
        var otherMachine = TestTokens.For(Guid.NewGuid(), "Machine", "erp-sync-of-a-competitor");

        foreach (var (method, url, body) in new (HttpMethod, string, object?)[]
        {
            (HttpMethod.Post, "/api/scheduling/holds", Hold(engineer, 1)),
            (HttpMethod.Post, $"/api/scheduling/holds/{hold}/confirm", null),
            (HttpMethod.Delete, $"/api/scheduling/holds/{hold}", null),
            (HttpMethod.Put, $"/api/scheduling/engineers/{engineer}/capacity", new { name = "Taken over", hoursPerWeek = 0 }),
        })
        {
            (await Client.StatusAsync(method, url, other, body)).ShouldBe(HttpStatusCode.NotFound, $"other firm {method} {url}");
            (await Client.StatusAsync(method, url, otherMachine, body)).ShouldBe(HttpStatusCode.NotFound, $"other firm's machine client {method} {url}");
            (await Client.StatusAsync(method, url, engineerRole, body)).ShouldBe(HttpStatusCode.Forbidden, $"engineer {method} {url}");
            (await Client.StatusAsync(method, url, null, body)).ShouldBe(HttpStatusCode.Unauthorized, $"anonymous {method} {url}");
        }
        (await AllocatedAsync(engineer)).ShouldBe(10);
        // The platform scope (Matching's) reaches any firm's engineers: that is what it is for.
        await Client.CallAsync(HttpMethod.Post, "/api/scheduling/holds", TestTokens.Platform(Guid.Empty), Hold(engineer, 1), HttpStatusCode.Created);
        (await AllocatedAsync(engineer)).ShouldBe(11);

        // Availability: the firm's own people see its engineer's share; another firm is answered as if the firm were unknown.
        var availability = $"/api/scheduling/availability?firmIds={Firm}&hoursPerWeek=10&effortHours=10";
        (await Client.CallAsync(HttpMethod.Get, availability, engineerRole, null, HttpStatusCode.OK))
            .GetProperty("firms")[0].GetProperty("engineers")[0].GetProperty("engineerId").GetGuid().ShouldBe(engineer);
        var (status, theirs) = await Client.SendAsync(HttpMethod.Get, availability, other);
        status.ShouldBe(HttpStatusCode.OK);
        theirs.ShouldNotContain(engineer.ToString(), Case.Insensitive);
        theirs.ShouldNotContain(Firm.ToString(), Case.Insensitive);
        System.Text.Json.JsonDocument.Parse(theirs).RootElement.GetProperty("considered").GetInt32().ShouldBe(0);
        (await Client.StatusAsync(HttpMethod.Get, availability, null)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Client.StatusAsync(HttpMethod.Get, $"/api/scheduling/availability/answer?firmIds={Firm}&skill=x&hoursPerWeek=10&effortHours=10&tz=UTC", null))
            .ShouldBe(HttpStatusCode.Unauthorized);

        var problems = new List<string>();
        problems.AddRange(await BadInput.CheckAsync(Client, HttpMethod.Post, "/api/scheduling/holds", Owner));
        problems.AddRange(await BadInput.CheckAsync(Client, HttpMethod.Put, $"/api/scheduling/engineers/{engineer}/capacity", Owner));
        problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_capacity_view_shows_booked_held_and_free_hours_per_week_to_the_firm_only()
    {
        var engineer = await EngineerAsync(40);
        var booked = await Client.CallAsync(HttpMethod.Post, "/api/scheduling/holds", Owner, Hold(engineer, 10, weeks: 2), HttpStatusCode.Created);
        await Client.CallAsync(HttpMethod.Post, $"/api/scheduling/holds/{booked.GetProperty("id").GetGuid()}/confirm", Owner, null, HttpStatusCode.OK);
        await Client.CallAsync(HttpMethod.Post, "/api/scheduling/holds", Owner, Hold(engineer, 5, weeks: 1, first: Week.AddDays(7)), HttpStatusCode.Created);

        var view = await Client.CallAsync(HttpMethod.Get, $"/api/scheduling/engineers/{engineer}/weeks?from=2027-03-03&weeks=3", Owner, null, HttpStatusCode.OK);

        view.EnumerateArray().Select(w => (w.GetProperty("week").GetString(), w.GetProperty("bookedHours").GetInt32(), w.GetProperty("heldHours").GetInt32(), w.GetProperty("freeHours").GetInt32()))
            .ShouldBe([("2027-03-01", 10, 0, 30), ("2027-03-08", 10, 5, 25), ("2027-03-15", 0, 0, 40)]);
        (await Client.StatusAsync(HttpMethod.Get, $"/api/scheduling/engineers/{engineer}/weeks", TestTokens.For(Guid.NewGuid(), "Owner"))).ShouldBe(HttpStatusCode.NotFound);
        (await Client.StatusAsync(HttpMethod.Get, $"/api/scheduling/engineers/{engineer}/weeks?weeks=99", Owner)).ShouldBe(HttpStatusCode.BadRequest);
    }

    private Task<long> AllocatedAsync(Guid engineer) =>
        _service.Db.ScalarAsync<long>($"""SELECT coalesce(sum("AllocatedHours"), 0) FROM "CapacityWeeks" WHERE "EngineerId" = '{engineer}'""");
}
