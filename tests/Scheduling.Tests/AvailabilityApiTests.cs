using System.Net;
using System.Text.Json;
using Marketplace.Calendar;
using Marketplace.Scheduling.Capacity;
using Marketplace.Scheduling.Data;
using Marketplace.Scheduling.Firms;
using Marketplace.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Shouldly;

namespace Marketplace.Scheduling.Tests;

public sealed class AvailabilityApiTests : IAsyncLifetime
{
    private static readonly Guid Northwind = Guid.NewGuid(), Contoso = Guid.NewGuid(), Fabrikam = Guid.NewGuid();
    private static readonly string NorthwindOwner = TestTokens.For(Northwind, "Owner"), ContosoOwner = TestTokens.For(Contoso, "Owner"),
        FabrikamOwner = TestTokens.For(Fabrikam, "Owner");
    private WebApplication _catalog = null!;
    private ServiceUnderTest<SchedulingDbContext> _service = null!;

    private HttpClient Client => _service.Client;

    public async ValueTask InitializeAsync()
    {
        // Catalog, as far as Scheduling asks it anything: a skill's name.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _catalog = builder.Build();
        _catalog.MapGet("/api/catalog/skills/{id}", (string id) => id == "sd-wan"
            ? Results.Ok(new { id, name = "SD-WAN", categoryId = "networking", aliases = Array.Empty<string>() }) : Results.NotFound());
        await _catalog.StartAsync();
        _service = await ServiceUnderTest<SchedulingDbContext>.StartAsync("scheduling", new Dictionary<string, string?>
        {
            ["Services:catalog"] = _catalog.Urls.First(),
            ["Scheduling:CapacityPublishInterval"] = "01:00:00", // the test runs the publisher itself
        });

        await using var scope = _service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        db.FirmCalendars.AddRange(
            Calendar(Northwind, "Northwind Networks", "Europe/London", ("sd-wan", 4)),
            Calendar(Contoso, "Contoso Connect", "America/New_York", ("sd-wan", 2)),
            Calendar(Fabrikam, "Fabrikam IT", "Europe/London", ("m365-migration", 5)));
        await db.SaveChangesAsync();
        foreach (var firm in new[] { Northwind, Contoso, Fabrikam })
        {
            await db.MarkCapacityChangedAsync(firm, default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _service.DisposeAsync();
        await _catalog.DisposeAsync();
    }

    private static FirmCalendar Calendar(Guid id, string name, string zone, params (string Skill, int Level)[] skills) => new()
    {
        FirmId = id, Name = name, TimeZone = zone, Skills = [.. skills.Select(s => new FirmSkill { SkillId = s.Skill, Level = s.Level })],
    };

    /// <summary>This week's Monday in London, where the test's firms mostly are.</summary>
    private static LocalDate ThisWeek => WorkingWeek.WeekStart(SystemClock.Instance.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/London"]).Date);

    private async Task<Guid> EngineerAsync(string owner, string name, int hoursPerWeek, params string[] skills)
    {
        var id = Guid.NewGuid();
        await Client.CallAsync(HttpMethod.Put, $"/api/scheduling/engineers/{id}/capacity", owner, new { name, hoursPerWeek, skills }, HttpStatusCode.OK);
        return id;
    }

    private static List<(string Firm, string Start, string? Engineer)> Starts(JsonElement view) =>
        [.. view.GetProperty("firms").EnumerateArray().Select(f => (f.GetProperty("firmName").GetString()!, f.GetProperty("earliestStart").GetString()!,
            f.GetProperty("engineers")[0].GetProperty("name").GetString()))];

    [Fact]
    public async Task Earliest_starts_count_allocations_time_off_skills_and_levels_and_show_names_only_to_their_firm()
    {
        var ana = await EngineerAsync(NorthwindOwner, "Ana", 20, "sd-wan");
        await EngineerAsync(ContosoOwner, "Bo", 10);
        await EngineerAsync(FabrikamOwner, "Cy", 40);
        // Ana is held for this week and the next two.
        await Client.CallAsync(HttpMethod.Post, "/api/scheduling/holds", NorthwindOwner,
            new { engineerId = ana, referralId = Guid.NewGuid(), hoursPerWeek = 20, firstWeek = ThisWeek.ToDateOnly(), weeks = 3 }, HttpStatusCode.Created);
        var nextWeek = ThisWeek.PlusWeeks(1);
        var need = $"hoursPerWeek=10&effortHours=20&notBefore={nextWeek:yyyy-MM-dd}";

        var levelThree = await Client.CallAsync(HttpMethod.Get, $"/api/scheduling/availability?skill=sd-wan&minLevel=3&{need}", NorthwindOwner, null, HttpStatusCode.OK);
        Starts(levelThree).ShouldBe([("Northwind Networks", $"{ThisWeek.PlusWeeks(3):yyyy-MM-dd}", "Ana")]);
        levelThree.GetProperty("firms")[0].GetProperty("projectedFinish").GetString().ShouldBe($"{ThisWeek.PlusWeeks(4).PlusDays(4):yyyy-MM-dd}");

        var anyLevel = await Client.CallAsync(HttpMethod.Get, $"/api/scheduling/availability?skill=sd-wan&{need}", FabrikamOwner, null, HttpStatusCode.OK);
        Starts(anyLevel).ShouldBe([("Contoso Connect", $"{nextWeek:yyyy-MM-dd}", null), ("Northwind Networks", $"{ThisWeek.PlusWeeks(3):yyyy-MM-dd}", null)]);

        // Time off in Ana's first free week moves Northwind's start a week on, at once.
        var week3 = ThisWeek.PlusWeeks(3);
        await Client.CallAsync(HttpMethod.Post, $"/api/scheduling/engineers/{ana}/time-off", NorthwindOwner,
            new { first = week3.ToDateOnly(), last = week3.PlusDays(2).ToDateOnly(), reason = "Holiday" }, HttpStatusCode.Created);
        var named = await Client.CallAsync(HttpMethod.Get, $"/api/scheduling/availability?firmIds={Northwind}&firmIds={Fabrikam}&{need}", NorthwindOwner, null, HttpStatusCode.OK);
        Starts(named).ShouldBe([("Fabrikam IT", $"{nextWeek:yyyy-MM-dd}", null), ("Northwind Networks", $"{ThisWeek.PlusWeeks(4):yyyy-MM-dd}", "Ana")]);

        var none = await Client.CallAsync(HttpMethod.Get, $"/api/scheduling/availability?firmIds={Northwind}&hoursPerWeek=30&effortHours=60", NorthwindOwner, null, HttpStatusCode.OK);
        none.GetProperty("firms").GetArrayLength().ShouldBe(0);
        none.GetProperty("notAvailable")[0].GetGuid().ShouldBe(Northwind);
    }

    [Fact]
    public async Task A_client_reads_the_soonest_start_in_plain_language_in_its_zone_without_any_firm_named()
    {
        await EngineerAsync(ContosoOwner, "Bo", 10);
        await EngineerAsync(NorthwindOwner, "Ana", 20);
        var notBefore = ThisWeek.PlusWeeks(2);
        var answer = await Client.CallAsync(HttpMethod.Get,
            $"/api/scheduling/availability/answer?skill=sd-wan&hoursPerWeek=10&effortHours=20&notBefore={notBefore:yyyy-MM-dd}&tz=Australia/Sydney",
            FabrikamOwner, null, HttpStatusCode.OK);

        // Monday 09:00 in London is Monday evening in Sydney; Friday 17:00 in London is early Saturday there.
        var day = NodaTime.Text.LocalDatePattern.Create("ddd d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        var finishDate = notBefore.PlusWeeks(1).PlusDays(5);
        var finish = NodaTime.Text.LocalDatePattern.Create(finishDate.Year == notBefore.Year ? "d MMM" : "d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        answer.GetProperty("answer").GetString().ShouldBe(
            $"SD-WAN specialists can start {day.Format(notBefore)}, about 10 h a week, done by about {finish.Format(finishDate)}.");
        answer.GetProperty("timeZone").GetString().ShouldBe("Australia/Sydney");
        answer.GetRawText().ShouldNotContain("Northwind");
        answer.GetRawText().ShouldNotContain("Ana");

        var unknown = await Client.CallAsync(HttpMethod.Get, "/api/scheduling/availability/answer?skill=sd-wan&hoursPerWeek=80&effortHours=80&tz=Europe/London",
            FabrikamOwner, null, HttpStatusCode.OK);
        unknown.GetProperty("answer").GetString()!.ShouldStartWith("No SD-WAN specialist has about 80 h a week free");
        unknown.GetProperty("earliestStart").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Time_off_lowers_the_weeks_capacity_is_refused_where_hours_are_promised_and_gives_them_back_when_removed()
    {
        var ana = await EngineerAsync(NorthwindOwner, "Ana", 40);
        var week = new LocalDate(2027, 3, 1);
        var timeOff = await Client.CallAsync(HttpMethod.Post, $"/api/scheduling/engineers/{ana}/time-off", NorthwindOwner,
            new { first = "2027-03-04", last = "2027-03-05", reason = "Conference" }, HttpStatusCode.Created);
        var hold = new { engineerId = ana, referralId = Guid.NewGuid(), hoursPerWeek = 25, firstWeek = "2027-03-01", weeks = 1 };
        var refused = await Client.CallAsync(HttpMethod.Post, "/api/scheduling/holds", NorthwindOwner, hold, HttpStatusCode.Conflict);
        refused.GetProperty("free")[0].GetProperty("freeHours").GetInt32().ShouldBe(24); // two of five days away

        await Client.CallAsync(HttpMethod.Post, "/api/scheduling/holds", NorthwindOwner, hold with { hoursPerWeek = 24 }, HttpStatusCode.Created);
        // Another day away that week would cut into promised hours.
        await Client.CallAsync(HttpMethod.Post, $"/api/scheduling/engineers/{ana}/time-off", NorthwindOwner,
            new { first = "2027-03-01", last = "2027-03-01" }, HttpStatusCode.Conflict);
        var weeks = await Client.CallAsync(HttpMethod.Get, $"/api/scheduling/engineers/{ana}/weeks?from=2027-03-01&weeks=1", NorthwindOwner, null, HttpStatusCode.OK);
        (weeks[0].GetProperty("capacityHours").GetInt32(), weeks[0].GetProperty("heldHours").GetInt32(), weeks[0].GetProperty("freeHours").GetInt32()).ShouldBe((24, 24, 0));

        await Client.CallAsync(HttpMethod.Delete, $"/api/scheduling/engineers/{ana}/time-off/{timeOff.GetProperty("id").GetGuid()}", NorthwindOwner, null, HttpStatusCode.NoContent);
        weeks = await Client.CallAsync(HttpMethod.Get, $"/api/scheduling/engineers/{ana}/weeks?from={week:yyyy-MM-dd}&weeks=1", NorthwindOwner, null, HttpStatusCode.OK);
        weeks[0].GetProperty("freeHours").GetInt32().ShouldBe(16);
        // Capacity changes see time off too: 30 h a week less two days would not hold the 24 h promised.
        await Client.CallAsync(HttpMethod.Post, $"/api/scheduling/engineers/{ana}/time-off", NorthwindOwner,
            new { first = "2027-03-04", last = "2027-03-05" }, HttpStatusCode.Created);
        await Client.CallAsync(HttpMethod.Put, $"/api/scheduling/engineers/{ana}/capacity", NorthwindOwner, new { name = "Ana", hoursPerWeek = 30 }, HttpStatusCode.Conflict);
        await Client.CallAsync(HttpMethod.Put, $"/api/scheduling/engineers/{ana}/capacity", NorthwindOwner, new { name = "Ana", hoursPerWeek = 40 }, HttpStatusCode.OK);

        // Only the firm's own people see or change its engineers' time off.
        await Client.CallAsync(HttpMethod.Get, $"/api/scheduling/engineers/{ana}/time-off", ContosoOwner, null, HttpStatusCode.NotFound);
        (await Client.CallAsync(HttpMethod.Get, $"/api/scheduling/engineers/{ana}/time-off", NorthwindOwner, null, HttpStatusCode.OK)).GetArrayLength().ShouldBe(1);
        await Client.CallAsync(HttpMethod.Post, $"/api/scheduling/engineers/{ana}/time-off", TestTokens.For(Northwind, "Engineer"),
            new { first = "2027-04-01", last = "2027-04-01" }, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Capacity_changes_are_announced_once_per_burst_with_each_weeks_free_hours()
    {
        var ana = await EngineerAsync(NorthwindOwner, "Ana", 20);
        await EngineerAsync(NorthwindOwner, "Ben", 10);
        foreach (var hours in new[] { 5, 5 })
        {
            await Client.CallAsync(HttpMethod.Post, "/api/scheduling/holds", NorthwindOwner,
                new { engineerId = ana, referralId = Guid.NewGuid(), hoursPerWeek = hours, firstWeek = ThisWeek.PlusWeeks(1).ToDateOnly(), weeks = 2 }, HttpStatusCode.Created);
        }
        var publisher = _service.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<CapacityPublisher>().Single();
        await publisher.RunOnceAsync(TestContext.Current.CancellationToken);

        var latest = await _service.Db.ScalarAsync<string>($"""
            SELECT "Body" FROM "OutboxMessages" WHERE "MessageType" LIKE '%CapacityChanged' AND "AggregateKey" = '{Northwind}' ORDER BY "Sequence" DESC LIMIT 1
            """);
        using var body = JsonDocument.Parse(latest!);
        body.RootElement.GetProperty("firstWeek").GetString().ShouldBe($"{ThisWeek:yyyy-MM-dd}");
        body.RootElement.GetProperty("freeHours").EnumerateArray().Select(h => h.GetInt32()).Take(4).ShouldBe([30, 20, 20, 30]);
        body.RootElement.GetProperty("freeHours").GetArrayLength().ShouldBe(CapacityPublisher.Weeks);
        (await publisher.RunOnceAsync(TestContext.Current.CancellationToken)).ShouldBe(0); // nothing moved since
    }

    [Theory]
    [InlineData("hoursPerWeek=10&effortHours=20", "skill")]
    [InlineData("skill=sd-wan&hoursPerWeek=0&effortHours=20", "hoursPerWeek")]
    [InlineData("skill=sd-wan&hoursPerWeek=10&effortHours=900", "effortHours")]
    [InlineData("skill=sd-wan&hoursPerWeek=10&effortHours=20&minLevel=9", "minLevel")]
    [InlineData("skill=sd-wan&hoursPerWeek=10&effortHours=20&notBefore=2099-01-01", "notBefore")]
    public async Task Bad_questions_get_a_400_that_names_the_field(string query, string field)
    {
        var (status, body) = await Client.SendAsync(HttpMethod.Get, $"/api/scheduling/availability?{query}", NorthwindOwner);
        status.ShouldBe(HttpStatusCode.BadRequest);
        JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(body);
        (await Client.StatusAsync(HttpMethod.Get, $"/api/scheduling/availability/answer?skill=sd-wan&hoursPerWeek=10&effortHours=20&tz=Mars/Olympus", NorthwindOwner))
            .ShouldBe(HttpStatusCode.BadRequest);
        (await Client.StatusAsync(HttpMethod.Get, $"/api/scheduling/availability?firmIds=not-a-guid&hoursPerWeek=10&effortHours=20", NorthwindOwner))
            .ShouldBe(HttpStatusCode.BadRequest);
        (await Client.StatusAsync(HttpMethod.Get, $"/api/scheduling/availability?skill=sd-wan&hoursPerWeek=10&effortHours=20", null))
            .ShouldBe(HttpStatusCode.Unauthorized);
    }
}
