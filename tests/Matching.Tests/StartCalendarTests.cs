using System.Net;
using System.Text.Json;
using Marketplace.Testing;
using NodaTime;
using Shouldly;

namespace Marketplace.Matching.Tests;

/// <summary>
/// "Add to calendar" behind the client's share link: the confirmed start as an all-day .ics event on the date the
/// status page shows (the client's zone), under the same rules as the page.
/// </summary>
public sealed class StartCalendarTests : MatchingApiTest
{
    private static readonly Guid Referrer = Guid.NewGuid();
    private static readonly string ReferrerOwner = TestTokens.For(Referrer, "Owner");
    private static readonly LocalDate NextMonday = Calendar.WorkingWeek.WeekStart(SystemClock.Instance.GetCurrentInstant().InUtc().Date).PlusWeeks(1);

    /// <summary>The referrer, a firm in Los Angeles that only refers (each test starts with its partner).</summary>
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Market.SeedPartnerAsync(Service.Services, new("Northwind IT") { FirmId = Referrer, SqlLevel = null, Zone = "America/Los_Angeles" });
    }

    /// <summary>One partner in Tokyo: its Monday 09:00 is still Sunday for a client in Los Angeles.</summary>
    private Task<Guid> PartnerAsync(string name) => Market.SeedPartnerAsync(Service.Services, new(name) { Zone = "Asia/Tokyo" }, Neighbours);

    /// <summary>A referral accepted by the partner (not yet confirmed), with a share link; returns its id and the link.</summary>
    private async Task<(Guid Id, string Url, Guid Link)> AcceptedAsync(Guid partner, string mode)
    {
        var id = (await Client.CallAsync(HttpMethod.Post, "/api/matching/referrals", ReferrerOwner, new
        {
            summary = "Tune a slow SQL Server for a 40-user accounting firm", skills = new[] { new { skillId = "sql-server", minLevel = 4 } },
            effortHours = 30, hoursPerWeek = 10, earliestStart = NextMonday.ToDateOnly(), latestStart = NextMonday.PlusWeeks(3).ToDateOnly(),
            clientTimeZone = "America/Los_Angeles", clientName = "Contoso Accounting", engagementMode = mode, urgency = "Normal", waveSize = 1,
        }, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var offer = await Market.OfferAsync(Client, partner, id);
        (await Market.AcceptAsync(Client, partner, offer)).Status.ShouldBe(HttpStatusCode.OK);
        var link = await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/share-links", ReferrerOwner, new { days = 14 }, HttpStatusCode.Created);
        return (id, link.GetProperty("url").GetString()!, link.GetProperty("id").GetGuid());
    }

    private async Task<(HttpResponseMessage Response, string Body)> IcsAsync(string url, string? bearer = null)
    {
        using var request = bearer is null ? new HttpRequestMessage(HttpMethod.Get, url) : Accounts.Authorized(HttpMethod.Get, url, bearer);
        var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        return (response, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_confirmed_start_is_an_all_day_event_on_the_clients_date_and_goes_when_the_link_does()
    {
        var partner = await PartnerAsync("Tokyo Data KK");
        var (id, url, link) = await AcceptedAsync(partner, "HandOff");
        var ics = $"{url}/calendar.ics";

        // Accepted is not yet a start to plan around: no file, and the page offers none.
        (await Client.CallAsync(HttpMethod.Get, url, null, null, HttpStatusCode.OK)).GetProperty("calendarUrl").ValueKind.ShouldBe(JsonValueKind.Null);
        (await Client.StatusAsync(HttpMethod.Get, ics, null)).ShouldBe(HttpStatusCode.NotFound);

        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/confirm", ReferrerOwner, null, HttpStatusCode.OK);
        var status = await Client.CallAsync(HttpMethod.Get, url, null, null, HttpStatusCode.OK);
        status.GetProperty("calendarUrl").GetString().ShouldBe(ics);
        var startsOn = DateOnly.Parse(status.GetProperty("startsOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        startsOn.ShouldBe(NextMonday.PlusDays(-1).ToDateOnly()); // Monday 09:00 in Tokyo is Sunday afternoon in Los Angeles

        var (response, body) = await IcsAsync(ics);
        using (response)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.ToString().ShouldBe("text/calendar; charset=utf-8");
            response.Content.Headers.ContentDisposition!.FileName.ShouldBe("start.ics");
            response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        }
        var start = Ical.Net.Calendar.Load(body)!.Events.ShouldHaveSingleItem();
        (start.IsAllDay, start.DtStart!.Date, start.DtEnd!.Date, start.Status).ShouldBe((true, startsOn, startsOn.AddDays(1), "CONFIRMED"));
        start.Summary.ShouldBe("Tokyo Data KK starts work on your request");
        start.Description!.ShouldContain("about 10 h a week, expected done by");
        start.Description!.ShouldContain("Arranged by Northwind IT.");
        body.ShouldNotContain(id.ToString());
        body.ShouldNotContain(url["/status/".Length..]); // the link's secret does not travel into calendars

        // Started: still the start; revoked or finished: gone like the page.
        (await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/start", Market.Token(partner), null, HttpStatusCode.OK)).GetProperty("status").GetString().ShouldBe("InProgress");
        (await Client.StatusAsync(HttpMethod.Get, ics, null)).ShouldBe(HttpStatusCode.OK);
        await Client.CallAsync(HttpMethod.Delete, $"/api/matching/referrals/{id}/share-links/{link}", ReferrerOwner, null, HttpStatusCode.NoContent);
        (await Client.StatusAsync(HttpMethod.Get, ics, null)).ShouldBe(HttpStatusCode.NotFound);
        var fresh = (await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/share-links", ReferrerOwner, new { days = 1 }, HttpStatusCode.Created)).GetProperty("url").GetString()!;
        var (_, again) = await IcsAsync($"{fresh}/calendar.ics");
        Ical.Net.Calendar.Load(again)!.Events.Single().Uid.ShouldBe(start.Uid); // another link, the same event: a second download updates it
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/complete", ReferrerOwner, new { jobValue = 1000m, currency = "USD" }, HttpStatusCode.OK);
        (await Client.StatusAsync(HttpMethod.Get, $"{fresh}/calendar.ics", null)).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task White_label_work_puts_the_referrers_name_in_the_clients_calendar_never_the_partners()
    {
        var partner = await PartnerAsync("Hidden Partner Ltd");
        var (id, url, _) = await AcceptedAsync(partner, "WhiteLabel");
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/confirm", ReferrerOwner, null, HttpStatusCode.OK);

        var (response, body) = await IcsAsync($"{url}/calendar.ics");
        response.Dispose();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.ShouldNotContain("Hidden", Case.Insensitive);
        body.ShouldNotContain(partner.ToString(), Case.Insensitive);
        Ical.Net.Calendar.Load(body)!.Events.Single().Summary.ShouldBe("Northwind IT starts work on your request");
        // Link checkers and some calendar apps ask with HEAD first: the same answer, without the file.
        (await Client.StatusAsync(HttpMethod.Head, $"{url}/calendar.ics", null)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_file_answers_to_the_links_secret_alone_whatever_token_comes_with_it()
    {
        var partner = await PartnerAsync("Tokyo Data KK");
        var (id, url, _) = await AcceptedAsync(partner, "HandOff");
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/confirm", ReferrerOwner, null, HttpStatusCode.OK);
        var (_, expected) = await IcsAsync($"{url}/calendar.ics");

        var mismatches = new List<string>();
        foreach (var (who, token) in new[]
        {
            ("anonymous", (string?)null), ("referrer's owner", ReferrerOwner), ("referrer's engineer", TestTokens.For(Referrer, "Engineer")),
            ("partner's owner", Market.Token(partner)), ("another firm", TestTokens.For(Guid.NewGuid(), "Owner")),
            ("forged", TestTokens.Forged(Referrer, "Owner")), ("expired", TestTokens.Expired(Referrer, "Owner")),
        })
        {
            foreach (var (address, status) in new[]
            {
                ($"{url}/calendar.ics", HttpStatusCode.OK),
                ($"/status/{new string('q', 43)}/calendar.ics", HttpStatusCode.NotFound), // a guess
                ($"/status/{url["/status/".Length..^2]}/calendar.ics", HttpStatusCode.NotFound), // nearly the secret
                ("/status/x/calendar.ics", HttpStatusCode.NotFound),
            })
            {
                var (response, body) = await IcsAsync(address, token);
                using (response)
                {
                    if (response.StatusCode != status)
                    {
                        mismatches.Add($"{who} {address}: {(int)response.StatusCode}, expected {(int)status}");
                    }
                    if (status == HttpStatusCode.OK && Strip(body) != Strip(expected))
                    {
                        mismatches.Add($"{who} {address}: another answer than anonymous: {body}");
                    }
                }
            }
        }
        mismatches.ShouldBeEmpty();

        static string Strip(string ics) => string.Join('\n', ics.Split("\r\n").Where(l => !l.StartsWith("DTSTAMP", StringComparison.Ordinal)));
    }
}
