using System.Text.Json.Nodes;
using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Marketplace.Matching.Capacity;
using Marketplace.Matching.Data;
using Marketplace.Matching.Offers;
using Marketplace.Matching.Partners;
using Marketplace.Matching.Skills;
using Marketplace.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using Shouldly;

namespace Marketplace.Matching.Tests;

/// <summary>Matching's API on a real database, with Catalog and Scheduling faked on a loopback socket.</summary>
public sealed class ReferralFlowTests : MatchingApiTest
{
    private static readonly Guid Referrer = Guid.NewGuid();
    private const string ReferrerOwnerSubject = "referrer-owner-7f3a";
    private static readonly string ReferrerOwner = TestTokens.For(Referrer, "Owner", ReferrerOwnerSubject);
    private static readonly LocalDate ThisMonday = Calendar.WorkingWeek.WeekStart(SystemClock.Instance.GetCurrentInstant().InUtc().Date);
    private static readonly LocalDate NextMonday = ThisMonday.PlusWeeks(1);

    public static Dictionary<string, string?> Settings(string neighbours, string? scheduling = null) => new()
    {
        ["Services:catalog"] = neighbours,
        ["Services:scheduling"] = scheduling ?? neighbours,
        ["Resilience:Retry:MaxRetryAttempts"] = "1",
        ["Resilience:Retry:Delay"] = "00:00:00.050",
        ["Matching:OfferDeadlineInterval"] = "01:00:00", // tests run the jobs themselves
        ["Matching:PendingStepInterval"] = "01:00:00",
    };

    private Task<Guid> PartnerAsync(string name, int sqlLevel, bool partnered = false, string? holidayCountry = null, string? holidayRegion = null) =>
        Market.SeedPartnerAsync(Service.Services, new(name) { SqlLevel = sqlLevel, Terms = partnered ? PartnershipTerms.Standard : null, HolidayCountry = holidayCountry, HolidayRegion = holidayRegion }, Neighbours, Referrer);

    private static object Referral(int waveSize = 3, string skill = "sql-server", int minLevel = 4, string mode = "HandOff", DateOnly? earliest = null,
        DateOnly? latest = null) => new
    {
        summary = "Tune a slow SQL Server for a 40-user accounting firm", skills = new[] { new { skillId = skill, minLevel } },
        effortHours = 30, hoursPerWeek = 10, earliestStart = earliest ?? NextMonday.ToDateOnly(), latestStart = latest ?? NextMonday.PlusWeeks(3).ToDateOnly(),
        clientTimeZone = "America/New_York", clientName = "Contoso Accounting", engagementMode = mode, urgency = "Normal", waveSize,
    };

    /// <summary>Posts a one-partner referral and takes it to Confirmed; returns its id.</summary>
    private async Task<Guid> ConfirmedAsync(Guid partner, string mode = "HandOff")
    {
        var id = (await Client.CallAsync(HttpMethod.Post, "/api/matching/referrals", ReferrerOwner, Referral(waveSize: 1, mode: mode), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var token = TestTokens.For(partner, "Owner");
        var offer = (await Client.CallAsync(HttpMethod.Get, "/api/matching/offers", token, null, HttpStatusCode.OK)).EnumerateArray().Single(o => o.GetProperty("referralId").GetGuid() == id);
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{offer.GetProperty("offerId").GetGuid()}/accept", token, null, HttpStatusCode.OK);
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/confirm", ReferrerOwner, null, HttpStatusCode.OK);
        return id;
    }

    /// <summary>A confirmed referral whose partner says the work has started (before the planned start day, by agreement): it may be completed.</summary>
    private async Task<Guid> StartedAsync(Guid partner)
    {
        var id = await ConfirmedAsync(partner);
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/start", TestTokens.For(partner, "Owner"), null, HttpStatusCode.OK);
        return id;
    }

    [Fact]
    public async Task A_referral_is_not_completed_before_the_work_started_and_says_so_with_the_stable_conflict_type()
    {
        var partner = await PartnerAsync("Not Yet Started SQL", 5, partnered: true);
        var id = await ConfirmedAsync(partner);
        var confirmed = await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{id}", ReferrerOwner, null, HttpStatusCode.OK);
        confirmed.GetProperty("plannedStart").GetString().ShouldBe($"{NextMonday:yyyy-MM-dd}"); // in the future: nothing has started
        confirmed.GetProperty("canComplete").GetBoolean().ShouldBeFalse();

        var refused = await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/complete", ReferrerOwner, new { jobValue = 1000m, currency = "USD" }, HttpStatusCode.Conflict);
        refused.GetProperty("type").GetString().ShouldBe("https://marketplace.local/problems/state-conflict");
        refused.GetProperty("detail").GetString()!.ShouldStartWith("Cannot complete a referral before the work started: it is planned to start ");
        (await Client.CallAsync(HttpMethod.Get, "/api/matching/fees", ReferrerOwner, null, HttpStatusCode.OK)).GetProperty("entries").GetArrayLength().ShouldBe(0);
        (await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{id}", ReferrerOwner, null, HttpStatusCode.OK)).GetProperty("status").GetString().ShouldBe("Confirmed");

        // The partner says work has started: the referrer may now complete (the partner itself never may).
        var partnerOwner = TestTokens.For(partner, "Owner");
        var started = await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/start", partnerOwner, null, HttpStatusCode.OK);
        started.GetProperty("canComplete").GetBoolean().ShouldBeFalse(); // as the partner sees it: not its step
        (await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{id}", ReferrerOwner, null, HttpStatusCode.OK)).GetProperty("canComplete").GetBoolean().ShouldBeTrue();
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/complete", partnerOwner, new { jobValue = 1000m, currency = "USD" }, HttpStatusCode.NotFound);
        var done = await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/complete", ReferrerOwner, new { jobValue = 1000m, currency = "USD" }, HttpStatusCode.OK);
        (done.GetProperty("status").GetString(), done.GetProperty("canComplete").GetBoolean()).ShouldBe(("Completed", false));
    }

    [Fact]
    public async Task Isolation_matrix_another_firm_each_role_anonymous_and_forged_tokens_on_every_referral_fee_and_link_endpoint()
    {
        var partner = await PartnerAsync("Isolated Partner", 5, partnered: true);
        var id = await StartedAsync(partner);
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/complete", ReferrerOwner, new { jobValue = 1000m, currency = "USD" }, HttpStatusCode.OK);
        var link = (await Client.CallAsync(HttpMethod.Post, "/api/matching/availability-links", ReferrerOwner, new { skillId = "sql-server", hoursPerWeek = 10 }, HttpStatusCode.Created))
            .GetProperty("id").GetGuid();
        var offer = (await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{id}/offers", ReferrerOwner, null, HttpStatusCode.OK))[0].GetProperty("offerId").GetGuid();
        var other = TestTokens.For(Guid.NewGuid(), "Owner");
        var referrerEngineer = TestTokens.For(Referrer, "Engineer");
        var partnerEngineer = TestTokens.For(partner, "Engineer");
        var partnerDispatcher = TestTokens.For(partner, "Dispatcher");
        const HttpStatusCode ok = HttpStatusCode.OK, none = HttpStatusCode.NotFound, no = HttpStatusCode.Forbidden;

        // (method, url, body, another firm's Owner, the acting firm's Engineer, its Dispatcher where the row differs from the Owner)
        var rows = new (HttpMethod Method, string Url, object? Body, HttpStatusCode Other, string Engineer, HttpStatusCode AsEngineer, string? Extra, HttpStatusCode AsExtra)[]
        {
            (HttpMethod.Get, $"/api/matching/referrals/{id}", null, none, referrerEngineer, ok, null, ok),
            (HttpMethod.Get, $"/api/matching/referrals/{id}/candidates", null, none, referrerEngineer, ok, null, ok),
            (HttpMethod.Get, $"/api/matching/referrals/{id}/timeline", null, none, referrerEngineer, ok, partnerEngineer, ok),
            (HttpMethod.Post, $"/api/matching/referrals/{id}/cancel", new { reason = "x" }, none, referrerEngineer, no, null, ok),
            (HttpMethod.Post, $"/api/matching/referrals/{id}/complete", new { jobValue = 1, currency = "USD" }, none, referrerEngineer, no, null, ok),
            (HttpMethod.Post, $"/api/matching/fees/{id}/confirm", null, none, partnerEngineer, no, partnerDispatcher, no),
            (HttpMethod.Post, $"/api/matching/fees/{id}/dispute", new { reason = "x" }, none, partnerEngineer, no, partnerDispatcher, no),
            (HttpMethod.Post, $"/api/matching/fees/{id}/settle", new { jobValue = 1, note = "x" }, no, partnerEngineer, no, ReferrerOwner, no),
            (HttpMethod.Get, "/api/matching/fees/disputes", null, no, referrerEngineer, no, ReferrerOwner, no),
            (HttpMethod.Delete, $"/api/matching/availability-links/{link}", null, none, referrerEngineer, no, null, ok),
            // An offer's questions: the two firms read them; on an accepted offer nobody asks or extends any more.
            (HttpMethod.Get, $"/api/matching/offers/{offer}/questions", null, none, referrerEngineer, ok, partnerEngineer, ok),
            (HttpMethod.Get, $"/api/matching/referrals/{id}/offers", null, none, referrerEngineer, ok, partnerEngineer, ok),
            (HttpMethod.Post, $"/api/matching/offers/{offer}/questions", new { text = "x" }, none, partnerEngineer, no, partnerDispatcher, HttpStatusCode.Conflict),
            (HttpMethod.Post, $"/api/matching/offers/{offer}/extend", new { businessHours = 1 }, none, referrerEngineer, no, ReferrerOwner, HttpStatusCode.Conflict),
            // Asking the next wave early and reposting: the referrer's owner or dispatcher, and a completed referral takes neither.
            (HttpMethod.Post, $"/api/matching/referrals/{id}/next-wave", null, none, referrerEngineer, no, ReferrerOwner, HttpStatusCode.Conflict),
            (HttpMethod.Post, $"/api/matching/referrals/{id}/repost", new { change = "WidenWindow" }, none, referrerEngineer, no, ReferrerOwner, HttpStatusCode.Conflict),
            (HttpMethod.Post, $"/api/matching/referrals/{id}/repost", new { change = "WidenWindow" }, none, partnerEngineer, none, TestTokens.For(partner, "Owner"), none),
            // The inbox's counts and "seen" mark: every member its own firm's and its own.
            (HttpMethod.Get, "/api/matching/offers/counts", null, ok, partnerEngineer, ok, null, ok),
            (HttpMethod.Post, "/api/matching/offers/read", new { }, HttpStatusCode.NoContent, partnerEngineer, HttpStatusCode.NoContent, null, ok),
        };
        var mismatches = new List<string>();
        foreach (var row in rows)
        {
            var checks = new List<(string Who, string? Token, HttpStatusCode Expected)>
            {
                ("other firm", other, row.Other), ("own engineer", row.Engineer, row.AsEngineer), ("anonymous", null, HttpStatusCode.Unauthorized),
                ("forged", TestTokens.Forged(Referrer, "Owner"), HttpStatusCode.Unauthorized), ("expired", TestTokens.Expired(partner, "Owner"), HttpStatusCode.Unauthorized),
            };
            if (row.Extra is not null)
            {
                checks.Add(("extra role", row.Extra, row.AsExtra));
            }
            foreach (var (who, token, expected) in checks)
            {
                var status = await Client.StatusAsync(row.Method, row.Url, token, row.Body);
                if (status != expected) mismatches.Add($"{who} {row.Method} {row.Url}: {(int)status}, expected {(int)expected}");
            }
        }
        mismatches.ShouldBeEmpty();

        // Lists are the caller's own: another firm's show nothing of the victim's.
        foreach (var url in new[] { "/api/matching/fees", "/api/matching/fees/export.csv", "/api/matching/availability-links", "/api/matching/referrals", "/api/matching/offers",
            "/api/matching/insights", "/api/matching/offers/counts" })
        {
            var (status, body) = await Client.SendAsync(HttpMethod.Get, url, other);
            status.ShouldBe(HttpStatusCode.OK, url);
            body.ShouldNotContain(id.ToString(), customMessage: url);
            body.ShouldNotContain(link.ToString(), customMessage: url);
            body.ShouldNotContain(partner.ToString(), customMessage: url);
        }
        // Nothing above changed the victim's referral or fee.
        (await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{id}", ReferrerOwner, null, HttpStatusCode.OK)).GetProperty("status").GetString().ShouldBe("Completed");
        (await Client.CallAsync(HttpMethod.Get, "/api/matching/fees", ReferrerOwner, null, HttpStatusCode.OK)).GetProperty("pending").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task A_disputed_job_value_never_enters_the_settled_balance_until_the_operator_settles_it()
    {
        var partner = await PartnerAsync("Disputing SQL", 5, partnered: true);
        var id = await StartedAsync(partner);
        var partnerOwner = TestTokens.For(partner, "Owner");
        var operatorToken = TestTokens.For(Guid.NewGuid(), "Admin");
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/complete", ReferrerOwner, new { jobValue = 100_000_000m, currency = "EUR" }, HttpStatusCode.OK);

        await Client.CallAsync(HttpMethod.Post, $"/api/matching/fees/{id}/dispute", partnerOwner, new { reason = "" }, HttpStatusCode.BadRequest);
        var disputed = await Client.CallAsync(HttpMethod.Post, $"/api/matching/fees/{id}/dispute", partnerOwner, new { reason = "The invoice says 8,000 EUR" }, HttpStatusCode.OK);
        disputed.GetProperty("status").GetString().ShouldBe("Disputed");
        foreach (var token in new[] { ReferrerOwner, partnerOwner })
        {
            var ledger = await Client.CallAsync(HttpMethod.Get, "/api/matching/fees", token, null, HttpStatusCode.OK);
            ledger.GetProperty("balances").GetArrayLength().ShouldBe(0);
            ledger.GetProperty("disputed").GetArrayLength().ShouldBe(1);
        }
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/fees/{id}/confirm", partnerOwner, null, HttpStatusCode.Conflict); // disputed: the operator decides
        await Client.CallAsync(HttpMethod.Get, "/api/matching/fees/disputes", ReferrerOwner, null, HttpStatusCode.Forbidden);
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/fees/{id}/settle", ReferrerOwner, new { jobValue = 1, note = "mine" }, HttpStatusCode.Forbidden);
        var queue = await Client.CallAsync(HttpMethod.Get, "/api/matching/fees/disputes", operatorToken, null, HttpStatusCode.OK);
        var item = queue.EnumerateArray().Single(d => d.GetProperty("fee").GetProperty("referralId").GetGuid() == id);
        (item.GetProperty("partnerName").GetString(), item.GetProperty("fee").GetProperty("disputeReason").GetString()).ShouldBe(("Disputing SQL", "The invoice says 8,000 EUR"));

        await Client.CallAsync(HttpMethod.Post, $"/api/matching/fees/{id}/settle", operatorToken, new { jobValue = 1e15m, note = "x" }, HttpStatusCode.BadRequest);
        var settled = await Client.CallAsync(HttpMethod.Post, $"/api/matching/fees/{id}/settle", operatorToken, new { jobValue = 8_000m, note = "Invoice checked" }, HttpStatusCode.OK);
        (settled.GetProperty("status").GetString(), settled.GetProperty("amount").GetDecimal(), settled.GetProperty("currency").GetString()).ShouldBe(("Settled", 800m, "EUR"));
        (await Client.CallAsync(HttpMethod.Get, "/api/matching/fees", ReferrerOwner, null, HttpStatusCode.OK))
            .GetProperty("balances").EnumerateArray().Single().GetProperty("balance").GetDecimal().ShouldBe(800m);
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/fees/{id}/settle", operatorToken, new { jobValue = 9_000m, note = "again" }, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task White_label_work_never_names_the_partner_to_the_client_and_a_partner_sees_no_other_partners_steps()
    {
        await using (var scope = Service.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MatchingDbContext>();
            db.Partners.Add(new Partner { FirmId = Referrer, Name = "Northwind IT", TimeZone = "America/New_York", TakesReferrals = false });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        Market.Written(Service.Services);
        var decliner = await PartnerAsync("Hidden Decliner", 5, partnered: true);
        var partner = await PartnerAsync("Hidden Partner Ltd", 5);
        var id = (await Client.CallAsync(HttpMethod.Post, "/api/matching/referrals", ReferrerOwner, Referral(waveSize: 1, mode: "WhiteLabel"), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        foreach (var (firm, answer) in new[] { (decliner, "decline"), (partner, "accept") })
        {
            var token = TestTokens.For(firm, "Owner");
            var offer = (await Client.CallAsync(HttpMethod.Get, "/api/matching/offers", token, null, HttpStatusCode.OK)).EnumerateArray().Single();
            await Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{offer.GetProperty("offerId").GetGuid()}/{answer}", token,
                answer == "decline" ? new { reason = "Secret reason of the decliner" } : null, HttpStatusCode.OK);
        }
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/confirm", ReferrerOwner, null, HttpStatusCode.OK);
        var url = (await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/share-links", ReferrerOwner, new { days = 14 }, HttpStatusCode.Created)).GetProperty("url").GetString()!;

        var status = await Client.CallAsync(HttpMethod.Get, url, null, null, HttpStatusCode.OK);
        status.ToString().ShouldNotContain("Hidden Partner");
        status.GetProperty("headline").GetString()!.ShouldStartWith("Northwind IT starts ");
        status.GetProperty("referrerName").GetString().ShouldBe("Northwind IT");

        var seen = (await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{id}/timeline", TestTokens.For(partner, "Owner"), null, HttpStatusCode.OK)).ToString();
        seen.ShouldNotContain("Secret reason");
        seen.ShouldNotContain("declined");
        seen.ShouldNotContain(ReferrerOwnerSubject);
        (await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{id}/timeline", ReferrerOwner, null, HttpStatusCode.OK)).ToString().ShouldContain("Secret reason of the decliner");
    }

    private async Task<string> OutboxAsync() => (await Service.Db.ScalarAsync<string>("""
        SELECT string_agg(substring("MessageType" from 'Contracts\.(.*)'), ',' ORDER BY "Sequence") FROM "OutboxMessages"
        """))!;

    [Fact]
    public async Task The_whole_story_post_explained_candidates_offers_accept_hold_confirm_complete_and_fee()
    {
        var partner = await PartnerAsync("Partner SQL", 5, partnered: true);
        var directory = await PartnerAsync("Directory SQL", 5);
        await PartnerAsync("Junior SQL", 3);

        var posted = await Client.CallAsync(HttpMethod.Post, "/api/matching/referrals", ReferrerOwner, Referral(), HttpStatusCode.Created);
        posted.GetProperty("status").GetString().ShouldBe("Offering");
        var id = posted.GetProperty("id").GetGuid();

        var candidates = await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{id}/candidates", ReferrerOwner, null, HttpStatusCode.OK);
        var ranked = candidates.GetProperty("candidates").EnumerateArray().ToList();
        ranked.Select(c => c.GetProperty("firmId").GetGuid()).ShouldBe([partner, directory]);
        ranked[0].GetProperty("startConfirmed").GetBoolean().ShouldBeTrue();
        ranked[0].GetProperty("offer").GetString().ShouldBe("Open");
        ranked[0].GetProperty("explanation").GetArrayLength().ShouldBe(6);
        candidates.GetProperty("nearMisses")[0].GetProperty("reasons")[0].GetString().ShouldBe("level 3 < 4 in SQL Server");

        // The partner's inbox: the offer with time left, the confidential client not named.
        var partnerOwner = TestTokens.For(partner, "Owner");
        var inbox = await Client.CallAsync(HttpMethod.Get, "/api/matching/offers", partnerOwner, null, HttpStatusCode.OK);
        var offer = inbox.EnumerateArray().Single();
        offer.GetProperty("minutesLeft").GetInt64().ShouldBeGreaterThan(0);
        offer.GetProperty("clientName").ValueKind.ShouldBe(JsonValueKind.Null);
        // The terms accepting binds both firms to: the agreement version in force when the offer was made.
        var terms = offer.GetProperty("terms");
        (terms.GetProperty("agreementVersion").GetInt32(), terms.GetProperty("feeKind").GetString(), terms.GetProperty("feePercent").GetDecimal()).ShouldBe((1, "Percent", 10m));
        terms.GetProperty("summary").GetString()!.ShouldStartWith("Agreement v1: 10 % of the job value to the referrer");
        // Confidential: nothing names the referrer before the partner accepts, not even the partnership's id (the
        // partner's own list of partnerships would say whose it is).
        terms.GetProperty("partnershipId").ValueKind.ShouldBe(JsonValueKind.Null);
        offer.GetProperty("referrerName").ValueKind.ShouldBe(JsonValueKind.Null);
        inbox.GetRawText().ShouldNotContain(Referrer.ToString());

        var accepted = await Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{offer.GetProperty("offerId").GetGuid()}/accept", partnerOwner, null, HttpStatusCode.OK);
        accepted.GetProperty("status").GetString().ShouldBe("Accepted");
        accepted.GetProperty("clientName").GetString().ShouldBe("Contoso Accounting");
        var hold = Neighbours.Holds.Single();
        (hold.Referral, hold.Hours, hold.FirstWeek, hold.Weeks).ShouldBe((id, 10, NextMonday.ToDateOnly(), 3));
        (await Client.CallAsync(HttpMethod.Get, "/api/matching/offers", TestTokens.For(directory, "Owner"), null, HttpStatusCode.OK)).GetArrayLength().ShouldBe(0);

        var confirmed = await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/confirm", ReferrerOwner, null, HttpStatusCode.OK);
        confirmed.GetProperty("status").GetString().ShouldBe("Confirmed");
        confirmed.GetProperty("plannedStart").GetString().ShouldBe($"{NextMonday:yyyy-MM-dd}");
        Neighbours.Confirmed.ShouldBe([hold.HoldId]);

        // The client's link: plain language in the client's zone (New York), no account; revocable.
        var link = await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/share-links", ReferrerOwner, new { days = 14 }, HttpStatusCode.Created);
        var url = link.GetProperty("url").GetString()!;
        url.Length.ShouldBeGreaterThan("/status/".Length + 40); // 256 random bits, base64url
        var status = await Client.CallAsync(HttpMethod.Get, url, null, null, HttpStatusCode.OK);
        var day = System.Globalization.CultureInfo.InvariantCulture;
        status.GetProperty("headline").GetString().ShouldBe(
            $"Partner SQL starts {NextMonday.ToString("ddd d MMM yyyy", day)}, about 10 h a week, expected done by {NextMonday.PlusWeeks(2).PlusDays(4).ToString("d MMM", day)}.");
        status.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("what").GetString()).ShouldBe(["Specialists asked", "A specialist accepted", "Start confirmed"]);
        await Client.CallAsync(HttpMethod.Get, "/status/" + new string('x', 43), null, null, HttpStatusCode.NotFound);
        await Client.CallAsync(HttpMethod.Delete, $"/api/matching/referrals/{id}/share-links/{link.GetProperty("id").GetGuid()}", ReferrerOwner, null, HttpStatusCode.NoContent);
        await Client.CallAsync(HttpMethod.Get, url, null, null, HttpStatusCode.NotFound);

        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/start", ReferrerOwner, null, HttpStatusCode.NotFound); // the partner says so
        (await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/start", partnerOwner, null, HttpStatusCode.OK)).GetProperty("status").GetString().ShouldBe("InProgress");
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/complete", ReferrerOwner, new { jobValue = 12_500m, currency = "USDX" }, HttpStatusCode.BadRequest);
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/complete", ReferrerOwner, new { jobValue = 1e15m, currency = "USD" }, HttpStatusCode.BadRequest);
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/complete", ReferrerOwner, new { jobValue = 12_500m, currency = "USD" }, HttpStatusCode.OK);
        // The referrer's word alone is pending: nothing in the settled balance until the partner confirms.
        var pending = await Client.CallAsync(HttpMethod.Get, "/api/matching/fees", ReferrerOwner, null, HttpStatusCode.OK);
        pending.GetProperty("balances").GetArrayLength().ShouldBe(0);
        pending.GetProperty("pending")[0].GetProperty("balance").GetDecimal().ShouldBe(1250m);
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/fees/{id}/confirm", ReferrerOwner, null, HttpStatusCode.Conflict); // not the referrer's to confirm
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/fees/{id}/confirm", TestTokens.For(partner, "Dispatcher"), null, HttpStatusCode.Forbidden);
        (await Client.CallAsync(HttpMethod.Post, $"/api/matching/fees/{id}/confirm", partnerOwner, null, HttpStatusCode.OK)).GetProperty("status").GetString().ShouldBe("Settled");
        var fees = await Client.CallAsync(HttpMethod.Get, "/api/matching/fees", ReferrerOwner, null, HttpStatusCode.OK);
        var balance = fees.GetProperty("balances").EnumerateArray().Single();
        (balance.GetProperty("counterpartyFirmId").GetGuid(), balance.GetProperty("balance").GetDecimal(), balance.GetProperty("currency").GetString()).ShouldBe((partner, 1250m, "USD"));
        (await Client.CallAsync(HttpMethod.Get, "/api/matching/fees", partnerOwner, null, HttpStatusCode.OK))
            .GetProperty("balances")[0].GetProperty("balance").GetDecimal().ShouldBe(-1250m);

        using var export = Accounts.Authorized(HttpMethod.Get, "/api/matching/fees/export.csv", ReferrerOwner);
        using var exported = await Client.SendAsync(export, TestContext.Current.CancellationToken);
        exported.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var csv = await exported.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ShouldBe(["month,counterparty_firm_id,counterparty,currency,referrals,amount",
            $"{DateTime.UtcNow:yyyy-MM},{partner},Partner SQL,USD,1,1250.00"]);

        var timeline = await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{id}/timeline", ReferrerOwner, null, HttpStatusCode.OK);
        timeline.EnumerateArray().Select(t => t.GetProperty("to").GetString()).Distinct().ShouldBe(["Posted", "Offering", "Accepted", "Confirmed", "InProgress", "Completed"]);
        (await OutboxAsync()).ShouldBe("ReferralPosted,OfferMade,OfferMade,OfferAccepted,ReferralMatched,ReferralCompleted");
    }

    [Fact]
    public async Task A_retried_post_with_the_same_idempotency_key_makes_one_referral_and_a_different_body_with_it_is_422()
    {
        await PartnerAsync("A", 5);
        await PartnerAsync("B", 5);
        var key = Guid.NewGuid().ToString();
        async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(object body)
        {
            using var request = Accounts.Authorized(HttpMethod.Post, "/api/matching/referrals", ReferrerOwner);
            request.Headers.Add("Idempotency-Key", key);
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
            using var response = await Client.SendAsync(request);
            return (response.StatusCode, await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<JsonElement>(response.Content));
        }

        // At the same moment: one makes the referral; the others replay it, or hear it is still in progress (409).
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostAsync(Referral())));
        answers.ShouldAllBe(a => a.Status == HttpStatusCode.Created || a.Status == HttpStatusCode.Conflict);
        answers.Where(a => a.Status == HttpStatusCode.Conflict).ShouldAllBe(a => a.Body.GetProperty("type").GetString()!.EndsWith("idempotency-key-in-progress"));
        var made = answers.Where(a => a.Status == HttpStatusCode.Created).Select(a => a.Body.GetProperty("id").GetGuid()).Distinct().ToList();
        made.Count.ShouldBe(1);

        var retried = await PostAsync(Referral());
        (retried.Status, retried.Body.GetProperty("id").GetGuid()).ShouldBe((HttpStatusCode.Created, made[0]));
        var reused = await PostAsync(Referral(waveSize: 1));
        reused.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        reused.Body.GetProperty("detail").GetString()!.ShouldContain(key);

        (await Service.Db.ScalarAsync<long>("""SELECT count(*) FROM "Referrals" """)).ShouldBe(1);
        (await Service.Db.ScalarAsync<long>("""SELECT count(*) FROM "OutboxMessages" WHERE "MessageType" LIKE '%OfferMade'""")).ShouldBe(2);
    }

    [Fact]
    public async Task A_key_whose_request_was_refused_is_free_for_the_corrected_request()
    {
        await PartnerAsync("A", 5);
        var key = Guid.NewGuid().ToString();
        async Task<HttpStatusCode> PostAsync(object body)
        {
            using var request = Accounts.Authorized(HttpMethod.Post, "/api/matching/referrals", ReferrerOwner);
            request.Headers.Add("Idempotency-Key", key);
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
            using var response = await Client.SendAsync(request);
            return response.StatusCode;
        }
        (await PostAsync(Referral(minLevel: 9))).ShouldBe(HttpStatusCode.BadRequest);
        // Text PostgreSQL refuses (a NUL) fails only when stored: a 400 too, and the key is free again at once.
        (await PostAsync(new { summary = "Tune the server \u0000 now", skills = new[] { new { skillId = "sql-server", minLevel = 4 } }, effortHours = 30, hoursPerWeek = 10,
            earliestStart = NextMonday.ToDateOnly(), latestStart = NextMonday.PlusWeeks(3).ToDateOnly(), engagementMode = "HandOff" })).ShouldBe(HttpStatusCode.BadRequest);
        (await PostAsync(Referral())).ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Business_metrics_are_scrapeable_from_inside_the_cluster_but_not_through_a_proxy()
    {
        await PartnerAsync("Metered", 5);
        await Client.CallAsync(HttpMethod.Post, "/api/matching/referrals", ReferrerOwner, Referral(), HttpStatusCode.Created);
        string text = "";
        (await Eventually.TrueAsync(async () =>
        {
            text = await Client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
            return text.Contains("marketplace_referrals_posted_total", StringComparison.Ordinal) && text.Contains("marketplace_outbox_lag_seconds", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(15))).ShouldBeTrue(text);
        text.ShouldContain("marketplace_offers_total{otel_scope_name=\"Marketplace\",outcome=\"made\"}");
        // The framework's request latency, which operators chart, is there; per-request instruments nobody reads are not.
        text.ShouldContain("http_server_request_duration_seconds_bucket");
        text.ShouldNotContain("http_server_active_requests");
        text.ShouldNotContain("aspnetcore_routing_match_attempts");
        text.ShouldNotContain("aspnetcore_authorization_attempts");

        using var proxied = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        proxied.Headers.Add("X-Forwarded-For", "203.0.113.9");
        using var response = await Client.SendAsync(proxied, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Concurrent_accepts_have_exactly_one_winner_and_one_hold()
    {
        var partners = new[] { await PartnerAsync("A", 5), await PartnerAsync("B", 5), await PartnerAsync("C", 5) };
        var id = (await Client.CallAsync(HttpMethod.Post, "/api/matching/referrals", ReferrerOwner, Referral(), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var offers = new List<(Guid Offer, string Token)>();
        foreach (var p in partners)
        {
            var token = TestTokens.For(p, "Owner");
            offers.Add(((await Client.CallAsync(HttpMethod.Get, "/api/matching/offers", token, null, HttpStatusCode.OK))[0].GetProperty("offerId").GetGuid(), token));
        }

        var statuses = new ConcurrentBag<HttpStatusCode>();
        await Task.WhenAll(Enumerable.Range(0, 5).SelectMany(_ => offers).Select(async o =>
            statuses.Add(await Client.StatusAsync(HttpMethod.Post, $"/api/matching/offers/{o.Offer}/accept", o.Token))));

        statuses.Count(s => s == HttpStatusCode.OK).ShouldBe(1);
        statuses.Count(s => s == HttpStatusCode.Conflict).ShouldBe(14);
        Neighbours.Holds.Count.ShouldBe(1);
        (await Service.Db.ScalarAsync<long>($"""SELECT count(*) FROM "Offers" WHERE "ReferralId" = '{id}' AND "Status" = 'Accepted'""")).ShouldBe(1);
        (await Service.Db.ScalarAsync<long>($"""SELECT count(*) FROM "Offers" WHERE "ReferralId" = '{id}' AND "Status" = 'Withdrawn'""")).ShouldBe(2);
    }

    [Fact]
    public async Task Declines_bring_the_next_wave_and_running_out_is_unmatched_with_what_would_help()
    {
        var first = await PartnerAsync("First", 5, partnered: true);
        var second = await PartnerAsync("Second", 4);
        await PartnerAsync("Level Three", 3);
        var id = (await Client.CallAsync(HttpMethod.Post, "/api/matching/referrals", ReferrerOwner, Referral(waveSize: 1), HttpStatusCode.Created)).GetProperty("id").GetGuid();

        foreach (var p in new[] { first, second })
        {
            var token = TestTokens.For(p, "Owner");
            var offerId = (await Client.CallAsync(HttpMethod.Get, "/api/matching/offers", token, null, HttpStatusCode.OK)).EnumerateArray().Single().GetProperty("offerId").GetGuid();
            await Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{offerId}/decline", token, new { reason = "" }, HttpStatusCode.BadRequest);
            await Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{offerId}/decline", token, new { reason = "fully booked" }, HttpStatusCode.OK);
        }

        var referral = await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{id}", ReferrerOwner, null, HttpStatusCode.OK);
        (referral.GetProperty("status").GetString(), referral.GetProperty("wave").GetInt32()).ShouldBe(("Unmatched", 2));
        referral.GetProperty("unmatchedHelp")[0].GetString()!.ShouldStartWith("With level 3+ in SQL Server (instead of 4+): 1 partner");
        var unmatched = await Service.Db.ScalarAsync<string>("""SELECT "Body" FROM "OutboxMessages" WHERE "MessageType" LIKE '%ReferralUnmatched'""");
        using var body = JsonDocument.Parse(unmatched!);
        body.RootElement.GetProperty("why").GetString().ShouldBe("all 2 waves declined or expired");
        body.RootElement.GetProperty("help")[0].GetString().ShouldBe($"With level 3+ in SQL Server (instead of 4+): 1 partner, the soonest starting {NextMonday.ToString("ddd d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}.");
    }

    [Fact]
    public async Task Overdue_offers_expire_from_the_database_and_the_next_wave_is_due_in_the_partners_business_hours()
    {
        var first = await PartnerAsync("First", 5, partnered: true);
        var second = await PartnerAsync("Second in London", 5);
        // A window around the Friday the job runs at below: no wave goes out once the latest start has passed.
        var id = (await Client.CallAsync(HttpMethod.Post, "/api/matching/referrals", ReferrerOwner,
            Referral(waveSize: 1, earliest: new DateOnly(2027, 10, 25), latest: new DateOnly(2027, 11, 19)), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var due = Instant.FromDateTimeUtc(DateTime.SpecifyKind(await Service.Db.ScalarAsync<DateTime>($"""SELECT "DueAt" FROM "Offers" WHERE "ReferralId" = '{id}'"""), DateTimeKind.Utc));

        OfferDeadlineJob JobAt(Instant now) => Market.DeadlineJobAt(Service.Services, now.ToDateTimeOffset());
        (await JobAt(due - Duration.FromMinutes(1)).RunOnceAsync(TestContext.Current.CancellationToken)).ShouldBe(0);
        // Expired late on a Friday in London before the clocks go back: 1 h that day, 3 on Monday in GMT.
        var friday = Instant.FromUtc(2027, 10, 29, 15, 0); // Fri 29 Oct 2027 16:00 BST
        (await JobAt(friday).RunOnceAsync(TestContext.Current.CancellationToken)).ShouldBe(1);
        (await JobAt(friday).RunOnceAsync(TestContext.Current.CancellationToken)).ShouldBe(0);

        var offers = await Service.Db.ScalarAsync<string>($"""
            SELECT string_agg("Status" || ':' || to_char("DueAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), ',' ORDER BY "Wave") FROM "Offers" WHERE "ReferralId" = '{id}'
            """);
        offers!.Split(',')[0].ShouldStartWith("Expired:");
        offers.Split(',')[1].ShouldBe("Open:2027-11-01 12:00"); // Mon 1 Nov 12:00 GMT, after the 31 Oct change
        (await OutboxAsync()).ShouldBe("ReferralPosted,OfferMade,OfferExpired,OfferMade");
        _ = (first, second);
    }

    [Fact]
    public async Task An_offer_before_Easter_in_London_is_due_in_business_hours_that_skip_Good_Friday_and_Easter_Monday()
    {
        await PartnerAsync("First", 5, partnered: true);
        await PartnerAsync("Second in London", 5, holidayCountry: "GB", holidayRegion: "ENG");
        // The next Easter at least two weeks away, so the first wave (made now) is overdue by then whatever year this runs in.
        var england = Calendar.ClosedDays.Of("GB", "ENG", null);
        var today = SystemClock.Instance.GetCurrentInstant().InUtc().Date;
        var goodFriday = Enumerable.Range(14, 400).Select(today.PlusDays).First(d => england.Why(d) == "Good Friday");
        var london = DateTimeZoneProviders.Tzdb["Europe/London"];
        Instant At(LocalDate day, int hour) => london.AtStrictly(day.At(new LocalTime(hour, 0))).ToInstant();
        var tuesday = goodFriday.PlusDays(4);

        // Expired at 16:00 on the Thursday before Easter: the second wave's 4 business hours are 1 h that day and 3 h on Tuesday.
        var beforeEaster = await SecondWaveDueAsync(At(goodFriday.PlusDays(-1), 16), tuesday);
        beforeEaster.ShouldBe(At(tuesday, 12));
        // Expired at 16:00 on Good Friday itself (closed): all 4 h on Tuesday.
        var onGoodFriday = await SecondWaveDueAsync(At(goodFriday, 16), tuesday);
        onGoodFriday.ShouldBe(At(tuesday, 13));
    }

    /// <summary>Posts a one-partner-a-wave referral starting after <paramref name="after"/>, lets its first offer expire at <paramref name="now"/>; the second wave's deadline.</summary>
    private async Task<Instant> SecondWaveDueAsync(Instant now, LocalDate after)
    {
        // Work that starts after the holidays, so the latest start has not passed when the first offer runs out.
        var window = Referral(waveSize: 1, earliest: after.PlusWeeks(1).ToDateOnly(), latest: after.PlusWeeks(4).ToDateOnly());
        var id = (await Client.CallAsync(HttpMethod.Post, "/api/matching/referrals", ReferrerOwner, window, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        (await Market.DeadlineJobAt(Service.Services, now.ToDateTimeOffset()).RunOnceAsync(TestContext.Current.CancellationToken)).ShouldBeGreaterThanOrEqualTo(1);
        var due = await Service.Db.ScalarAsync<DateTime>($"""SELECT "DueAt" FROM "Offers" WHERE "ReferralId" = '{id}' AND "Wave" = 2""");
        return Instant.FromDateTimeUtc(DateTime.SpecifyKind(due, DateTimeKind.Utc));
    }

    [Fact]
    public async Task With_Scheduling_down_posting_goes_on_from_the_projection_and_accepting_leaves_the_hold_for_confirmation()
    {
        await using var service = await ServiceUnderTest<MatchingDbContext>.StartAsync("matching", Settings(Neighbours.Url, scheduling: "http://127.0.0.1:9"));
        var partner = Guid.NewGuid();
        await using (var scope = service.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MatchingDbContext>();
            db.Partners.Add(new Partner { FirmId = partner, Name = "Offline Scheduling SQL", TimeZone = "Europe/London", TakesReferrals = true });
            db.PartnerSkills.Add(new PartnerSkillRow { FirmId = partner, SkillId = "sql-server", Level = 5 });
            db.PartnerCapacities.Add(new PartnerCapacity { FirmId = partner, FirstWeek = ThisMonday.ToDateOnly(), FreeHours = [.. Enumerable.Repeat(40, 26)] });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        Market.Written(service.Services);
        var id = (await service.Client.CallAsync(HttpMethod.Post, "/api/matching/referrals", ReferrerOwner, Referral(), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var candidate = (await service.Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{id}/candidates", ReferrerOwner, null, HttpStatusCode.OK))
            .GetProperty("candidates").EnumerateArray().Single();
        candidate.GetProperty("startConfirmed").GetBoolean().ShouldBeFalse();
        candidate.GetProperty("earliestStart").GetString().ShouldBe($"{NextMonday:yyyy-MM-dd}");

        var token = TestTokens.For(partner, "Owner");
        var offerId = (await service.Client.CallAsync(HttpMethod.Get, "/api/matching/offers", token, null, HttpStatusCode.OK))[0].GetProperty("offerId").GetGuid();
        await service.Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{offerId}/accept", token, null, HttpStatusCode.OK);
        var refused = await service.Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/confirm", ReferrerOwner, null, HttpStatusCode.Conflict);
        refused.GetProperty("detail").GetString()!.ShouldContain("Scheduling cannot be reached");
        refused.GetProperty("type").GetString().ShouldBe("https://marketplace.local/problems/state-conflict");
        (await service.Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{id}/timeline", ReferrerOwner, null, HttpStatusCode.OK))
            .EnumerateArray().ShouldContain(t => t.GetProperty("why").GetString()!.StartsWith("hold pending", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("unknown-skill", 4, 30, 10, 0, 3, "America/New_York", "HandOff", "skills[0].skillId")]
    [InlineData("sql-server", 6, 30, 10, 0, 3, "America/New_York", "HandOff", "skills[0].minLevel")]
    [InlineData("sql-server", 4, 5, 10, 0, 3, "America/New_York", "HandOff", "effortHours")]
    [InlineData("sql-server", 4, 30, 10, 2, 1, "America/New_York", "HandOff", "latestStart")]
    [InlineData("sql-server", 4, 30, 10, 0, 3, "Mars/Olympus", "HandOff", "clientTimeZone")]
    [InlineData("sql-server", 4, 30, 10, 0, 3, "America/New_York", "Outsource", "engagementMode")]
    [InlineData("sql-server", 4, 900, 10, 0, 3, "America/New_York", "HandOff", "effortHours")]
    public async Task Bad_referrals_get_a_400_naming_the_field(string skill, int level, int effort, int perWeek, int earliestWeeks, int latestWeeks, string zone, string mode, string field)
    {
        var (status, body) = await Client.SendAsync(HttpMethod.Post, "/api/matching/referrals", ReferrerOwner, new
        {
            summary = "Something that needs doing well", skills = new[] { new { skillId = skill, minLevel = level } }, effortHours = effort, hoursPerWeek = perWeek,
            earliestStart = NextMonday.PlusWeeks(earliestWeeks).ToDateOnly(), latestStart = NextMonday.PlusWeeks(latestWeeks).ToDateOnly(),
            clientTimeZone = zone, engagementMode = mode,
        });
        status.ShouldBe(HttpStatusCode.BadRequest, body);
        JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(body);
        (await Service.Db.ScalarAsync<long>("""SELECT count(*) FROM "Referrals" """)).ShouldBe(0);
    }

    [Theory]
    [InlineData("""{"skills": [null]}""", "skills")] // once a 500
    [InlineData("""{"urgency": "999"}""", "urgency")] // once stored, and shown in partners' inboxes
    [InlineData("""{"urgency": "-1"}""", "urgency")]
    [InlineData("""{"urgency": "Normal,Urgent"}""", "urgency")] // once stored as Critical
    public async Task Odd_values_enums_accept_are_a_400_naming_the_field(string overrides, string field)
    {
        var body = JsonSerializer.SerializeToNode(Referral())!.AsObject();
        foreach (var (name, value) in JsonNode.Parse(overrides)!.AsObject())
        {
            body[name] = value?.DeepClone();
        }
        var (status, answer) = await Client.SendAsync(HttpMethod.Post, "/api/matching/referrals", ReferrerOwner, body);
        status.ShouldBe(HttpStatusCode.BadRequest, answer);
        JsonDocument.Parse(answer).RootElement.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(answer);
        (await Service.Db.ScalarAsync<long>("""SELECT count(*) FROM "Referrals" """)).ShouldBe(0);
    }

    [Fact]
    public async Task Only_the_referrer_sees_candidates_and_decides_and_engineers_cannot_post()
    {
        await PartnerAsync("Someone", 5);
        var id = (await Client.CallAsync(HttpMethod.Post, "/api/matching/referrals", ReferrerOwner, Referral(), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var stranger = TestTokens.For(Guid.NewGuid(), "Owner");
        await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{id}", stranger, null, HttpStatusCode.NotFound);
        await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{id}/candidates", stranger, null, HttpStatusCode.NotFound);
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/cancel", stranger, new { reason = "mine now" }, HttpStatusCode.NotFound);
        await Client.CallAsync(HttpMethod.Post, "/api/matching/referrals", TestTokens.For(Referrer, "Engineer"), Referral(), HttpStatusCode.Forbidden);
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/confirm", ReferrerOwner, null, HttpStatusCode.Conflict); // nobody accepted yet
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{id}/cancel", ReferrerOwner, new { reason = "client went elsewhere" }, HttpStatusCode.OK);
        (await Service.Db.ScalarAsync<long>($"""SELECT count(*) FROM "Offers" WHERE "ReferralId" = '{id}' AND "Status" = 'Withdrawn'""")).ShouldBe(1);
    }
}
