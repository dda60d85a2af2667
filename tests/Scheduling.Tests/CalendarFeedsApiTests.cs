using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Marketplace.Calendar;
using Marketplace.Scheduling.Data;
using Marketplace.Scheduling.Firms;
using Marketplace.Testing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Shouldly;

namespace Marketplace.Scheduling.Tests;

/// <summary>Calendar feeds through the API: made, fetched anonymously by their secret address, parsed back, revoked.</summary>
public sealed class CalendarFeedsApiTests : IAsyncLifetime
{
    private static readonly Guid Firm = Guid.NewGuid(), OtherFirm = Guid.NewGuid();
    private static readonly string Owner = TestTokens.For(Firm, "Owner", "owner-of-northwind"), Dispatcher = TestTokens.For(Firm, "Dispatcher"),
        OtherOwner = TestTokens.For(OtherFirm, "Owner");
    private ServiceUnderTest<SchedulingDbContext> _service = null!;

    private HttpClient Client => _service.Client;

    /// <summary>Next week's Monday in London, where the firm is: holds may be placed there today whatever today is.</summary>
    private static LocalDate NextWeek => WorkingWeek.WeekStart(SystemClock.Instance.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/London"]).Date).PlusWeeks(1);

    public async ValueTask InitializeAsync()
    {
        _service = await ServiceUnderTest<SchedulingDbContext>.StartAsync("scheduling", new Dictionary<string, string?> { ["Scheduling:Feeds:MaxLivePerFirm"] = "6" });
        await using var scope = _service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        db.FirmCalendars.AddRange(
            new FirmCalendar { FirmId = Firm, Name = "Northwind Networks", TimeZone = "Europe/London" },
            new FirmCalendar { FirmId = OtherFirm, Name = "Contoso Connect", TimeZone = "America/New_York" });
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    private async Task<Guid> EngineerAsync(string owner, string name)
    {
        var id = Guid.NewGuid();
        await Client.CallAsync(HttpMethod.Put, $"/api/scheduling/engineers/{id}/capacity", owner, new { name, hoursPerWeek = 40 }, HttpStatusCode.OK);
        return id;
    }

    private async Task<Guid> HoldAsync(Guid engineer, int hours, int weeks, string owner = "")
    {
        var hold = await Client.CallAsync(HttpMethod.Post, "/api/scheduling/holds", owner.Length == 0 ? Owner : owner,
            new { engineerId = engineer, referralId = Guid.NewGuid(), hoursPerWeek = hours, firstWeek = NextWeek.ToDateOnly(), weeks }, HttpStatusCode.Created);
        return hold.GetProperty("id").GetGuid();
    }

    private async Task<(Guid Id, string Url)> FeedAsync(object body, string? token = null)
    {
        var created = await Client.CallAsync(HttpMethod.Post, "/api/scheduling/feeds", token ?? Owner, body, HttpStatusCode.Created);
        return (created.GetProperty("feed").GetProperty("id").GetGuid(), created.GetProperty("url").GetString()!);
    }

    private async Task<HttpResponseMessage> GetFeedAsync(string url, string? etag = null, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/calendar, */*");
        if (etag is not null)
        {
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));
        }
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private async Task<Ical.Net.Calendar> ParsedAsync(string url)
    {
        using var response = await GetFeedAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return Ical.Net.Calendar.Load(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
    }

    [Fact]
    public async Task A_firm_feed_shows_holds_as_tentative_and_bookings_as_confirmed_and_follows_the_plan_as_it_changes()
    {
        var ravi = await EngineerAsync(Owner, "Ravi Shah");
        var mei = await EngineerAsync(Owner, "Mei Lin");
        var booking = await HoldAsync(ravi, 10, weeks: 2);
        await Client.CallAsync(HttpMethod.Post, $"/api/scheduling/holds/{booking}/confirm", Owner, null, HttpStatusCode.OK);
        var hold = await HoldAsync(mei, 5, weeks: 1);

        var created = await Client.CallAsync(HttpMethod.Post, "/api/scheduling/feeds", Owner, new { scope = "firm", label = "Dispatch screen" }, HttpStatusCode.Created);
        var url = created.GetProperty("url").GetString()!;
        url.ShouldMatch("^/feeds/[A-Za-z0-9_-]{43}\\.ics$"); // 256 random bits
        (created.GetProperty("feed").GetProperty("scope").GetString(), created.GetProperty("feed").GetProperty("label").GetString(),
            created.GetProperty("feed").GetProperty("createdBy").GetString()).ShouldBe(("firm", "Dispatch screen", $"Owner of {Firm.ToString()[..8]}"));
        (await _service.Db.ScalarAsync<long>($"""SELECT count(*) FROM "CalendarFeeds" WHERE "TokenHash" = sha256(convert_to('{url[7..^4]}', 'UTF8'))""")).ShouldBe(1);
        (await _service.Db.ScalarAsync<long>($"""SELECT count(*) FROM "CalendarFeeds" WHERE encode("TokenHash", 'escape') LIKE '%{url[7..^4]}%'""")).ShouldBe(0);

        using (var response = await GetFeedAsync(url))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.ToString().ShouldBe("text/calendar; charset=utf-8");
            (response.Headers.CacheControl!.Private, response.Headers.CacheControl.NoCache, response.Headers.CacheControl.MaxAge).ShouldBe((true, true, null));
            var etag = response.Headers.ETag!.ToString();
            using var again = await GetFeedAsync(url, etag);
            again.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        }
        var calendar = await ParsedAsync(url);
        calendar.TimeZones.Single().TzId.ShouldBe("Europe/London");
        calendar.Properties["X-WR-CALNAME"].ShouldNotBeNull().Value.ShouldBe("Northwind Networks bookings");
        var events = calendar.Events.OrderBy(e => e.Summary).ThenBy(e => e.DtStart).ToList();
        events.Select(e => (e.Summary, e.Status, e.DtStart!.Date)).ShouldBe([
            ("Booked: Ravi Shah, 10 h referral work", "CONFIRMED", NextWeek.ToDateOnly()),
            ("Booked: Ravi Shah, 10 h referral work", "CONFIRMED", NextWeek.PlusWeeks(1).ToDateOnly()),
            ("Held: Mei Lin, 5 h referral work", "TENTATIVE", NextWeek.ToDateOnly()),
        ]);
        var london = DateTimeZoneProviders.Tzdb["Europe/London"];
        Instant.FromDateTimeUtc(events[0].DtStart!.AsUtc).ShouldBe(london.AtStrictly(NextWeek.At(new LocalTime(9, 0))).ToInstant());
        Instant.FromDateTimeUtc(events[0].DtEnd!.AsUtc).ShouldBe(london.AtStrictly(NextWeek.PlusDays(4).At(new LocalTime(17, 0))).ToInstant());

        // Confirmed: the same event, now confirmed. Released: gone. The engineer's own feed shows only theirs.
        var heldUid = events[2].Uid;
        await Client.CallAsync(HttpMethod.Post, $"/api/scheduling/holds/{hold}/confirm", Owner, null, HttpStatusCode.OK);
        (await ParsedAsync(url)).Events.Single(e => e.Uid == heldUid).Status.ShouldBe("CONFIRMED");
        await Client.CallAsync(HttpMethod.Delete, $"/api/scheduling/holds/{booking}", Owner, null, HttpStatusCode.NoContent);
        (await ParsedAsync(url)).Events.Select(e => e.Uid).ShouldBe([heldUid]);
        var (_, meiUrl) = await FeedAsync(new { scope = "engineer", engineerId = mei });
        var (_, raviUrl) = await FeedAsync(new { scope = "engineer", engineerId = ravi }, Dispatcher);
        (await ParsedAsync(meiUrl)).Events.Single().Summary.ShouldBe("Booked: 5 h referral work");
        (await ParsedAsync(raviUrl)).Events.ShouldBeEmpty();

        // The list says what each feed covers and whether it is in use, never its address.
        var (status, list) = await Client.SendAsync(HttpMethod.Get, "/api/scheduling/feeds", Owner);
        status.ShouldBe(HttpStatusCode.OK);
        var items = JsonDocument.Parse(list).RootElement.EnumerateArray().ToList();
        items.Select(i => (i.GetProperty("scope").GetString(), i.GetProperty("engineerName").GetString())).ShouldBe([("engineer", "Ravi Shah"), ("engineer", "Mei Lin"), ("firm", null)]);
        items.ShouldAllBe(i => i.GetProperty("lastFetchedAt").ValueKind == JsonValueKind.String && i.GetProperty("status").GetString() == "Live");
        list.ShouldNotContain(url[7..^4]);
    }

    [Fact]
    public async Task A_revoked_feed_is_the_same_404_as_one_that_never_existed()
    {
        var (id, url) = await FeedAsync(new { scope = "firm" });
        using (var live = await GetFeedAsync(url))
        {
            live.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        (await Client.SendAsync(HttpMethod.Head, url, null)).Status.ShouldBe(HttpStatusCode.OK);

        await Client.CallAsync(HttpMethod.Delete, $"/api/scheduling/feeds/{id}", Owner, null, HttpStatusCode.NoContent);
        await Client.CallAsync(HttpMethod.Delete, $"/api/scheduling/feeds/{id}", Owner, null, HttpStatusCode.NoContent); // once is enough; twice is the same

        var unknown = Feeds.CalendarFeed.PathOf(Feeds.CalendarFeed.NewToken());
        var answers = new List<(HttpStatusCode, string?, string)>();
        foreach (var address in new[] { url, unknown })
        {
            using var response = await GetFeedAsync(address);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            var problem = JsonDocument.Parse(body).RootElement;
            answers.Add((response.StatusCode, response.Content.Headers.ContentType?.MediaType, $"{problem.GetProperty("type")} {problem.GetProperty("title")} {problem.GetProperty("status")}"));
        }
        answers[0].ShouldBe(answers[1]);
        answers[0].Item1.ShouldBe(HttpStatusCode.NotFound);
        answers[0].Item2.ShouldBe("application/problem+json");
        foreach (var odd in new[] { "/feeds/short.ics", $"/feeds/{new string('a', 101)}.ics", url[..^4], "/feeds/.ics" })
        {
            (await Client.StatusAsync(HttpMethod.Get, odd, null)).ShouldBe(HttpStatusCode.NotFound, odd);
        }
        var item = await Client.CallAsync(HttpMethod.Get, $"/api/scheduling/feeds/{id}", Owner, null, HttpStatusCode.OK);
        (item.GetProperty("status").GetString(), item.GetProperty("revokedAt").ValueKind).ShouldBe(("Revoked", JsonValueKind.String));
    }

    [Fact]
    public async Task Isolation_matrix_each_role_another_firm_anonymous_and_forged_tokens_on_every_feed_endpoint()
    {
        var engineer = await EngineerAsync(Owner, "Ravi Shah");
        await HoldAsync(engineer, 10, weeks: 1);
        var (feed, url) = await FeedAsync(new { scope = "engineer", engineerId = engineer, label = "Ravi's phone" });
        var before = await _service.Db.ScalarAsync<string>("""SELECT string_agg("Id"::text || coalesce("RevokedAt"::text, '-'), ',' ORDER BY "Id") FROM "CalendarFeeds" """);

        const HttpStatusCode ok = HttpStatusCode.OK, gone = HttpStatusCode.NotFound, no = HttpStatusCode.Forbidden,
            who = HttpStatusCode.Unauthorized, done = HttpStatusCode.NoContent;
        var callers = new (string Who, string? Token)[]
        {
            ("own engineer", TestTokens.For(Firm, "Engineer")), ("own machine client", TestTokens.For(Firm, "Machine", "erp-sync")),
            ("platform machine client", TestTokens.Platform(Guid.Empty)), ("other firm's owner", OtherOwner),
            ("other firm's dispatcher", TestTokens.For(OtherFirm, "Dispatcher")), ("anonymous", null), ("forged owner", TestTokens.Forged(Firm, "Owner")),
            ("expired owner", TestTokens.Expired(Firm, "Owner")),
        };
        // (method, url, body, then the answer for each caller above, in order); the owner's own answers are checked last.
        var rows = new (HttpMethod Method, string Url, object? Body, HttpStatusCode[] Expected)[]
        {
            (HttpMethod.Post, "/api/scheduling/feeds", new { scope = "engineer", engineerId = engineer }, [no, no, gone, gone, gone, who, who, who]),
            (HttpMethod.Get, "/api/scheduling/feeds", null, [no, no, no, ok, ok, who, who, who]),
            (HttpMethod.Get, $"/api/scheduling/feeds/{feed}", null, [no, no, gone, gone, gone, who, who, who]),
            (HttpMethod.Delete, $"/api/scheduling/feeds/{feed}", null, [no, no, gone, gone, gone, who, who, who]),
            // The feed itself answers to its secret alone, whatever token comes with it.
            (HttpMethod.Get, url, null, [ok, ok, ok, ok, ok, ok, ok, ok]),
            (HttpMethod.Get, $"/feeds/{new string('g', 43)}.ics", null, [gone, gone, gone, gone, gone, gone, gone, gone]),
        };
        var mismatches = new List<string>();
        foreach (var row in rows)
        {
            foreach (var ((name, token), expected) in callers.Zip(row.Expected))
            {
                var (status, body) = await Client.SendAsync(row.Method, row.Url, token, row.Body);
                if (status != expected)
                {
                    mismatches.Add($"{name} {row.Method} {row.Url}: {(int)status}, expected {(int)expected}");
                }
                if (name.StartsWith("other", StringComparison.Ordinal) && !row.Url.StartsWith("/feeds/", StringComparison.Ordinal)
                    && (body.Contains(feed.ToString(), StringComparison.Ordinal) || body.Contains("Ravi", StringComparison.Ordinal)))
                {
                    mismatches.Add($"{name} {row.Method} {row.Url} saw the firm's feed: {body}");
                }
            }
        }
        mismatches.ShouldBeEmpty();
        (await _service.Db.ScalarAsync<string>("""SELECT string_agg("Id"::text || coalesce("RevokedAt"::text, '-'), ',' ORDER BY "Id") FROM "CalendarFeeds" """))
            .ShouldBe(before); // nobody above made, or revoked, a feed of this firm

        // The firm's own Owner and Dispatcher may do each of these; another firm's Owner makes feeds of its own firm only.
        foreach (var token in new[] { Owner, Dispatcher })
        {
            await Client.CallAsync(HttpMethod.Get, "/api/scheduling/feeds", token, null, ok);
            await Client.CallAsync(HttpMethod.Get, $"/api/scheduling/feeds/{feed}", token, null, ok);
        }
        var theirs = await FeedAsync(new { scope = "firm" }, OtherOwner);
        (await ParsedAsync(theirs.Url)).Events.ShouldBeEmpty(); // Contoso's feed: none of Northwind's holds
        await Client.CallAsync(HttpMethod.Delete, $"/api/scheduling/feeds/{theirs.Id}", Owner, null, gone);
        await Client.CallAsync(HttpMethod.Delete, $"/api/scheduling/feeds/{feed}", Dispatcher, null, done);
    }

    [Fact]
    public async Task Bad_input_is_a_4xx_problem_naming_what_was_wrong()
    {
        var ours = await EngineerAsync(Owner, "Ravi Shah");
        var theirs = await EngineerAsync(OtherOwner, "Someone Else");

        async Task<string[]> Fields(object body) =>
            [.. (await Client.CallAsync(HttpMethod.Post, "/api/scheduling/feeds", Owner, body, HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject().Select(e => e.Name)];
        (await Fields(new { })).ShouldBe(["scope"]);
        (await Fields(new { scope = "team" })).ShouldBe(["scope"]);
        (await Fields(new { scope = "engineer" })).ShouldBe(["engineerId"]);
        (await Fields(new { scope = "firm", engineerId = ours })).ShouldBe(["engineerId"]);
        (await Fields(new { scope = "firm", label = new string('x', 101) })).ShouldBe(["label"]);
        await FeedAsync(new { scope = "firm", label = new string('x', 100) });

        // Another firm's engineer is as unknown as one that does not exist.
        await Client.CallAsync(HttpMethod.Post, "/api/scheduling/feeds", Owner, new { scope = "engineer", engineerId = theirs }, HttpStatusCode.NotFound);
        await Client.CallAsync(HttpMethod.Post, "/api/scheduling/feeds", Owner, new { scope = "engineer", engineerId = Guid.NewGuid() }, HttpStatusCode.NotFound);
        (await Client.StatusAsync(HttpMethod.Get, "/api/scheduling/feeds/not-a-guid", Owner)).ShouldBe(HttpStatusCode.NotFound);
        (await Client.StatusAsync(HttpMethod.Delete, $"/api/scheduling/feeds/{Guid.NewGuid()}", Owner)).ShouldBe(HttpStatusCode.NotFound);

        var problems = await BadInput.CheckAsync(Client, HttpMethod.Post, "/api/scheduling/feeds", Owner);
        problems.ShouldBeEmpty();

        // At most six live feeds here (Scheduling:Feeds:MaxLivePerFirm): the seventh is refused until one is revoked.
        var feeds = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            feeds.Add((await FeedAsync(new { scope = "engineer", engineerId = ours })).Id);
        }
        (await Client.CallAsync(HttpMethod.Post, "/api/scheduling/feeds", Owner, new { scope = "firm" }, HttpStatusCode.Conflict))
            .ShouldBeProblem("state-conflict", "Your firm already has 6 live calendar feeds; revoke those no longer used first.");
        await Client.CallAsync(HttpMethod.Delete, $"/api/scheduling/feeds/{feeds[0]}", Owner, null, HttpStatusCode.NoContent);
        await FeedAsync(new { scope = "firm" });
    }
}
