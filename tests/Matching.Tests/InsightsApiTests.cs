using System.Net;
using System.Text.Json;
using Marketplace.Testing;
using NodaTime;
using Shouldly;

namespace Marketplace.Matching.Tests;

/// <summary>
/// GET /api/matching/insights on Matching's host and a real database, with a history made through the API itself: posts,
/// offers, an accept, declines, an expiry, a completion with its fee confirmed.
/// </summary>
public sealed class InsightsApiTests : MatchingApiTest
{
    private static readonly Guid Referrer = Guid.NewGuid();
    private static readonly string ReferrerOwner = TestTokens.For(Referrer, "Owner");
    private static readonly LocalDate ThisMonday = Calendar.WorkingWeek.WeekStart(SystemClock.Instance.GetCurrentInstant().InUtc().Date);
    private static readonly LocalDate NextMonday = ThisMonday.PlusWeeks(1);

    /// <summary>A firm in Matching's projection (named, as Network announced it); a partner at the given SQL Server level, free 40 h a week, Scheduling's start next Monday.</summary>
    private Task<Guid> FirmAsync(string name, int? sqlLevel = null, bool partnered = false, Guid? firm = null) =>
        Market.SeedPartnerAsync(Service.Services, new(name) { FirmId = firm, SqlLevel = sqlLevel, Terms = partnered ? PartnershipTerms.Standard : null }, Neighbours, Referrer);

    private async Task<Guid> PostAsync(int waveSize) =>
        (await Client.CallAsync(HttpMethod.Post, "/api/matching/referrals", ReferrerOwner, new
        {
            summary = "Tune a slow SQL Server for a 40-user accounting firm", skills = new[] { new { skillId = "sql-server", minLevel = 5 } },
            effortHours = 30, hoursPerWeek = 10, earliestStart = NextMonday.ToDateOnly(), latestStart = NextMonday.PlusWeeks(3).ToDateOnly(),
            clientTimeZone = "America/New_York", clientName = "Contoso Accounting", engagementMode = "HandOff", waveSize,
        }, HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private async Task AnswerAsync(Guid partner, Guid referral, string answer, string? reason = null)
    {
        var offer = await Market.OfferAsync(Client, partner, referral);
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{offer}/{answer}", Market.Token(partner), reason is null ? null : new { reason }, HttpStatusCode.OK);
    }

    /// <summary>
    /// Alpha (a partner, 10 % fee) and Beta (the open directory) do level-5 SQL Server; Gamma only level 4. Referral A:
    /// Alpha accepts, the work is done for 10,000 USD and Alpha confirms it (a 1,000 USD fee). Referral B: Alpha declines,
    /// then Beta; nobody is left: unmatched (level 4 would have found Gamma). Referral C: to Alpha and Beta at once; Beta
    /// declines, Alpha lets it expire: unmatched too.
    /// </summary>
    private async Task<(Guid Alpha, Guid Beta, Guid Gamma)> HistoryAsync()
    {
        await FirmAsync("Northwind IT", firm: Referrer);
        var alpha = await FirmAsync("Alpha SQL", 5, partnered: true);
        var beta = await FirmAsync("Beta SQL", 5);
        var gamma = await FirmAsync("Gamma SQL", 4);

        var a = await PostAsync(waveSize: 1);
        await AnswerAsync(alpha, a, "accept");
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{a}/confirm", ReferrerOwner, null, HttpStatusCode.OK);
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{a}/start", Market.Token(alpha), null, HttpStatusCode.OK); // nothing completes before it starts
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{a}/complete", ReferrerOwner, new { jobValue = 10_000m, currency = "USD" }, HttpStatusCode.OK);
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/fees/{a}/confirm", Market.Token(alpha), null, HttpStatusCode.OK);

        var b = await PostAsync(waveSize: 1);
        await AnswerAsync(alpha, b, "decline", "Fully booked");
        await AnswerAsync(beta, b, "decline", "not our kind of work.");

        var c = await PostAsync(waveSize: 2);
        await AnswerAsync(beta, c, "decline", "Not our kind of work");
        var due = Instant.FromDateTimeUtc(DateTime.SpecifyKind(await Service.Db.ScalarAsync<DateTime>(
            $"""SELECT "DueAt" FROM "Offers" WHERE "ReferralId" = '{c}' AND "PartnerFirmId" = '{alpha}'"""), DateTimeKind.Utc));
        (await Market.DeadlineJobAt(Service.Services, (due + Duration.FromMinutes(1)).ToDateTimeOffset()).RunOnceAsync(TestContext.Current.CancellationToken)).ShouldBe(1);
        foreach (var unmatched in new[] { b, c })
        {
            (await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{unmatched}", ReferrerOwner, null, HttpStatusCode.OK)).GetProperty("status").GetString()
                .ShouldBe("Unmatched");
        }
        return (alpha, beta, gamma);
    }

    private async Task<JsonElement> InsightsAsync(string token, string query = "") =>
        await Client.CallAsync(HttpMethod.Get, "/api/matching/insights" + query, token, null, HttpStatusCode.OK);

    [Fact]
    public async Task A_history_made_through_the_api_gives_the_hand_counted_figures_on_both_sides()
    {
        var (alpha, beta, gamma) = await HistoryAsync();

        var insights = await InsightsAsync(ReferrerOwner);
        insights.GetProperty("days").GetInt32().ShouldBe(90);
        insights.GetProperty("partner").ValueKind.ShouldBe(JsonValueKind.Null); // Northwind only refers
        var referrer = insights.GetProperty("referrer");
        // Three posted: A matched; B and C ran out of partners.
        var referrals = referrer.GetProperty("referrals");
        (referrals.GetProperty("posted").GetInt32(), referrals.GetProperty("matched").GetInt32(), referrals.GetProperty("unmatched").GetInt32())
            .ShouldBe((3, 1, 2));
        // A was accepted within seconds of posting.
        var toMatch = referrer.GetProperty("timeToMatch");
        toMatch.GetProperty("buckets")[0].GetProperty("count").GetInt32().ShouldBe(1);
        toMatch.GetProperty("medianMinutes").GetInt64().ShouldBeLessThan(60);
        // A today, its latest start weeks away: 1 in time of 3 with a known outcome.
        var byLatest = referrer.GetProperty("matchedByLatestStart");
        (byLatest.GetProperty("count").GetInt32(), byLatest.GetProperty("of").GetInt32()).ShouldBe((1, 3));

        // Offers: Alpha A (accepted), B (declined), C (expired); Beta B and C (declined).
        var partners = referrer.GetProperty("partners").EnumerateArray().ToList();
        partners.Select(p => (p.GetProperty("firmId").GetGuid(), p.GetProperty("name").GetString())).ShouldBe([(alpha, "Alpha SQL"), (beta, "Beta SQL")]);
        Tally(partners[0].GetProperty("offers")).ShouldBe((3, 1, 1, 1));
        Share(partners[0].GetProperty("answeredInTime")).ShouldBe((2, 3));
        Share(partners[0].GetProperty("acceptance")).ShouldBe((1, 3));
        Tally(partners[1].GetProperty("offers")).ShouldBe((2, 0, 2, 0));
        Share(partners[1].GetProperty("answeredInTime")).ShouldBe((2, 2));
        // Beta's two spellings are one reason.
        Reasons(partners[1]).ShouldBe([("Not our kind of work", 2)]);
        Reasons(referrer).ShouldBe([("Not our kind of work", 2), ("Fully booked", 1)]);

        // B and C: Gamma at level 4 would have taken either.
        var unmatched = referrer.GetProperty("unmatched");
        unmatched.GetProperty("referrals").GetInt32().ShouldBe(2);
        unmatched.GetProperty("wouldHaveHelped").EnumerateArray().Select(h => (h.GetProperty("kind").GetString(), h.GetProperty("referrals").GetInt32()))
            .ShouldBe([("level", 2)]);

        // A's fee: 10 % of 10,000 USD, settled this month.
        var fee = referrer.GetProperty("fees").EnumerateArray().Single();
        (fee.GetProperty("month").GetString(), fee.GetProperty("counterparty").GetString(), fee.GetProperty("currency").GetString(),
            fee.GetProperty("settled").GetDecimal(), fee.GetProperty("pending").GetDecimal()).ShouldBe(($"{DateTime.UtcNow:yyyy-MM}", "Alpha SQL", "USD", 1000m, 0m));
        referrer.ToString().ShouldNotContain("Contoso"); // the (confidential) client is never named

        // Alpha's mirror: 3 received, 2 answered in time, 1 accepted; it owes Northwind the 1,000 USD. Nothing of Beta.
        var alphaView = await InsightsAsync(Market.Token(alpha));
        alphaView.GetProperty("referrer").ValueKind.ShouldBe(JsonValueKind.Null);
        var mirror = alphaView.GetProperty("partner");
        Tally(mirror.GetProperty("offers")).ShouldBe((3, 1, 1, 1));
        (Share(mirror.GetProperty("answeredInTime")), Share(mirror.GetProperty("acceptance"))).ShouldBe(((2, 3), (1, 3)));
        var owed = mirror.GetProperty("fees").EnumerateArray().Single();
        (owed.GetProperty("counterpartyFirmId").GetGuid(), owed.GetProperty("counterparty").GetString(), owed.GetProperty("settled").GetDecimal())
            .ShouldBe((Referrer, "Northwind IT", 1000m));
        foreach (var (view, others) in new[] { (alphaView, new[] { "Beta", beta.ToString(), "kind of work" }), (await InsightsAsync(Market.Token(beta)), new[] { "Alpha", alpha.ToString(), "Fully booked" }) })
        {
            foreach (var other in others.Append("Contoso").Append(gamma.ToString()))
            {
                view.ToString().ShouldNotContain(other);
            }
        }

        // Gamma was never offered anything: no figures at all.
        var gammaView = await InsightsAsync(Market.Token(gamma));
        (gammaView.GetProperty("referrer").ValueKind, gammaView.GetProperty("partner").ValueKind).ShouldBe((JsonValueKind.Null, JsonValueKind.Null));
    }

    [Fact]
    public async Task Isolation_matrix_each_role_sees_its_own_firms_figures_another_firm_none_and_anonymous_forged_or_expired_tokens_401()
    {
        var (alpha, beta, _) = await HistoryAsync();
        var ownReferrerSide = (await InsightsAsync(ReferrerOwner)).GetProperty("referrer").ToString();
        var ownAlphaSide = (await InsightsAsync(Market.Token(alpha))).GetProperty("partner").ToString();

        // Every role of the firm reads the firm's own figures, the same ones; none of its roles changes whose they are.
        var mismatches = new List<string>();
        foreach (var role in new[] { "Owner", "Dispatcher", "Engineer", "Machine" })
        {
            var (status, body) = await Client.SendAsync(HttpMethod.Get, "/api/matching/insights", TestTokens.For(Referrer, role));
            if (status != HttpStatusCode.OK || JsonDocument.Parse(body).RootElement.GetProperty("referrer").ToString() != ownReferrerSide)
            {
                mismatches.Add($"referrer's {role}: {(int)status}");
            }
            (status, body) = await Client.SendAsync(HttpMethod.Get, "/api/matching/insights", TestTokens.For(alpha, role));
            if (status != HttpStatusCode.OK || JsonDocument.Parse(body).RootElement.GetProperty("partner").ToString() != ownAlphaSide)
            {
                mismatches.Add($"Alpha's {role}: {(int)status}");
            }
        }
        mismatches.ShouldBeEmpty();

        // Another firm, whatever its role (the operator too), gets only its own figures: none, and nothing of the others'.
        foreach (var token in new[] { TestTokens.For(Guid.NewGuid(), "Owner"), TestTokens.For(Guid.NewGuid(), "Engineer"), TestTokens.For(Guid.NewGuid(), "Admin") })
        {
            var other = await InsightsAsync(token);
            (other.GetProperty("referrer").ValueKind, other.GetProperty("partner").ValueKind).ShouldBe((JsonValueKind.Null, JsonValueKind.Null));
            foreach (var secret in new[] { Referrer.ToString(), alpha.ToString(), beta.ToString(), "Alpha SQL", "Northwind" })
            {
                other.ToString().ShouldNotContain(secret);
            }
        }

        // No token, a token signed with another key, an expired one: 401 as problem details, whatever days says.
        foreach (var (who, token) in new[] { ("anonymous", null), ("forged", TestTokens.Forged(Referrer, "Owner")), ("expired", TestTokens.Expired(Referrer, "Owner")) })
        {
            foreach (var url in new[] { "/api/matching/insights", "/api/matching/insights?days=30", "/api/matching/insights?days=bad" })
            {
                (await Client.StatusAsync(HttpMethod.Get, url, token)).ShouldBe(HttpStatusCode.Unauthorized, $"{who} {url}");
            }
        }
    }

    [Fact]
    public async Task Bad_days_are_a_400_problem_naming_the_field_and_the_bounds_themselves_are_answered()
    {
        var wrong = new List<string>();
        foreach (var days in new[] { "", "6", "366", "0", "-90", "90.5", "1e2", "%2090", "99999999999999999999999999", "ninety", "90&days=30", new string('9', 4_000) })
        {
            var (status, body) = await Client.SendAsync(HttpMethod.Get, $"/api/matching/insights?days={days}", ReferrerOwner);
            if (status != HttpStatusCode.BadRequest || !body.Contains("\"days\":[\"days must be a whole number from 7 to 365.\"]", StringComparison.Ordinal))
            {
                wrong.Add($"days={days[..Math.Min(days.Length, 20)]}: {(int)status} {body[..Math.Min(body.Length, 200)]}");
            }
        }
        wrong.ShouldBeEmpty();
        (await Client.StatusAsync(HttpMethod.Get, "/api/matching/insights?days=x", ReferrerOwner)).ShouldBe(HttpStatusCode.BadRequest); // as problem+json
        foreach (var days in new[] { 7, 365 })
        {
            (await InsightsAsync(ReferrerOwner, $"?days={days}")).GetProperty("days").GetInt32().ShouldBe(days);
        }
    }

    private static (int Made, int Accepted, int Declined, int Expired) Tally(JsonElement t) =>
        (t.GetProperty("made").GetInt32(), t.GetProperty("accepted").GetInt32(), t.GetProperty("declined").GetInt32(), t.GetProperty("expired").GetInt32());

    private static (int Count, int Of) Share(JsonElement rate) => (rate.GetProperty("count").GetInt32(), rate.GetProperty("of").GetInt32());

    private static List<(string?, int)> Reasons(JsonElement side) =>
        [.. side.GetProperty("declineReasons").EnumerateArray().Select(r => (r.GetProperty("reason").GetString(), r.GetProperty("count").GetInt32()))];
}
