using System.Net;
using System.Text.Json;
using Marketplace.Network.Data;
using Marketplace.Testing;
using Shouldly;

namespace Marketplace.Network.Tests;

/// <summary>
/// Every Network endpoint that touches one firm's data, called by another firm's Owner, by the firm's own
/// Engineer (a role that may not act), anonymously, and with a forged token: none of them gets the data or
/// changes it. Endpoints public by design (registration, accepting an invitation by its secret token, the token
/// endpoint, the mailed account links) and the directory, profiles and reputations every member may read are listed
/// with what they answer.
/// </summary>
public sealed class IsolationMatrixTests : IAsyncLifetime
{
    private ServiceUnderTest<NetworkDbContext> _service = null!;

    private HttpClient Client => _service.Client;

    public async ValueTask InitializeAsync() => _service = await ServiceUnderTest<NetworkDbContext>.StartAsync("network");

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Nobody_outside_a_firm_sees_or_changes_its_data()
    {
        // The victim: a firm with a member, an open invitation, and a partnership with terms.
        var victim = await Accounts.RegisterFirmAsync(Client, "Victim Ltd");
        var owner = await Accounts.SignInAsync(Client, victim.Email);
        var partner = await Accounts.RegisterFirmAsync(Client, "Partner Ltd");
        var partnerOwner = await Accounts.SignInAsync(Client, partner.Email);
        await Client.CallAsync(HttpMethod.Post, $"/api/network/firms/{victim.FirmId}/invitations", owner, new { email = "secret-hire@victim.example", role = "Engineer" }, HttpStatusCode.Created);
        var memberId = (await Client.CallAsync(HttpMethod.Get, $"/api/network/firms/{victim.FirmId}/members", owner, null, HttpStatusCode.OK)).GetProperty("members")[0].GetProperty("id").GetGuid();
        var partnership = (await Client.CallAsync(HttpMethod.Post, "/api/network/partnerships", owner, new { partnerFirmId = partner.FirmId, message = "confidential pricing" }, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await Client.CallAsync(HttpMethod.Post, $"/api/network/partnerships/{partnership}/accept", partnerOwner, null, HttpStatusCode.OK);
        var before = await SnapshotAsync(owner, victim.FirmId, partnership);

        var attacker = await Accounts.SignInAsync(Client, (await Accounts.RegisterFirmAsync(Client, "Attacker Ltd")).Email);
        var engineer = TestTokens.For(victim.FirmId, "Engineer");
        var forged = TestTokens.Forged(victim.FirmId, "Owner");
        var profile = new { name = "Pwned", timeZone = "UTC", workingDays = new[] { 1 }, opensAt = "09:00", closesAt = "10:00" };
        var terms = new { engagementModes = new[] { "HandOff" }, feeKind = "Percent", feePercent = 50, nonSolicitMonths = 0, responseSlaBusinessHours = 1, maxConcurrentReferrals = 1 };

        // (method, url, body, other firm's Owner, own Engineer, anonymous)
        var rows = new (HttpMethod Method, string Url, object? Body, HttpStatusCode Other, HttpStatusCode Engineer, HttpStatusCode Anonymous)[]
        {
            (HttpMethod.Put, $"/api/network/firms/{victim.FirmId}", profile, HttpStatusCode.NotFound, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized),
            (HttpMethod.Get, $"/api/network/firms/{victim.FirmId}/members", null, HttpStatusCode.NotFound, HttpStatusCode.OK, HttpStatusCode.Unauthorized),
            (HttpMethod.Post, $"/api/network/firms/{victim.FirmId}/invitations", new { email = "mole@attacker.example", role = "Owner" }, HttpStatusCode.NotFound, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized),
            (HttpMethod.Put, $"/api/network/firms/{victim.FirmId}/members/{memberId}/role", new { role = "Engineer" }, HttpStatusCode.NotFound, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized),
            (HttpMethod.Delete, $"/api/network/firms/{victim.FirmId}/members/{memberId}", null, HttpStatusCode.NotFound, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized),
            (HttpMethod.Get, $"/api/network/partnerships/{partnership}", null, HttpStatusCode.NotFound, HttpStatusCode.OK, HttpStatusCode.Unauthorized),
            (HttpMethod.Post, $"/api/network/partnerships/{partnership}/decline", new { reason = "x" }, HttpStatusCode.NotFound, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized),
            (HttpMethod.Post, $"/api/network/partnerships/{partnership}/end", new { reason = "x" }, HttpStatusCode.NotFound, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized),
            (HttpMethod.Put, $"/api/network/partnerships/{partnership}/agreement", terms, HttpStatusCode.NotFound, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized),
            (HttpMethod.Post, $"/api/network/partnerships/{partnership}/agreement/1/accept", null, HttpStatusCode.NotFound, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized),
            (HttpMethod.Post, $"/api/network/partnerships/{partnership}/agreement/1/reject", new { reason = "x" }, HttpStatusCode.NotFound, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized),
            (HttpMethod.Post, "/api/network/partnerships", new { partnerFirmId = partner.FirmId }, HttpStatusCode.Created, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized),
            (HttpMethod.Post, "/api/network/ratings", new { referralId = Guid.NewGuid(), score = 1 }, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.Unauthorized),
            // Readable by every member by design: a firm's public profile, the directory, reputations.
            (HttpMethod.Get, $"/api/network/firms/{victim.FirmId}", null, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized),
            (HttpMethod.Get, "/api/network/directory", null, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized),
            (HttpMethod.Get, $"/api/network/firms/{victim.FirmId}/reputation", null, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized),
            (HttpMethod.Get, "/api/network/me", null, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized),
            (HttpMethod.Get, "/api/network/partnerships", null, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized),
            // The same list for everyone signed in: which countries' and regions' holidays a firm may keep.
            (HttpMethod.Get, "/api/network/holiday-calendars", null, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized),
            // The caller's own address only, whoever calls (a token's subject that is no member gets nothing sent).
            (HttpMethod.Post, "/api/network/me/verification", null, HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.Unauthorized),
        };

        var mismatches = new List<string>();
        foreach (var row in rows)
        {
            foreach (var (who, token, expected) in new[] { ("other firm", attacker, row.Other), ("own engineer", engineer, row.Engineer), ("anonymous", (string?)null, row.Anonymous), ("forged", forged, HttpStatusCode.Unauthorized) })
            {
                var (status, body) = await Client.SendAsync(row.Method, row.Url, token, row.Body);
                if (status != expected)
                {
                    mismatches.Add($"{who} {row.Method} {row.Url}: {(int)status}, expected {(int)expected}");
                }
                if (who == "other firm" && (body.Contains("secret-hire", StringComparison.Ordinal) || body.Contains("confidential pricing", StringComparison.Ordinal) || body.Contains(victim.Email, StringComparison.Ordinal)))
                {
                    mismatches.Add($"{who} {row.Method} {row.Url} saw the victim's private data: {body}");
                }
            }
        }

        mismatches.ShouldBeEmpty();
        (await SnapshotAsync(owner, victim.FirmId, partnership)).ShouldBe(before);
    }

    [Fact]
    public async Task The_account_links_act_only_by_their_secret_whatever_token_comes_with_them()
    {
        var victim = await Accounts.RegisterFirmAsync(Client, "Victim Ltd");
        var owner = await Accounts.SignInAsync(Client, victim.Email);
        var attacker = await Accounts.RegisterFirmAsync(Client, "Attacker Ltd");
        var attackerToken = await Accounts.SignInAsync(Client, attacker.Email);
        var before = await SnapshotAsync(owner, victim.FirmId, null);
        var mailsBefore = await _service.Db.EventsAsync("AccountMailRequested");

        var mismatches = new List<string>();
        foreach (var (who, token) in new[] { ("other firm", attackerToken), ("own engineer", TestTokens.For(victim.FirmId, "Engineer")), ("anonymous", (string?)null),
            ("forged", TestTokens.Forged(victim.FirmId, "Owner")), ("victim's own", owner) })
        {
            foreach (var (url, body, expected) in new (string, object, HttpStatusCode)[]
            {
                ("/api/network/account/verify", new { token = "guessed" }, HttpStatusCode.Gone),
                ("/api/network/account/password-reset/complete", new { token = "guessed", password = "an-attackers-password" }, HttpStatusCode.Gone),
                ("/api/network/account/password-reset", new { email = victim.Email }, HttpStatusCode.Accepted),
            })
            {
                var (status, answer) = await Client.SendAsync(HttpMethod.Post, url, token, body);
                if (status != expected)
                {
                    mismatches.Add($"{who} POST {url}: {(int)status}, expected {(int)expected}");
                }
                if (answer.Contains("token", StringComparison.OrdinalIgnoreCase) || answer.Contains(victim.Email, StringComparison.OrdinalIgnoreCase))
                {
                    mismatches.Add($"{who} POST {url} was answered with a secret or the address: {answer}");
                }
            }
        }

        mismatches.ShouldBeEmpty();
        // The reset links went to the victim's address and nowhere else (and only as many as an hour allows).
        var sent = (await _service.Db.EventsAsync("AccountMailRequested")).Skip(mailsBefore.Count).ToList();
        sent.ShouldAllBe(m => m.GetProperty("email").GetString() == victim.Email && m.GetProperty("kind").GetString() == "reset-password");
        sent.Count.ShouldBe(5);
        (await SnapshotAsync(owner, victim.FirmId, null)).ShouldBe(before);
        await Accounts.SignInAsync(Client, victim.Email); // the password is the victim's still
    }

    /// <summary>Everything the attacks could have changed, as the victim's Owner sees it.</summary>
    private async Task<string> SnapshotAsync(string owner, Guid firm, Guid? partnership)
    {
        var profile = await Client.CallAsync(HttpMethod.Get, $"/api/network/firms/{firm}", owner, null, HttpStatusCode.OK);
        var members = await Client.CallAsync(HttpMethod.Get, $"/api/network/firms/{firm}/members", owner, null, HttpStatusCode.OK);
        var me = await Client.CallAsync(HttpMethod.Get, "/api/network/me", owner, null, HttpStatusCode.OK);
        JsonElement? terms = partnership is null ? null : await Client.CallAsync(HttpMethod.Get, $"/api/network/partnerships/{partnership}", owner, null, HttpStatusCode.OK);
        return JsonSerializer.Serialize(new { profile, members, me, terms });
    }
}
