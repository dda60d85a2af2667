using System.Net;
using System.Text.Json;
using Marketplace.Calendar;
using Marketplace.Contracts;
using Marketplace.Scheduling.Capacity;
using Marketplace.Scheduling.Data;
using Marketplace.Scheduling.Firms;
using Marketplace.Testing;
using MassTransit;
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
    /// <summary>The platform's machine client, as Matching calls with its client-credentials token.</summary>
    private static readonly string Machine = TestTokens.Platform(Guid.Empty);
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

    /// <summary>Each firm listed, its start and its first engineer's name; null where engineers are not shown at all.</summary>
    private static List<(string Firm, string Start, string? Engineer)> Starts(JsonElement view) =>
        [.. view.GetProperty("firms").EnumerateArray().Select(f => (f.GetProperty("firmName").GetString()!, f.GetProperty("earliestStart").GetString()!,
            f.TryGetProperty("engineers", out var engineers) ? engineers[0].GetProperty("name").GetString() ?? "(no name)" : null))];

    /// <summary>Publishes a Network event and waits until Scheduling's consumer has committed it.</summary>
    private async Task DeliverAsync<T>(T message) where T : class, IIntegrationEvent
    {
        await _service.Services.GetRequiredService<IBus>().Publish(message, TestContext.Current.CancellationToken);
        (await Eventually.TrueAsync(async () =>
            await _service.Db.ScalarAsync<long>($"""SELECT count(*) FROM "InboxMessages" WHERE "MessageId" = '{message.EventId}'""") == 1,
            TimeSpan.FromSeconds(20))).ShouldBeTrue($"{typeof(T).Name} was not consumed");
    }

    private async Task<Guid> PartnersAsync(Guid inviter, Guid invitee, DateTimeOffset? at = null)
    {
        var id = Guid.NewGuid();
        await DeliverAsync(new PartnershipAccepted(Guid.NewGuid(), at ?? DateTimeOffset.UtcNow, id, inviter, invitee));
        return id;
    }

    [Fact]
    public async Task Earliest_starts_count_allocations_time_off_skills_and_levels_and_show_engineers_only_to_their_firm()
    {
        // Fabrikam is a partner of both others; Northwind and Contoso are not partners of each other.
        await PartnersAsync(Fabrikam, Northwind);
        await PartnersAsync(Contoso, Fabrikam);
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
        levelThree.GetProperty("firms")[0].GetProperty("engineers")[0].GetProperty("hoursPerWeek").GetInt32().ShouldBe(10);
        levelThree.GetProperty("firms")[0].GetProperty("projectedFinish").GetString().ShouldBe($"{ThisWeek.PlusWeeks(4).PlusDays(4):yyyy-MM-dd}");

        var anyLevel = await Client.CallAsync(HttpMethod.Get, $"/api/scheduling/availability?skill=sd-wan&{need}", FabrikamOwner, null, HttpStatusCode.OK);
        Starts(anyLevel).ShouldBe([("Contoso Connect", $"{nextWeek:yyyy-MM-dd}", null), ("Northwind Networks", $"{ThisWeek.PlusWeeks(3):yyyy-MM-dd}", null)]);
        anyLevel.GetRawText().ShouldNotContain(ana.ToString());

        // Time off in Ana's first free week moves Northwind's start a week on, at once.
        var week3 = ThisWeek.PlusWeeks(3);
        await Client.CallAsync(HttpMethod.Post, $"/api/scheduling/engineers/{ana}/time-off", NorthwindOwner,
            new { first = week3.ToDateOnly(), last = week3.PlusDays(2).ToDateOnly(), reason = "Holiday" }, HttpStatusCode.Created);
        var named = await Client.CallAsync(HttpMethod.Get, $"/api/scheduling/availability?firmIds={Northwind}&firmIds={Fabrikam}&firmIds={Contoso}&{need}",
            NorthwindOwner, null, HttpStatusCode.OK);
        Starts(named).ShouldBe([("Fabrikam IT", $"{nextWeek:yyyy-MM-dd}", null), ("Northwind Networks", $"{ThisWeek.PlusWeeks(4):yyyy-MM-dd}", "Ana")]);
        named.GetProperty("considered").GetInt32().ShouldBe(2); // Contoso is no partner of Northwind's: left out, as if unknown

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
        (await Client.CallAsync(HttpMethod.Post, $"/api/scheduling/engineers/{ana}/time-off", NorthwindOwner,
            new { first = "2027-03-01", last = "2027-03-01" }, HttpStatusCode.Conflict))
            .ShouldBeProblem("not-enough-capacity", "Hours already promised in those weeks would no longer fit; release or move that work first.");
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

    /// <summary>Everything a member of another firm could ask about the victim's capacity, as raw bodies.</summary>
    private async Task<List<string>> AskAboutAsync(Guid victim, string token)
    {
        var bodies = new List<string>();
        foreach (var url in new[]
        {
            $"/api/scheduling/availability?firmIds={victim}&hoursPerWeek=10&effortHours=20",
            $"/api/scheduling/availability?firmIds={victim}&hoursPerWeek=30&effortHours=30", // more than it has: would it say "cannot"?
            $"/api/scheduling/availability?firmIds={victim}&firmIds={Guid.NewGuid()}&skill=sd-wan&minLevel=4&hoursPerWeek=1&effortHours=1",
            "/api/scheduling/availability?skill=sd-wan&minLevel=4&hoursPerWeek=10&effortHours=20",
            $"/api/scheduling/availability/answer?firmIds={victim}&skill=sd-wan&hoursPerWeek=10&effortHours=20&tz=Europe/London",
        })
        {
            var (status, body) = await Client.SendAsync(HttpMethod.Get, url, token);
            status.ShouldBe(HttpStatusCode.OK, $"{url}: {body}");
            bodies.Add(body);
        }
        return bodies;
    }

    /// <summary>
    /// Asked about the victim, the answers are the very ones a firm Scheduling has never heard of gets: nothing of its
    /// engineers, hours or start, and nothing that tells whether it exists or has capacity.
    /// </summary>
    private async Task ShouldLearnNothingOfAsync(Guid victim, string token, Guid engineer, string engineerName)
    {
        var asked = await AskAboutAsync(victim, token);
        foreach (var body in asked)
        {
            body.ShouldNotContain(victim.ToString(), Case.Insensitive);
            body.ShouldNotContain(engineer.ToString(), Case.Insensitive);
            body.ShouldNotContain(engineerName);
            body.ShouldNotContain("Northwind");
            body.ShouldNotContain("hoursPerWeek");
            var json = JsonDocument.Parse(body).RootElement;
            if (json.TryGetProperty("firms", out var firms))
            {
                (json.GetProperty("canStart").GetInt32(), firms.GetArrayLength(), json.GetProperty("notAvailable").GetArrayLength()).ShouldBe((0, 0, 0), body);
            }
            else
            {
                json.GetProperty("earliestStart").ValueKind.ShouldBe(JsonValueKind.Null, body);
            }
        }
        var unknown = Guid.NewGuid();
        var never = await AskAboutAsync(unknown, token);
        asked.ShouldBe(never.Select(b => b.Replace(unknown.ToString(), victim.ToString(), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_firm_that_is_not_a_partner_learns_nothing_of_another_firms_engineers_hours_or_start()
    {
        var vesna = await EngineerAsync(NorthwindOwner, "Vesna Quillfeather", 20, "sd-wan");

        foreach (var role in new[] { "Owner", "Dispatcher", "Engineer" })
        {
            await ShouldLearnNothingOfAsync(Northwind, TestTokens.For(Contoso, role), vesna, "Vesna Quillfeather");
        }
    }

    [Fact]
    public async Task An_active_partner_sees_the_earliest_start_but_no_engineers_or_hours_and_nothing_once_the_partnership_ends()
    {
        var vesna = await EngineerAsync(NorthwindOwner, "Vesna Quillfeather", 20, "sd-wan");
        var partnership = await PartnersAsync(Northwind, Contoso);
        var need = $"hoursPerWeek=10&effortHours=20&notBefore={ThisWeek.PlusWeeks(1):yyyy-MM-dd}";

        foreach (var role in new[] { "Owner", "Dispatcher", "Engineer" })
        {
            var partner = TestTokens.For(Contoso, role);
            var (status, body) = await Client.SendAsync(HttpMethod.Get, $"/api/scheduling/availability?firmIds={Northwind}&{need}", partner);
            status.ShouldBe(HttpStatusCode.OK, body);
            var firm = JsonDocument.Parse(body).RootElement.GetProperty("firms").EnumerateArray().Single();
            (firm.GetProperty("firmId").GetGuid(), firm.GetProperty("earliestStart").GetString()).ShouldBe((Northwind, $"{ThisWeek.PlusWeeks(1):yyyy-MM-dd}"));
            firm.GetProperty("projectedFinish").GetString().ShouldBe($"{ThisWeek.PlusWeeks(2).PlusDays(4):yyyy-MM-dd}");
            firm.TryGetProperty("engineers", out _).ShouldBeFalse(body);
            body.ShouldNotContain(vesna.ToString(), Case.Insensitive);
            body.ShouldNotContain("Vesna");
            body.ShouldNotContain("hoursPerWeek");

            // Whether a plan fits is what the ranking needs; the hours behind it are not.
            var tooMuch = await Client.CallAsync(HttpMethod.Get, $"/api/scheduling/availability?firmIds={Northwind}&hoursPerWeek=30&effortHours=30", partner, null, HttpStatusCode.OK);
            tooMuch.GetProperty("notAvailable").EnumerateArray().Select(f => f.GetGuid()).ShouldBe([Northwind]);
            var bySkill = await Client.CallAsync(HttpMethod.Get, $"/api/scheduling/availability?skill=sd-wan&minLevel=4&{need}", partner, null, HttpStatusCode.OK);
            bySkill.GetProperty("firms").EnumerateArray().Select(f => f.GetProperty("firmId").GetGuid()).ShouldBe([Northwind]);
            bySkill.GetRawText().ShouldNotContain(vesna.ToString(), Case.Insensitive);
        }
        // The partnership works both ways: Northwind may ask about Contoso.
        await EngineerAsync(ContosoOwner, "Bo", 10);
        var back = await Client.CallAsync(HttpMethod.Get, $"/api/scheduling/availability?firmIds={Contoso}&{need}", NorthwindOwner, null, HttpStatusCode.OK);
        back.GetProperty("firms").EnumerateArray().Select(f => f.GetProperty("firmId").GetGuid()).ShouldBe([Contoso]);

        await DeliverAsync(new PartnershipEnded(Guid.NewGuid(), DateTimeOffset.UtcNow, partnership, Northwind, Contoso, Contoso, "Not working out"));
        await ShouldLearnNothingOfAsync(Northwind, ContosoOwner, vesna, "Vesna Quillfeather");
        // An acceptance delivered late (its own queue) does not bring an ended partnership back.
        await DeliverAsync(new PartnershipAccepted(Guid.NewGuid(), DateTimeOffset.UtcNow.AddMinutes(-5), partnership, Northwind, Contoso));
        await ShouldLearnNothingOfAsync(Northwind, ContosoOwner, vesna, "Vesna Quillfeather");
        (await Client.CallAsync(HttpMethod.Get, $"/api/scheduling/availability?firmIds={Contoso}&{need}", NorthwindOwner, null, HttpStatusCode.OK))
            .GetProperty("considered").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task The_firm_itself_sees_its_engineers_and_the_machine_client_gets_every_firms_full_plan()
    {
        var vesna = await EngineerAsync(NorthwindOwner, "Vesna Quillfeather", 20, "sd-wan");
        var bo = await EngineerAsync(ContosoOwner, "Bo", 10);
        var need = $"hoursPerWeek=10&effortHours=20&notBefore={ThisWeek.PlusWeeks(1):yyyy-MM-dd}";

        foreach (var role in new[] { "Owner", "Dispatcher", "Engineer" })
        {
            var own = await Client.CallAsync(HttpMethod.Get, $"/api/scheduling/availability?firmIds={Northwind}&{need}", TestTokens.For(Northwind, role), null, HttpStatusCode.OK);
            var share = own.GetProperty("firms")[0].GetProperty("engineers").EnumerateArray().Single();
            (share.GetProperty("engineerId").GetGuid(), share.GetProperty("name").GetString(), share.GetProperty("hoursPerWeek").GetInt32())
                .ShouldBe((vesna, "Vesna Quillfeather", 10));
        }

        // Matching asks about firms none of which is its own, holds each engineer's share, and keeps reading the same shape.
        var plan = await Client.CallAsync(HttpMethod.Get, $"/api/scheduling/availability?firmIds={Northwind}&firmIds={Contoso}&{need}&limit=2", Machine, null, HttpStatusCode.OK);
        var firms = plan.GetProperty("firms").EnumerateArray().ToDictionary(f => f.GetProperty("firmId").GetGuid(), f => f.GetProperty("engineers").EnumerateArray()
            .Select(e => (e.GetProperty("engineerId").GetGuid(), e.GetProperty("hoursPerWeek").GetInt32(), e.GetProperty("name").ValueKind)).ToList());
        firms[Northwind].ShouldBe([(vesna, 10, JsonValueKind.Null)]); // ids and hours to place holds; names stay with the firm
        firms[Contoso].ShouldBe([(bo, 10, JsonValueKind.Null)]);
        var typed = JsonSerializer.Deserialize<Marketplace.Http.SchedulingAvailability>(plan.GetRawText(), JsonSerializerOptions.Web)!;
        typed.Firms.Single(f => f.FirmId == Northwind).Engineers.ShouldBe([new Marketplace.Http.SchedulingEngineerShare(vesna, 10)]);

        var bySkill = await Client.CallAsync(HttpMethod.Get, $"/api/scheduling/availability?skill=sd-wan&{need}", Machine, null, HttpStatusCode.OK);
        bySkill.GetProperty("firms").EnumerateArray().Select(f => f.GetProperty("firmId").GetGuid()).ShouldBe([Contoso, Northwind], ignoreOrder: true);
        var answer = await Client.CallAsync(HttpMethod.Get, $"/api/scheduling/availability/answer?firmIds={Northwind}&skill=sd-wan&{need}&tz=Europe/London",
            Machine, null, HttpStatusCode.OK);
        answer.GetProperty("earliestStart").GetString().ShouldBe($"{ThisWeek.PlusWeeks(1):yyyy-MM-dd}");
        answer.GetRawText().ShouldNotContain("Vesna");
        answer.GetRawText().ShouldNotContain("Northwind");
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
