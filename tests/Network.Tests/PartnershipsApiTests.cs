using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Network.Data;
using Marketplace.Testing;
using Shouldly;

namespace Marketplace.Network.Tests;

public sealed class PartnershipsApiTests : IAsyncLifetime
{
    private ServiceUnderTest<NetworkDbContext> _service = null!;

    private HttpClient Client => _service.Client;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _service = await ServiceUnderTest<NetworkDbContext>.StartAsync("network");

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    private static readonly object Percent12 = new
    {
        engagementModes = new[] { "HandOff", "WhiteLabel" }, feeKind = "Percent", feePercent = 12.5m,
        nonSolicitMonths = 18, responseSlaBusinessHours = 6, maxConcurrentReferrals = 4,
    };

    [Fact]
    public async Task Invite_accept_change_terms_and_end_each_leave_their_trace_and_their_events()
    {
        var (referrer, referrerToken) = await FirmAsync("Northwind IT");
        var (specialist, specialistToken) = await FirmAsync("Acme Security");

        var invited = await SendAsync<JsonElement>(HttpMethod.Post, "/api/network/partnerships", referrerToken, new { partnerFirmId = specialist, message = "Audits?" }, HttpStatusCode.Created);
        var id = invited.GetProperty("id").GetGuid();
        invited.GetProperty("status").GetString().ShouldBe("Invited");
        invited.GetProperty("invitedByUs").GetBoolean().ShouldBeTrue();

        var inbox = await SendAsync<JsonElement>(HttpMethod.Get, "/api/network/partnerships?status=Invited", specialistToken, null, HttpStatusCode.OK);
        inbox.EnumerateArray().Single().GetProperty("partnerFirmId").GetGuid().ShouldBe(referrer);

        var accepted = await SendAsync<JsonElement>(HttpMethod.Post, $"/api/network/partnerships/{id}/accept", specialistToken, null, HttpStatusCode.OK);
        accepted.GetProperty("status").GetString().ShouldBe("Active");
        accepted.GetProperty("agreement").GetProperty("version").GetInt32().ShouldBe(1);

        // One side's change is a proposal: the terms in force stay; only the request to countersign is announced.
        var proposed = await SendAsync<JsonElement>(HttpMethod.Put, $"/api/network/partnerships/{id}/agreement", referrerToken, Percent12, HttpStatusCode.OK);
        proposed.GetProperty("agreement").GetProperty("version").GetInt32().ShouldBe(1);
        proposed.GetProperty("proposal").GetProperty("version").GetInt32().ShouldBe(2);
        proposed.GetProperty("proposal").GetProperty("proposedByUs").GetBoolean().ShouldBeTrue();
        await SendAsync<JsonElement>(HttpMethod.Post, $"/api/network/partnerships/{id}/agreement/2/accept", referrerToken, null, HttpStatusCode.Conflict);
        var seen = await SendAsync<JsonElement>(HttpMethod.Get, $"/api/network/partnerships/{id}", specialistToken, null, HttpStatusCode.OK);
        seen.GetProperty("proposal").GetProperty("proposedByUs").GetBoolean().ShouldBeFalse();
        seen.GetProperty("proposal").GetProperty("status").GetString().ShouldBe("Proposed");

        var changed = await SendAsync<JsonElement>(HttpMethod.Post, $"/api/network/partnerships/{id}/agreement/2/accept", specialistToken, null, HttpStatusCode.OK);
        changed.GetProperty("agreement").GetProperty("version").GetInt32().ShouldBe(2);
        changed.GetProperty("agreement").GetProperty("feePercent").GetDecimal().ShouldBe(12.5m);
        changed.GetProperty("proposal").ValueKind.ShouldBe(JsonValueKind.Null);
        changed.GetProperty("history").GetArrayLength().ShouldBe(2);
        changed.GetProperty("history")[0].GetProperty("feeKind").GetString().ShouldBe("Reciprocity");

        // A rejected proposal is kept with the reason, and never announced.
        await SendAsync<JsonElement>(HttpMethod.Put, $"/api/network/partnerships/{id}/agreement", specialistToken,
            new { engagementModes = new[] { "HandOff" }, feeKind = "Reciprocity", nonSolicitMonths = 12, responseSlaBusinessHours = 4, maxConcurrentReferrals = 3 }, HttpStatusCode.OK);
        await SendAsync<JsonElement>(HttpMethod.Post, $"/api/network/partnerships/{id}/agreement/3/reject", referrerToken, new { reason = "" }, HttpStatusCode.BadRequest);
        var rejected = await SendAsync<JsonElement>(HttpMethod.Post, $"/api/network/partnerships/{id}/agreement/3/reject", referrerToken, new { reason = "We agreed a fee" }, HttpStatusCode.OK);
        rejected.GetProperty("agreement").GetProperty("version").GetInt32().ShouldBe(2);
        rejected.GetProperty("history")[2].GetProperty("status").GetString().ShouldBe("Rejected");
        rejected.GetProperty("history")[2].GetProperty("answerReason").GetString().ShouldBe("We agreed a fee");

        var ended = await SendAsync<JsonElement>(HttpMethod.Post, $"/api/network/partnerships/{id}/end", specialistToken, new { reason = "Moving upmarket" }, HttpStatusCode.OK);
        ended.GetProperty("status").GetString().ShouldBe("Ended");
        ended.GetProperty("reason").GetString().ShouldBe("Moving upmarket");
        ended.GetProperty("endedByFirmId").GetGuid().ShouldBe(specialist);

        var events = await _service.Db.ScalarAsync<string>($"""
            SELECT string_agg(substring("MessageType" from 'Contracts\.(.*)'), ',' ORDER BY "Sequence")
            FROM "OutboxMessages" WHERE "AggregateKey" = '{id}'
            """);
        // Terms: v1 and the countersigned v2 only; each proposal (v2, v3) asked the other side to answer.
        events.ShouldBe("PartnershipAccepted,AgreementChanged,AgreementProposed,AgreementChanged,AgreementProposed,PartnershipEnded");
        var proposals = await _service.Db.EventsAsync("AgreementProposed", id.ToString());
        proposals.Select(p => (p.GetProperty("version").GetInt32(), p.GetProperty("proposerFirmId").GetGuid(), p.GetProperty("counterpartyFirmId").GetGuid()))
            .ShouldBe([(2, referrer, specialist), (3, specialist, referrer)]);
    }

    [Fact]
    public async Task An_accept_racing_a_new_proposal_leaves_one_outcome_and_only_versions_in_force_are_announced()
    {
        var (_, referrerToken) = await FirmAsync("Racing Referrer");
        var (specialist, specialistToken) = await FirmAsync("Racing Specialist");
        var id = (await SendAsync<JsonElement>(HttpMethod.Post, "/api/network/partnerships", referrerToken, new { partnerFirmId = specialist }, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await SendAsync<JsonElement>(HttpMethod.Post, $"/api/network/partnerships/{id}/accept", specialistToken, null, HttpStatusCode.OK);

        for (var round = 0; round < 8; round++)
        {
            var open = (await SendAsync<JsonElement>(HttpMethod.Put, $"/api/network/partnerships/{id}/agreement", referrerToken, Percent12, HttpStatusCode.OK))
                .GetProperty("proposal").GetProperty("version").GetInt32();
            // The specialist countersigns while the referrer replaces the proposal: one of the two orders happens, whole.
            var answers = await Task.WhenAll(
                StatusAsync(HttpMethod.Post, $"/api/network/partnerships/{id}/agreement/{open}/accept", specialistToken, null),
                StatusAsync(HttpMethod.Put, $"/api/network/partnerships/{id}/agreement", referrerToken, Percent12));
            answers[1].ShouldBe(HttpStatusCode.OK); // a new proposal is always possible
            answers[0].ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Conflict);
            // Clear the way for the next round.
            var pending = (await SendAsync<JsonElement>(HttpMethod.Get, $"/api/network/partnerships/{id}", referrerToken, null, HttpStatusCode.OK)).GetProperty("proposal");
            if (pending.ValueKind == JsonValueKind.Object)
            {
                await SendAsync<JsonElement>(HttpMethod.Post, $"/api/network/partnerships/{id}/agreement/{pending.GetProperty("version").GetInt32()}/reject",
                    referrerToken, new { reason = "next round" }, HttpStatusCode.OK);
            }
        }

        var accepted = await _service.Db.ScalarAsync<string>($"""
            SELECT string_agg("Version"::text, ',' ORDER BY "Version") FROM "Agreement" WHERE "PartnershipId" = '{id}' AND "Status" = 'Accepted'
            """);
        var announced = await _service.Db.ScalarAsync<string>($"""
            SELECT string_agg(("Body"::jsonb ->> 'version'), ',' ORDER BY ("Body"::jsonb ->> 'version')::int) FROM "OutboxMessages"
            WHERE "AggregateKey" = '{id}' AND "MessageType" LIKE '%AgreementChanged'
            """);
        announced.ShouldBe(accepted);
        var view = await SendAsync<JsonElement>(HttpMethod.Get, $"/api/network/partnerships/{id}", specialistToken, null, HttpStatusCode.OK);
        view.GetProperty("agreement").GetProperty("version").GetInt32().ShouldBe(accepted!.Split(',').Select(int.Parse).Max());
    }

    [Fact]
    public async Task A_pair_has_one_open_partnership_whoever_invites()
    {
        var (a, aToken) = await FirmAsync("A");
        var (b, bToken) = await FirmAsync("B");
        await SendAsync<JsonElement>(HttpMethod.Post, "/api/network/partnerships", aToken, new { partnerFirmId = b }, HttpStatusCode.Created);

        var again = await SendAsync<JsonElement>(HttpMethod.Post, "/api/network/partnerships", aToken, new { partnerFirmId = b }, HttpStatusCode.Conflict);
        again.GetProperty("type").GetString().ShouldBe("https://marketplace.local/problems/already-exists");
        again.GetProperty("detail").GetString().ShouldBe("These firms already have an open invitation or an active partnership.");
        await SendAsync<JsonElement>(HttpMethod.Post, "/api/network/partnerships", bToken, new { partnerFirmId = a }, HttpStatusCode.Conflict);

        // Both firms inviting each other at the same moment, several times: one invitation, every other a 409 (the
        // unique index decides what the look beforehand cannot), never a 500.
        var (c, cToken) = await FirmAsync("C");
        var (d, dToken) = await FirmAsync("D");
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => i % 2 == 0
            ? StatusAsync(HttpMethod.Post, "/api/network/partnerships", cToken, new { partnerFirmId = d })
            : StatusAsync(HttpMethod.Post, "/api/network/partnerships", dToken, new { partnerFirmId = c })));
        answers.Count(s => s == HttpStatusCode.Created).ShouldBe(1);
        answers.Count(s => s == HttpStatusCode.Conflict).ShouldBe(7);
    }

    [Fact]
    public async Task Refused_transitions_are_409_and_bad_terms_are_400_naming_the_fields()
    {
        var (_, aToken) = await FirmAsync("A");
        var (b, _) = await FirmAsync("B");
        var id = (await SendAsync<JsonElement>(HttpMethod.Post, "/api/network/partnerships", aToken, new { partnerFirmId = b }, HttpStatusCode.Created)).GetProperty("id").GetGuid();

        await SendAsync<JsonElement>(HttpMethod.Post, $"/api/network/partnerships/{id}/accept", aToken, null, HttpStatusCode.Conflict); // the inviter cannot accept
        await SendAsync<JsonElement>(HttpMethod.Put, $"/api/network/partnerships/{id}/agreement", aToken, Percent12, HttpStatusCode.Conflict); // not active yet

        var problem = await SendAsync<JsonElement>(HttpMethod.Put, $"/api/network/partnerships/{id}/agreement", aToken,
            new { engagementModes = new[] { "Osmosis" }, feeKind = "Bitcoin", responseSlaBusinessHours = 4 }, HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name)
            .ShouldBe(["engagementModes", "feeKind", "nonSolicitMonths", "maxConcurrentReferrals"], ignoreOrder: true);

        var unknown = await SendAsync<JsonElement>(HttpMethod.Post, "/api/network/partnerships", aToken, new { partnerFirmId = Guid.NewGuid() }, HttpStatusCode.BadRequest);
        unknown.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(["partnerFirmId"]);
    }

    [Fact]
    public async Task Another_firm_a_wrong_role_and_anonymous_callers_neither_see_nor_change_a_partnership()
    {
        var (a, aToken) = await FirmAsync("A");
        var (b, _) = await FirmAsync("B");
        var (_, strangerToken) = await FirmAsync("Stranger");
        var id = (await SendAsync<JsonElement>(HttpMethod.Post, "/api/network/partnerships", aToken, new { partnerFirmId = b, message = "secret terms" }, HttpStatusCode.Created))
            .GetProperty("id").GetGuid();
        var engineerOfB = TestTokens.For(b, "Engineer");

        var calls = new (HttpMethod Method, string Url, object? Body)[]
        {
            (HttpMethod.Get, $"/api/network/partnerships/{id}", null),
            (HttpMethod.Post, $"/api/network/partnerships/{id}/accept", null),
            (HttpMethod.Post, $"/api/network/partnerships/{id}/decline", new { reason = "no" }),
            (HttpMethod.Post, $"/api/network/partnerships/{id}/end", new { reason = "no" }),
            (HttpMethod.Put, $"/api/network/partnerships/{id}/agreement", Percent12),
            (HttpMethod.Post, $"/api/network/partnerships/{id}/agreement/1/accept", null),
            (HttpMethod.Post, $"/api/network/partnerships/{id}/agreement/1/reject", new { reason = "no" }),
        };
        foreach (var (method, url, body) in calls)
        {
            (await StatusAsync(method, url, strangerToken, body)).ShouldBe(HttpStatusCode.NotFound, $"stranger {method} {url}");
            (await StatusAsync(method, url, null, body)).ShouldBe(HttpStatusCode.Unauthorized, $"anonymous {method} {url}");
            (await StatusAsync(method, url, TestTokens.Forged(b, "Owner"), body)).ShouldBe(HttpStatusCode.Unauthorized, $"forged {method} {url}");
            (await StatusAsync(method, url, TestTokens.Expired(b, "Owner"), body)).ShouldBe(HttpStatusCode.Unauthorized, $"expired {method} {url}");
            if (method != HttpMethod.Get)
            {
                (await StatusAsync(method, url, engineerOfB, body)).ShouldBe(HttpStatusCode.Forbidden, $"engineer {method} {url}");
            }
        }
        (await StatusAsync(HttpMethod.Post, "/api/network/partnerships", TestTokens.For(a, "Dispatcher"), new { partnerFirmId = b })).ShouldBe(HttpStatusCode.Forbidden);

        var strangersList = await SendAsync<JsonElement>(HttpMethod.Get, "/api/network/partnerships", strangerToken, null, HttpStatusCode.OK);
        strangersList.GetArrayLength().ShouldBe(0);
        var state = await SendAsync<JsonElement>(HttpMethod.Get, $"/api/network/partnerships/{id}", aToken, null, HttpStatusCode.OK);
        state.GetProperty("status").GetString().ShouldBe("Invited");
        state.GetProperty("history").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Only_the_firms_Owner_changes_its_profile_and_the_change_is_announced()
    {
        var (firm, token) = await FirmAsync("Ledgerline");
        var (_, otherToken) = await FirmAsync("Other");
        var profile = new
        {
            name = "Ledgerline ERP Partners", description = "Business Central and NetSuite integrations.", regions = new[] { "UK", "Ireland" },
            timeZone = "Europe/London", workingDays = new[] { 1, 2, 3, 4 }, opensAt = "08:30", closesAt = "16:30", takesReferrals = true,
        };

        (await StatusAsync(HttpMethod.Put, $"/api/network/firms/{firm}", otherToken, profile)).ShouldBe(HttpStatusCode.NotFound);
        (await StatusAsync(HttpMethod.Put, $"/api/network/firms/{firm}", TestTokens.For(firm, "Engineer"), profile)).ShouldBe(HttpStatusCode.Forbidden);
        var bad = await SendAsync<JsonElement>(HttpMethod.Put, $"/api/network/firms/{firm}", token,
            profile with { workingDays = new[] { 0, 9 }, opensAt = "17:00", closesAt = "9am" }, HttpStatusCode.BadRequest);
        bad.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(["workingDays", "closesAt"], ignoreOrder: true);

        var updated = await SendAsync<JsonElement>(HttpMethod.Put, $"/api/network/firms/{firm}", token, profile, HttpStatusCode.OK);

        updated.GetProperty("opensAt").GetString().ShouldBe("08:30");
        updated.GetProperty("regions").EnumerateArray().Select(r => r.GetString()).ShouldBe(["UK", "Ireland"]);
        var seenByOther = await SendAsync<JsonElement>(HttpMethod.Get, $"/api/network/firms/{firm}", otherToken, null, HttpStatusCode.OK);
        seenByOther.GetProperty("name").GetString().ShouldBe("Ledgerline ERP Partners");
        (await _service.Db.ScalarAsync<long>($"""SELECT count(*) FROM "OutboxMessages" WHERE "AggregateKey" = '{firm}' AND "MessageType" LIKE '%FirmUpdated'""")).ShouldBe(1);
    }

    [Theory]
    [InlineData("/api/network/directory?minLevel=9", "minLevel")]
    [InlineData("/api/network/directory?limit=0", "limit")]
    [InlineData("/api/network/directory?limit=500&minLevel=0", "limit,minLevel")]
    public async Task The_directory_names_bad_parameters(string url, string fields)
    {
        var (_, token) = await FirmAsync("Searcher");

        var problem = await SendAsync<JsonElement>(HttpMethod.Get, url, token, null, HttpStatusCode.BadRequest);

        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(fields.Split(','), ignoreOrder: true);
        (await StatusAsync(HttpMethod.Get, "/api/network/directory", null, null)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_directory_pages_through_every_firm_that_takes_referrals_once()
    {
        var (_, token) = await VerifiedFirmAsync("Zeta Partners");
        await VerifiedFirmAsync("Alpha Partners");
        await VerifiedFirmAsync("Alpha Partners"); // same name, another firm: the cursor must tell them apart
        await FirmAsync("Unverified Partners"); // takes referrals once its Owner has verified the address: not yet

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var url = "/api/network/directory?limit=1" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await SendAsync<JsonElement>(HttpMethod.Get, url, token, null, HttpStatusCode.OK);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("firmId").GetGuid()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && seen.Count < 10);

        seen.Count.ShouldBe(3);
        seen.Distinct().Count().ShouldBe(3);
    }

    private async Task<(Guid FirmId, string Token)> FirmAsync(string name)
    {
        var firm = await Accounts.RegisterFirmAsync(Client, name);
        return (firm.FirmId, await Accounts.SignInAsync(Client, firm.Email));
    }

    private async Task<(Guid FirmId, string Token)> VerifiedFirmAsync(string name)
    {
        var firm = await Accounts.RegisterFirmAsync(Client, name);
        await Mail.VerifyAsync(Client, _service.Db, firm.Email);
        return (firm.FirmId, await Accounts.SignInAsync(Client, firm.Email));
    }

    private Task<HttpStatusCode> StatusAsync(HttpMethod method, string url, string? token, object? body) => Client.StatusAsync(method, url, token, body);

    private Task<JsonElement> SendAsync<T>(HttpMethod method, string url, string token, object? body, HttpStatusCode expected) => Client.CallAsync(method, url, token, body, expected);
}
