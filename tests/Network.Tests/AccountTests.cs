using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Network.Data;
using Marketplace.Testing;
using Shouldly;

namespace Marketplace.Network.Tests;

/// <summary>
/// Verified addresses, password reset and the account mails behind them, through the API, with the mails read where
/// Network leaves them for Notifications (its outbox).
/// </summary>
public sealed class AccountTests : IAsyncLifetime
{
    private const string Portal = "https://portal.test.example";
    private const string NewPassword = "a-brand-new-passphrase";

    private ServiceUnderTest<NetworkDbContext> _service = null!;

    private HttpClient Client => _service.Client;
    private TestDatabase Db => _service.Db;

    // With a trailing slash, as people write it: the links still have one slash.
    public async ValueTask InitializeAsync() => _service = await ServiceUnderTest<NetworkDbContext>.StartAsync("network",
        new Dictionary<string, string?> { ["Accounts:PortalUrl"] = Portal + "/" });

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    private Task<JsonElement> MeAsync(string token) => Client.CallAsync(HttpMethod.Get, "/api/network/me", token, null, HttpStatusCode.OK);

    private Task<JsonElement> VerifyAsync(string token, HttpStatusCode expected) =>
        Client.CallAsync(HttpMethod.Post, "/api/network/account/verify", null, new { token }, expected);

    private Task<JsonElement> CompleteResetAsync(string token, string password, HttpStatusCode expected) =>
        Client.CallAsync(HttpMethod.Post, "/api/network/account/password-reset/complete", null, new { token, password }, expected);

    private async Task<(HttpStatusCode Status, string Body, string Headers)> RequestResetAsync(string email)
    {
        using var response = await Client.PostAsJsonAsync("/api/network/account/password-reset", new { email }, TestContext.Current.CancellationToken);
        var headers = string.Join("|", response.Headers.Concat(response.Content.Headers).Where(h => h.Key != "Date" && h.Key != "traceparent" && !h.Key.StartsWith("X-Correlation", StringComparison.OrdinalIgnoreCase))
            .OrderBy(h => h.Key).Select(h => $"{h.Key}={string.Join(",", h.Value)}"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), headers);
    }

    [Fact]
    public async Task A_verification_link_works_once_and_the_member_then_shows_verified()
    {
        var firm = await Accounts.RegisterFirmAsync(Client, "Verify Ltd");
        var token = await Accounts.SignInAsync(Client, firm.Email); // until verified the member can sign in
        var me = await MeAsync(token);
        me.GetProperty("emailVerified").GetBoolean().ShouldBeFalse();
        me.GetProperty("email").GetString().ShouldBe(firm.Email);

        var mail = await Mail.LatestAsync(Db, firm.Email, "verify-email");
        mail.GetProperty("link").GetString().ShouldStartWith($"{Portal}/account/verify?token=");
        (mail.GetProperty("name").GetString(), mail.GetProperty("firmName").GetString()).ShouldBe(("Owner", "Verify Ltd"));
        (mail.GetProperty("expiresAt").GetDateTimeOffset() - mail.GetProperty("occurredAt").GetDateTimeOffset()).ShouldBe(TimeSpan.FromDays(7));
        var secret = Mail.TokenOf(mail);
        (await Db.ScalarAsync<long>($"""SELECT count(*) FROM "AccountTokens" WHERE "TokenHash" = '{secret}' OR "TokenHash" ILIKE '%{secret[..20]}%'""")).ShouldBe(0); // only a hash is kept

        await VerifyAsync(secret, HttpStatusCode.NoContent);
        var again = await VerifyAsync(secret, HttpStatusCode.Gone);

        again.GetProperty("type").GetString().ShouldBe("https://marketplace.local/problems/gone");
        (await MeAsync(token)).GetProperty("emailVerified").GetBoolean().ShouldBeTrue();
        var changes = await Db.EventsAsync("MemberChanged", firm.FirmId.ToString());
        changes.Select(c => (c.GetProperty("email").GetString(), c.GetProperty("role").GetString(), c.GetProperty("emailVerified").GetBoolean(), c.GetProperty("removed").GetBoolean()))
            .ShouldBe([(firm.Email, "Owner", false, false), (firm.Email, "Owner", true, false)]);
        var members = await Client.CallAsync(HttpMethod.Get, $"/api/network/firms/{firm.FirmId}/members", token, null, HttpStatusCode.OK);
        members.GetProperty("members")[0].GetProperty("emailVerified").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_verification_link_expires_and_the_member_can_ask_for_a_fresh_one()
    {
        var firm = await Accounts.RegisterFirmAsync(Client, "Slow Reader Ltd");
        var token = await Accounts.SignInAsync(Client, firm.Email);
        var stale = Mail.TokenOf(await Mail.LatestAsync(Db, firm.Email, "verify-email"));
        await Db.ScalarAsync<long>("""UPDATE "AccountTokens" SET "ExpiresAt" = now() - interval '1 second' """); // seven days later

        await VerifyAsync(stale, HttpStatusCode.Gone);
        (await MeAsync(token)).GetProperty("emailVerified").GetBoolean().ShouldBeFalse();

        await Client.CallAsync(HttpMethod.Post, "/api/network/me/verification", token, null, HttpStatusCode.NoContent);
        var fresh = Mail.TokenOf(await Mail.LatestAsync(Db, firm.Email, "verify-email"));
        fresh.ShouldNotBe(stale);
        await VerifyAsync(fresh, HttpStatusCode.NoContent);
        (await MeAsync(token)).GetProperty("emailVerified").GetBoolean().ShouldBeTrue();

        // Verified: asking again sends nothing.
        await Client.CallAsync(HttpMethod.Post, "/api/network/me/verification", token, null, HttpStatusCode.NoContent);
        (await Mail.ToAsync(Db, firm.Email, "verify-email")).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Links_to_one_address_are_limited_per_hour_whoever_asks_for_them()
    {
        var firm = await Accounts.RegisterFirmAsync(Client, "Impatient Ltd");
        var token = await Accounts.SignInAsync(Client, firm.Email);
        for (var i = 0; i < 5; i++)
        {
            await Client.CallAsync(HttpMethod.Post, "/api/network/me/verification", token, null, HttpStatusCode.NoContent);
        }

        using var refused = await Client.SendAsync(Accounts.Authorized(HttpMethod.Post, "/api/network/me/verification", token), TestContext.Current.CancellationToken);
        var reset = await RequestResetAsync(firm.Email);

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(3000, 3600);
        reset.Status.ShouldBe(HttpStatusCode.Accepted); // the same answer as always, but no sixth mail this hour
        (await Mail.ToAsync(Db, firm.Email, "verify-email")).Count.ShouldBe(6); // registration's, then five asked for
        (await Mail.ToAsync(Db, firm.Email, "reset-password")).Count.ShouldBe(0);
    }

    [Fact]
    public async Task A_firm_takes_no_referrals_until_its_Owner_verifies()
    {
        var searcher = await Accounts.RegisterFirmAsync(Client, "Searcher Ltd");
        await Mail.VerifyAsync(Client, Db, searcher.Email);
        var searcherToken = await Accounts.SignInAsync(Client, searcher.Email);
        var firm = await Accounts.RegisterFirmAsync(Client, "Pending Partners");
        var token = await Accounts.SignInAsync(Client, firm.Email);

        var registered = (await Db.EventsAsync("FirmRegistered", firm.FirmId.ToString())).Single();
        registered.GetProperty("takesReferrals").GetBoolean().ShouldBeFalse(); // the firm wishes to, but nobody has verified yet
        var profile = await Client.CallAsync(HttpMethod.Get, $"/api/network/firms/{firm.FirmId}", searcherToken, null, HttpStatusCode.OK);
        (profile.GetProperty("takesReferrals").GetBoolean(), profile.GetProperty("acceptsReferrals").GetBoolean()).ShouldBe((true, false));
        (await DirectoryAsync(searcherToken)).ShouldNotContain(firm.FirmId);
        await Client.CallAsync(HttpMethod.Put, $"/api/network/firms/{firm.FirmId}", token,
            new { name = "Pending Partners", timeZone = "Europe/London", workingDays = new[] { 1, 2, 3 }, opensAt = "09:00", closesAt = "17:00", takesReferrals = true }, HttpStatusCode.OK);
        (await Db.EventsAsync("FirmUpdated", firm.FirmId.ToString())).Single().GetProperty("takesReferrals").GetBoolean().ShouldBeFalse();

        await Mail.VerifyAsync(Client, Db, firm.Email);

        var updates = await Db.EventsAsync("FirmUpdated", firm.FirmId.ToString());
        updates.Count.ShouldBe(2);
        updates[1].GetProperty("takesReferrals").GetBoolean().ShouldBeTrue();
        (updates[1].GetProperty("timeZone").GetString(), updates[1].GetProperty("workingDays").GetArrayLength()).ShouldBe(("Europe/London", 3)); // in full
        (await Client.CallAsync(HttpMethod.Get, $"/api/network/firms/{firm.FirmId}", searcherToken, null, HttpStatusCode.OK)).GetProperty("acceptsReferrals").GetBoolean().ShouldBeTrue();
        (await DirectoryAsync(searcherToken)).ShouldContain(firm.FirmId);
    }

    [Fact]
    public async Task A_verified_member_vouches_for_the_firm_only_once_made_Owner()
    {
        var firm = await Accounts.RegisterFirmAsync(Client, "Delegating Ltd");
        var ownerToken = await Accounts.SignInAsync(Client, firm.Email);
        var email = $"dispatch-{Guid.NewGuid():N}@delegating.example";
        await Client.CallAsync(HttpMethod.Post, $"/api/network/firms/{firm.FirmId}/invitations", ownerToken, new { email, role = "Dispatcher" }, HttpStatusCode.Created);
        await Client.CallAsync(HttpMethod.Post, "/api/network/invitations/accept", null,
            new { token = Mail.TokenOf(await Mail.LatestAsync(Db, email, "invitation")), name = "Dee", password = Accounts.Password }, HttpStatusCode.Accepted);

        await Mail.VerifyAsync(Client, Db, email);

        (await Db.EventsAsync("FirmUpdated", firm.FirmId.ToString())).ShouldBeEmpty(); // a Dispatcher does not answer for the firm
        var members = await Client.CallAsync(HttpMethod.Get, $"/api/network/firms/{firm.FirmId}/members", ownerToken, null, HttpStatusCode.OK);
        var id = members.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("email").GetString() == email).GetProperty("id").GetGuid();
        await Client.CallAsync(HttpMethod.Put, $"/api/network/firms/{firm.FirmId}/members/{id}/role", ownerToken, new { role = "Owner" }, HttpStatusCode.OK);

        (await Db.EventsAsync("FirmUpdated", firm.FirmId.ToString())).Single().GetProperty("takesReferrals").GetBoolean().ShouldBeTrue();
        await Mail.VerifyAsync(Client, Db, firm.Email); // the founder verifying later changes nothing more
        (await Db.EventsAsync("FirmUpdated", firm.FirmId.ToString())).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_password_reset_works_once_verifies_the_address_and_ends_every_session()
    {
        var firm = await Accounts.RegisterFirmAsync(Client, "Forgetful Ltd");
        var session = await Sessions.SignInAsync(Client, firm.Email);

        (await RequestResetAsync(firm.Email.ToUpperInvariant())).Status.ShouldBe(HttpStatusCode.Accepted);
        var mail = await Mail.LatestAsync(Db, firm.Email, "reset-password");
        mail.GetProperty("link").GetString().ShouldStartWith($"{Portal}/account/reset?token=");
        (mail.GetProperty("expiresAt").GetDateTimeOffset() - mail.GetProperty("occurredAt").GetDateTimeOffset()).ShouldBe(TimeSpan.FromMinutes(30));
        var secret = Mail.TokenOf(mail);

        var weak = await CompleteResetAsync(secret, "password1234", HttpStatusCode.BadRequest);
        weak.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(["password"]);
        await CompleteResetAsync(secret, NewPassword, HttpStatusCode.NoContent);
        await CompleteResetAsync(secret, "yet-another-passphrase", HttpStatusCode.Gone);

        (await Client.StatusAsync(HttpMethod.Get, "/api/network/me/session", session.AccessToken)).ShouldBe(HttpStatusCode.Unauthorized);
        using var refresh = await Sessions.RefreshAsync(Client, session.RefreshToken);
        (await Sessions.RefusalAsync(refresh)).ShouldBe("invalid_grant");
        (await Accounts.RequestTokenAsync(Client, firm.Email, Accounts.Password)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var token = await Accounts.SignInAsync(Client, firm.Email, NewPassword);
        (await MeAsync(token)).GetProperty("emailVerified").GetBoolean().ShouldBeTrue(); // only the address's reader had the link
        (await Db.EventsAsync("MemberChanged", firm.FirmId.ToString())).Select(c => c.GetProperty("emailVerified").GetBoolean()).ShouldBe([false, true]);
        (await Db.EventsAsync("FirmUpdated", firm.FirmId.ToString())).Single().GetProperty("takesReferrals").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_reset_link_runs_out_after_30_minutes_and_a_newer_one_ends_the_others()
    {
        var firm = await Accounts.RegisterFirmAsync(Client, "Late Ltd");
        await RequestResetAsync(firm.Email);
        var late = Mail.TokenOf(await Mail.LatestAsync(Db, firm.Email, "reset-password"));
        await Db.ScalarAsync<long>("""UPDATE "AccountTokens" SET "ExpiresAt" = now() - interval '1 second' WHERE "Purpose" = 'ResetPassword' """); // 30 minutes later

        await CompleteResetAsync(late, NewPassword, HttpStatusCode.Gone);
        await Accounts.SignInAsync(Client, firm.Email); // the password is as it was

        await RequestResetAsync(firm.Email);
        var first = Mail.TokenOf(await Mail.LatestAsync(Db, firm.Email, "reset-password"));
        await RequestResetAsync(firm.Email);
        var second = Mail.TokenOf(await Mail.LatestAsync(Db, firm.Email, "reset-password"));
        await CompleteResetAsync(second, NewPassword, HttpStatusCode.NoContent);
        await CompleteResetAsync(first, "yet-another-passphrase", HttpStatusCode.Gone);
        await Accounts.SignInAsync(Client, firm.Email, NewPassword);

        // A verification token is not a reset token, nor the other way round.
        var verify = Mail.TokenOf(await Mail.LatestAsync(Db, firm.Email, "verify-email"));
        await CompleteResetAsync(verify, "yet-another-passphrase", HttpStatusCode.Gone);
    }

    [Fact]
    public async Task The_reset_answer_is_the_same_for_known_and_unknown_addresses()
    {
        var known = await Accounts.RegisterFirmAsync(Client, "Known Ltd");
        var unknown = $"nobody-{Guid.NewGuid():N}@nowhere.example";

        var forKnown = await RequestResetAsync(known.Email);
        var forUnknown = await RequestResetAsync(unknown);

        forKnown.Status.ShouldBe(HttpStatusCode.Accepted);
        forUnknown.ShouldBe(forKnown);
        (await Mail.ToAsync(Db, known.Email, "reset-password")).Count.ShouldBe(1);
        (await Mail.ToAsync(Db, unknown)).Count.ShouldBe(0);
        // The same statements ran for both: each address's count was written.
        (await Db.ScalarAsync<long>($"""SELECT count(*) FROM "AccountMailThrottles" WHERE "Email" IN ('{known.Email}', '{unknown}') AND "Sent" = 1""")).ShouldBe(2);

        // And in comparable time: medians of interleaved tries (throttled after five, which is the same work too).
        var times = new Dictionary<bool, List<double>> { [true] = [], [false] = [] };
        for (var i = 0; i < 12; i++)
        {
            foreach (var isKnown in i % 2 == 0 ? new[] { true, false } : [false, true])
            {
                var watch = Stopwatch.StartNew();
                (await RequestResetAsync(isKnown ? known.Email : $"nobody-{Guid.NewGuid():N}@nowhere.example")).ShouldBe(forKnown);
                times[isKnown].Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        var (medianKnown, medianUnknown) = (Median(times[true]), Median(times[false]));
        Math.Abs(medianKnown - medianUnknown).ShouldBeLessThan(50, $"known {medianKnown:0.0} ms, unknown {medianUnknown:0.0} ms");
    }

    [Fact]
    public async Task Registering_a_taken_address_mails_its_owner_and_answers_as_for_a_new_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var taken = await Accounts.RegisterFirmAsync(Client, "First Ltd");
        var fresh = $"fresh-{Guid.NewGuid():N}@new.example";
        object Registration(string email) => new { name = "Second Ltd", timeZone = "Europe/London", ownerName = "Mallory", ownerEmail = email, ownerPassword = "an-attackers-password" };

        using var again = await Client.PostAsJsonAsync("/api/network/firms", Registration(taken.Email.ToUpperInvariant()), ct);
        using var anew = await Client.PostAsJsonAsync("/api/network/firms", Registration(fresh), ct);

        again.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await again.Content.ReadAsStringAsync(ct)).ShouldBe(await anew.Content.ReadAsStringAsync(ct));
        again.Headers.Location.ShouldBe(anew.Headers.Location);
        var told = (await Mail.ToAsync(Db, taken.Email, "reset-password")).ShouldHaveSingleItem(); // the real owner hears of it
        (told.GetProperty("name").GetString(), told.GetProperty("firmName").GetString()).ShouldBe(("Owner", "First Ltd"));
        (await Mail.ToAsync(Db, taken.Email, "verify-email")).Count.ShouldBe(1); // their own, from their registration
        (await Mail.ToAsync(Db, fresh, "verify-email")).Count.ShouldBe(1);
        (await Db.ScalarAsync<long>("""SELECT count(*) FROM "Firms" WHERE "Name" = 'Second Ltd' """)).ShouldBe(1);
        await Accounts.SignInAsync(Client, taken.Email);
    }

    [Fact]
    public async Task An_invitation_is_mailed_and_joining_role_changes_and_removal_are_announced()
    {
        var owner = await Accounts.RegisterFirmAsync(Client, "Cloudbridge");
        var ownerToken = await Accounts.SignInAsync(Client, owner.Email);
        var invited = await Client.CallAsync(HttpMethod.Post, $"/api/network/firms/{owner.FirmId}/invitations", ownerToken,
            new { email = "Ravi@Cloudbridge.example", role = "Engineer" }, HttpStatusCode.Created);
        invited.TryGetProperty("token", out _).ShouldBeFalse(); // only the invitee's mailbox has the link
        var invitation = (await Mail.ToAsync(Db, "ravi@cloudbridge.example", "invitation")).ShouldHaveSingleItem();
        var token = Mail.TokenOf(invitation);
        invitation.GetProperty("link").GetString().ShouldBe($"{Portal}/join?token={token}");
        invitation.GetProperty("firmName").GetString().ShouldBe("Cloudbridge");
        invitation.GetProperty("expiresAt").GetDateTimeOffset().ShouldBe(invited.GetProperty("expiresAt").GetDateTimeOffset());

        await Client.CallAsync(HttpMethod.Post, "/api/network/invitations/accept", null, new { token = Mail.TokenOf(invitation), name = "Ravi Shah", password = Accounts.Password }, HttpStatusCode.Accepted);
        var verify = await Mail.LatestAsync(Db, "ravi@cloudbridge.example", "verify-email");
        (verify.GetProperty("name").GetString(), verify.GetProperty("firmName").GetString()).ShouldBe(("Ravi Shah", "Cloudbridge"));
        var members = await Client.CallAsync(HttpMethod.Get, $"/api/network/firms/{owner.FirmId}/members", ownerToken, null, HttpStatusCode.OK);
        var ravi = members.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("email").GetString() == "ravi@cloudbridge.example");
        ravi.GetProperty("emailVerified").GetBoolean().ShouldBeFalse();
        var id = ravi.GetProperty("id").GetGuid();
        await Client.CallAsync(HttpMethod.Put, $"/api/network/firms/{owner.FirmId}/members/{id}/role", ownerToken, new { role = "Dispatcher" }, HttpStatusCode.OK);
        await Client.CallAsync(HttpMethod.Put, $"/api/network/firms/{owner.FirmId}/members/{id}/role", ownerToken, new { role = "Dispatcher" }, HttpStatusCode.OK); // no change
        await Client.CallAsync(HttpMethod.Delete, $"/api/network/firms/{owner.FirmId}/members/{id}", ownerToken, null, HttpStatusCode.NoContent);

        var changes = (await Db.EventsAsync("MemberChanged", owner.FirmId.ToString())).Where(c => c.GetProperty("memberId").GetGuid() == id)
            .Select(c => (c.GetProperty("name").GetString(), c.GetProperty("role").GetString(), c.GetProperty("emailVerified").GetBoolean(), c.GetProperty("removed").GetBoolean()));
        changes.ShouldBe([("Ravi Shah", "Engineer", false, false), ("Ravi Shah", "Dispatcher", false, false), ("Ravi Shah", "Dispatcher", false, true)]);
        await VerifyAsync(Mail.TokenOf(verify), HttpStatusCode.Gone); // the link went with the member
        (await Db.ScalarAsync<long>($"""SELECT count(*) FROM "AccountTokens" WHERE "MemberId" = '{id}'""")).ShouldBe(0);
    }

    [Fact]
    public async Task Every_role_asks_for_its_own_verification_link_and_only_its_own_address_gets_it()
    {
        var firm = await Accounts.RegisterFirmAsync(Client, "Roles Ltd");
        var ownerToken = await Accounts.SignInAsync(Client, firm.Email);
        var people = new List<(string Email, string Token)> { (firm.Email, ownerToken) };
        foreach (var role in new[] { "Dispatcher", "Engineer" })
        {
            var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@roles.example";
            await Client.CallAsync(HttpMethod.Post, $"/api/network/firms/{firm.FirmId}/invitations", ownerToken, new { email, role }, HttpStatusCode.Created);
            await Client.CallAsync(HttpMethod.Post, "/api/network/invitations/accept", null, new { token = Mail.TokenOf(await Mail.LatestAsync(Db, email, "invitation")), name = role, password = Accounts.Password }, HttpStatusCode.Accepted);
            people.Add((email, await Accounts.SignInAsync(Client, email)));
        }
        var before = (await Db.EventsAsync("AccountMailRequested")).Count;

        foreach (var (_, token) in people)
        {
            await Client.CallAsync(HttpMethod.Post, "/api/network/me/verification", token, null, HttpStatusCode.NoContent);
        }

        var sent = (await Db.EventsAsync("AccountMailRequested")).Skip(before).Select(m => (m.GetProperty("kind").GetString(), m.GetProperty("email").GetString()));
        sent.ShouldBe(people.Select(p => ((string?)"verify-email", (string?)p.Email)));
        (await Client.StatusAsync(HttpMethod.Post, "/api/network/me/verification", null)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Client.StatusAsync(HttpMethod.Post, "/api/network/me/verification", TestTokens.Forged(firm.FirmId, "Owner"))).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("/api/network/account/verify", """{"token": ""}""", "token")]
    [InlineData("/api/network/account/verify", """{}""", "token")]
    [InlineData("/api/network/account/verify", """{"token": "LONG"}""", "token")]
    [InlineData("/api/network/account/password-reset", """{}""", "email")]
    [InlineData("/api/network/account/password-reset", """{"email": "not-an-address"}""", "email")]
    [InlineData("/api/network/account/password-reset", """{"email": "a\u0000b@nul.example"}""", "email")]
    [InlineData("/api/network/account/password-reset", """{"email": "LONG@huge.example"}""", "email")]
    [InlineData("/api/network/account/password-reset/complete", """{}""", "token,password")]
    [InlineData("/api/network/account/password-reset/complete", """{"token": "t", "password": "LONG"}""", "password")]
    [InlineData("/api/network/account/password-reset/complete", """{"token": "LONG", "password": "a-fine-long-passphrase"}""", "token")]
    [InlineData("/api/network/firms", """{"name": "N", "timeZone": "UTC", "ownerName": "O", "ownerEmail": "o\u0000@nul.example", "ownerPassword": "a-fine-long-passphrase"}""", "ownerEmail")]
    public async Task Bad_account_requests_name_their_fields_in_a_400(string url, string body, string fields)
    {
        var ct = TestContext.Current.CancellationToken;
        using var content = new StringContent(body.Replace("LONG", new string('x', 100_000), StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync(url, content, ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync(ct));
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(fields.Split(','), ignoreOrder: true);
        (await Db.ScalarAsync<long>("""SELECT count(*) FROM "OutboxMessages" WHERE "MessageType" LIKE '%AccountMailRequested' """)).ShouldBe(0);
    }

    [Theory]
    [InlineData("made-up")]
    [InlineData("nul\u0000in-it")]
    [InlineData("ÿ€\U0001F600")]
    public async Task Tokens_nobody_issued_are_gone(string token)
    {
        await VerifyAsync(token, HttpStatusCode.Gone);
        await CompleteResetAsync(token, NewPassword, HttpStatusCode.Gone);
    }

    private async Task<List<Guid>> DirectoryAsync(string token) =>
        [.. (await Client.CallAsync(HttpMethod.Get, "/api/network/directory?limit=100", token, null, HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("firmId").GetGuid())];

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }
}

/// <summary>Accounts where the platform, not a person, vouches: operators, and a demo that does not ask for verification.</summary>
public sealed class SeededAccountTests
{
    [Fact]
    public async Task The_operator_is_seeded_verified_and_announced()
    {
        await using var service = await ServiceUnderTest<NetworkDbContext>.StartAsync("network", new Dictionary<string, string?>
        {
            ["Platform:Operators:0:Email"] = "Ops@Marketplace.example",
            ["Platform:Operators:0:Password"] = Accounts.Password,
        });

        var token = await Accounts.SignInAsync(service.Client, "ops@marketplace.example");
        var me = await service.Client.CallAsync(HttpMethod.Get, "/api/network/me", token, null, HttpStatusCode.OK);

        (me.GetProperty("role").GetString(), me.GetProperty("emailVerified").GetBoolean()).ShouldBe(("Admin", true));
        var joined = (await service.Db.EventsAsync("MemberChanged")).ShouldHaveSingleItem();
        (joined.GetProperty("email").GetString(), joined.GetProperty("role").GetString(), joined.GetProperty("emailVerified").GetBoolean()).ShouldBe(("ops@marketplace.example", "Admin", true));
        (await service.Db.EventsAsync("AccountMailRequested")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Without_verification_asked_a_new_firm_takes_referrals_at_once_and_is_still_sent_the_link()
    {
        await using var service = await ServiceUnderTest<NetworkDbContext>.StartAsync("network", new Dictionary<string, string?> { ["Accounts:VerifyBeforeReferrals"] = "false" });

        var firm = await Accounts.RegisterFirmAsync(service.Client, "Demo Partners");

        (await service.Db.EventsAsync("FirmRegistered")).Single().GetProperty("takesReferrals").GetBoolean().ShouldBeTrue();
        (await Mail.ToAsync(service.Db, firm.Email, "verify-email")).Count.ShouldBe(1);
    }
}
