using System.Net;
using System.Text.Json;
using Marketplace.Calendar;
using Marketplace.Matching.Data;
using Marketplace.Matching.Ranking;
using Marketplace.Testing;
using NodaTime;
using Shouldly;

namespace Marketplace.Matching.Tests;

/// <summary>
/// Issue 20's routing in the live service, on a real database: response histories loaded from the offers table into the
/// ranking (reloaded by the offers' trigger), and waves sized from the slack by the matchmaker, with the timeline line.
/// </summary>
public sealed class RoutingWiringTests : MatchingApiTest
{
    private static readonly Guid Referrer = Guid.NewGuid();
    private static readonly string ReferrerOwner = TestTokens.For(Referrer, "Owner", "routing-referrer-5d1c");
    private static readonly LocalDate Today = SystemClock.Instance.GetCurrentInstant().InUtc().Date;
    private static readonly WorkingWeek London = WorkingWeek.Create([1, 2, 3, 4, 5], new(9, 0), new(17, 0), "Europe/London");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A level-5 SQL Server partner in London, free from today in Matching's projection and in (fake) Scheduling.</summary>
    private Task<Guid> PartnerAsync(string name, bool partnered = false, ServiceUnderTest<MatchingDbContext>? on = null) =>
        Market.SeedPartnerAsync((on ?? Service).Services, new(name) { Terms = partnered ? new(["HandOff"], MaxConcurrent: 5) : null, Start = (Today, Today.PlusWeeks(3)) }, Neighbours, Referrer);

    private async Task<JsonElement> PostAsync(LocalDate latestStart, int? waveSize, HttpClient? client = null) =>
        await (client ?? Client).CallAsync(HttpMethod.Post, "/api/matching/referrals", ReferrerOwner, new
        {
            summary = "Recover a corrupted SQL Server database before month end", skills = new[] { new { skillId = "sql-server", minLevel = 4 } },
            effortHours = 20, hoursPerWeek = 10, earliestStart = Today.ToDateOnly(), latestStart = latestStart.ToDateOnly(),
            clientTimeZone = "Europe/London", clientName = "Fabrikam Books", engagementMode = "HandOff", waveSize,
        }, HttpStatusCode.Created);

    private async Task<JsonElement> InboxOfferAsync(Guid partner, Guid referral) =>
        (await Client.CallAsync(HttpMethod.Get, "/api/matching/offers", Market.Token(partner), null, HttpStatusCode.OK)).EnumerateArray()
            .Single(o => o.GetProperty("referralId").GetGuid() == referral);

    private async Task<List<string>> TimelineAsync(Guid referral, string token) =>
        [.. (await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{referral}/timeline", token, null, HttpStatusCode.OK))
            .EnumerateArray().Select(t => t.GetProperty("why").GetString()!)];

    [Fact]
    public async Task A_referral_due_to_start_next_working_day_goes_to_five_partners_with_half_the_deadline_and_only_the_referrer_reads_why()
    {
        var partners = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            partners.Add(await PartnerAsync($"Rescue SQL {i}"));
        }
        var latest = Today.PlusDays(1);
        while (latest.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday)
        {
            latest = latest.PlusDays(1);
        }

        var posted = await PostAsync(latest, waveSize: null);

        var id = posted.GetProperty("id").GetGuid();
        posted.GetProperty("openOffers").GetInt32().ShouldBe(5);
        var candidates = (await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{id}/candidates", ReferrerOwner, null, HttpStatusCode.OK))
            .GetProperty("candidates").EnumerateArray().ToList();
        var offered = candidates.Where(c => c.GetProperty("offer").GetString() == "Open").Select(c => c.GetProperty("firmId").GetGuid()).ToList();
        offered.Count.ShouldBe(5);
        // Half the directory's 4 business hours, counted in the partner's own week from when the wave went out.
        var due = (await InboxOfferAsync(offered[0], id)).GetProperty("dueAt").GetDateTimeOffset();
        var expected = London.AddWorkingTime(Instant.FromDateTimeOffset(posted.GetProperty("postedAt").GetDateTimeOffset()), Duration.FromHours(2));
        (Instant.FromDateTimeOffset(due) - expected).TotalMilliseconds.ShouldBeInRange(-1, 1);

        (await TimelineAsync(id, ReferrerOwner)).ShouldContain(
            $"wave 1 of 6 ranked candidates: 5 partners at once, each with half its agreed time to answer (at least 1 business hour): the latest start, {Ranker.Day(latest)}, is 1 working day away");
        var winner = offered[0];
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{(await InboxOfferAsync(winner, id)).GetProperty("offerId").GetGuid()}/accept", Market.Token(winner), null, HttpStatusCode.OK);
        var seenByWinner = await TimelineAsync(id, Market.Token(winner));
        seenByWinner.ShouldContain("offers made");
        seenByWinner.ShouldNotContain(w => w.Contains("partners at once", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_partner_that_let_its_last_two_offers_expire_is_ranked_after_one_that_answers_until_it_answers_again()
    {
        // The silent partner has the referrer's partnership (15 points more): only demotion puts it second.
        var silent = await PartnerAsync("Silent Partner SQL", partnered: true);
        var answering = await PartnerAsync("Answering SQL");
        for (var round = 0; round < 2; round++)
        {
            var id = (await PostAsync(Today.PlusWeeks(3), waveSize: 2)).GetProperty("id").GetGuid();
            var offer = (await InboxOfferAsync(answering, id)).GetProperty("offerId").GetGuid();
            await Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{offer}/decline", Market.Token(answering), new { reason = "fully booked this month" }, HttpStatusCode.OK);
            // The silent one's deadline passes (moved to a minute ago rather than the clock moved on, so answers keep their order).
            await Service.Db.ScalarAsync<int?>($$"""UPDATE "Offers" SET "DueAt" = now() - interval '1 minute' WHERE "ReferralId" = '{{id}}' AND "Status" = 'Open'""");
            (await Market.DeadlineJobAt(Service.Services, DateTimeOffset.UtcNow).RunOnceAsync(Ct)).ShouldBe(1);
        }
        Market.Written(Service.Services); // the next ranking looks at what the offers' trigger recorded

        var third = (await PostAsync(Today.PlusWeeks(3), waveSize: 1)).GetProperty("id").GetGuid();

        var ranked = (await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{third}/candidates", ReferrerOwner, null, HttpStatusCode.OK))
            .GetProperty("candidates").EnumerateArray().ToList();
        ranked.Select(c => c.GetProperty("firmId").GetGuid()).ShouldBe([answering, silent]);
        Responsiveness(ranked[0]).ShouldBe("answered 2 of 2 recent offers, usually within 1 business hour");
        Responsiveness(ranked[1]).ShouldBe("answered 0 of 2 recent offers; let its last 2 offers expire: offered after partners who answer until it answers again");
        ranked[1].GetProperty("score").GetDouble().ShouldBeGreaterThan(ranked[0].GetProperty("score").GetDouble());

        // It answers the offer it still gets when the wave reaches it: the demotion is over.
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{(await InboxOfferAsync(answering, third)).GetProperty("offerId").GetGuid()}/decline",
            Market.Token(answering), new { reason = "fully booked this month" }, HttpStatusCode.OK);
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{(await InboxOfferAsync(silent, third)).GetProperty("offerId").GetGuid()}/decline",
            Market.Token(silent), new { reason = "not this one" }, HttpStatusCode.OK);
        Market.Written(Service.Services);
        var fourth = (await PostAsync(Today.PlusWeeks(3), waveSize: 1)).GetProperty("id").GetGuid();
        var again = (await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{fourth}/candidates", ReferrerOwner, null, HttpStatusCode.OK))
            .GetProperty("candidates").EnumerateArray().ToList();
        again[0].GetProperty("firmId").GetGuid().ShouldBe(silent);
        Responsiveness(again[0]).ShouldStartWith("answered 1 of 3 recent offers");
    }

    [Fact]
    public async Task A_wave_that_runs_out_after_the_latest_start_leaves_the_referral_unmatched_with_help_instead_of_a_next_wave()
    {
        await PartnerAsync("Quiet SQL");
        await PartnerAsync("Other SQL");
        var latest = Today.PlusWeeks(1);
        var id = (await PostAsync(latest, waveSize: 1)).GetProperty("id").GetGuid();

        var afterLatest = latest.PlusDays(1).AtStartOfDayInZone(DateTimeZone.Utc).ToDateTimeOffset().AddHours(10);
        (await Market.DeadlineJobAt(Service.Services, afterLatest).RunOnceAsync(Ct)).ShouldBe(1);

        var referral = await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{id}", ReferrerOwner, null, HttpStatusCode.OK);
        referral.GetProperty("status").GetString().ShouldBe("Unmatched");
        referral.GetProperty("unmatchedHelp")[0].GetString()!.ShouldStartWith("With ");
        (await TimelineAsync(id, ReferrerOwner))[^1].ShouldBe($"the latest start, {Ranker.Day(latest)}, passed before a partner accepted (1 wave offered)");
        (await Service.Db.ScalarAsync<long>($"""SELECT count(*) FROM "Offers" WHERE "ReferralId" = '{id}'""")).ShouldBe(1); // the second partner was not bothered
    }

    [Fact]
    public async Task With_the_rules_switched_off_in_configuration_waves_are_three_with_the_agreed_deadline_and_five_factors_explain()
    {
        var settings = ReferralFlowTests.Settings(Neighbours.Url);
        settings["Matching:Routing:WavesFromSlack"] = "false";
        settings["Matching:Routing:ResponseFactor"] = "false";
        await using var fixedRules = await ServiceUnderTest<MatchingDbContext>.StartAsync("matching", settings);
        for (var i = 0; i < 6; i++)
        {
            await PartnerAsync($"Fixed SQL {i}", on: fixedRules);
        }

        var posted = await PostAsync(Today.PlusDays(1), waveSize: null, fixedRules.Client);

        var id = posted.GetProperty("id").GetGuid();
        posted.GetProperty("openOffers").GetInt32().ShouldBe(3);
        var first = (await fixedRules.Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{id}/candidates", ReferrerOwner, null, HttpStatusCode.OK))
            .GetProperty("candidates")[0];
        first.GetProperty("explanation").GetArrayLength().ShouldBe(5);
        var timeline = (await fixedRules.Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{id}/timeline", ReferrerOwner, null, HttpStatusCode.OK))
            .EnumerateArray().Select(t => t.GetProperty("why").GetString()).ToList();
        timeline.ShouldContain("wave 1 of 6 ranked candidates");
    }

    private static string Responsiveness(JsonElement candidate) => candidate.GetProperty("explanation").EnumerateArray()
        .Single(f => f.GetProperty("name").GetString() == "responsiveness").GetProperty("detail").GetString()!;
}
