using System.Net;
using System.Net.Http.Json;
using Marketplace.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using NodaTime;
using Shouldly;

namespace Marketplace.EndToEnd.Tests;

/// <summary>
/// "A member's removal, role change or sign-out ends their access within a minute": through the gateway with every
/// service real, the member's existing access token is polled until Matching, Catalog and Scheduling refuse it.
/// </summary>
[Collection(MarketplaceCollection.Name)]
public sealed class SessionTests(MarketplaceFixture system)
{
    private static readonly TimeSpan WithinAMinute = TimeSpan.FromMinutes(1);

    private HttpClient Gateway => system.Gateway;

    /// <summary>A new member of the owner's firm, invited and joined through the gateway: their address and id.</summary>
    private async Task<(string Email, Guid MemberId)> JoinAsync(Guid firmId, string ownerToken, string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@session.example";
        await Gateway.CallAsync(HttpMethod.Post, $"/api/network/firms/{firmId}/invitations", ownerToken, new { email, role }, HttpStatusCode.Created);
        // The invitee follows the link mailed to them (the inviter never sees it).
        var join = MarketplaceFixture.LinkIn(await system.MailToAsync(email, "Join "), "/portal/join");
        await Gateway.CallAsync(HttpMethod.Post, "/api/network/invitations/accept", null,
            new { token = System.Web.HttpUtility.ParseQueryString(join.Query)["token"], name = $"A {role}", password = Accounts.Password }, HttpStatusCode.Accepted);
        var members = await Gateway.CallAsync(HttpMethod.Get, $"/api/network/firms/{firmId}/members", ownerToken, null, HttpStatusCode.OK);
        return (email, members.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("email").GetString() == email).GetProperty("id").GetGuid());
    }

    /// <summary>One call to each of the three services that needs a caller.</summary>
    private static string[] ServiceCalls(Guid firmId) =>
        ["/api/matching/referrals", $"/api/catalog/partners/{firmId}/skills", "/api/scheduling/availability?skill=sd-wan"];

    private async Task<HttpStatusCode> StatusAsync(string url, string token)
    {
        using var response = await system.GetAsync(url, token);
        return response.StatusCode;
    }

    /// <summary>Taken by every replica: neither refused (401) nor unanswered (a 5xx: a service that could not check the session).</summary>
    private async Task TakenEverywhereAsync(Guid firmId, string token)
    {
        foreach (var url in ServiceCalls(firmId))
        {
            foreach (var status in await system.OnEveryReplicaAsync(HttpMethod.Get, url, token))
            {
                ((int)status is < 500 and not 401).ShouldBeTrue($"{url} answered {(int)status}");
            }
        }
    }

    /// <summary>
    /// Polls (bounded) until every replica of every one of the services refuses the token (each replica believes
    /// Network's verdict for its own cache window); then they must go on refusing it.
    /// </summary>
    private async Task RefusedEverywhereAsync(Guid firmId, string token, string because)
    {
        foreach (var url in ServiceCalls(firmId))
        {
            (await Eventually.TrueAsync(async () => (await system.OnEveryReplicaAsync(HttpMethod.Get, url, token)).All(s => s == HttpStatusCode.Unauthorized),
                WithinAMinute, TimeSpan.FromMilliseconds(250))).ShouldBeTrue($"some replica behind {url} still took the token a minute after {because}");
        }
        foreach (var url in ServiceCalls(firmId))
        {
            (await system.OnEveryReplicaAsync(HttpMethod.Get, url, token)).ShouldAllBe(s => s == HttpStatusCode.Unauthorized, url);
        }
        (await StatusAsync("/api/network/me", token)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    private static object Referral(string summary)
    {
        var monday = SystemClock.Instance.GetCurrentInstant().InUtc().Date.Next(IsoDayOfWeek.Monday);
        return new
        {
            summary, skills = new[] { new { skillId = "sd-wan", minLevel = 3 } }, effortHours = 20, hoursPerWeek = 10,
            earliestStart = monday.ToDateOnly(), latestStart = monday.PlusWeeks(2).ToDateOnly(), clientTimeZone = "America/New_York",
            clientName = "Bright Smiles Dental", engagementMode = "HandOff",
        };
    }

    private async Task<HttpStatusCode> PostReferralAsync(string token, object body, string? idempotencyKey = null)
    {
        using var request = Accounts.Authorized(HttpMethod.Post, "/api/matching/referrals", token);
        request.Content = JsonContent.Create(body);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        using var response = await Gateway.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_member_removed_by_its_owner_is_refused_by_Matching_Catalog_and_Scheduling_within_a_minute_and_cannot_refresh()
    {
        var (firmId, ownerToken) = await system.NewFirmAsync("Removal Ltd");
        var (email, memberId) = await JoinAsync(firmId, ownerToken, "Engineer");
        var session = await Sessions.SignInAsync(Gateway, email);
        await TakenEverywhereAsync(firmId, session.AccessToken); // checked and believed everywhere first

        await Gateway.CallAsync(HttpMethod.Delete, $"/api/network/firms/{firmId}/members/{memberId}", ownerToken, null, HttpStatusCode.NoContent);

        await RefusedEverywhereAsync(firmId, session.AccessToken, "the member was removed");
        using var refresh = await Sessions.RefreshAsync(Gateway, session.RefreshToken);
        refresh.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Sessions.RefusalAsync(refresh)).ShouldBe("invalid_grant");
        (await StatusAsync("/api/matching/referrals", ownerToken)).ShouldBe(HttpStatusCode.OK); // the owner goes on
    }

    [Fact]
    public async Task A_demoted_dispatchers_old_token_can_no_longer_post_a_referral_and_the_refreshed_one_is_an_engineers()
    {
        var (firmId, ownerToken) = await system.NewFirmAsync("Demotion Ltd");
        var (email, memberId) = await JoinAsync(firmId, ownerToken, "Dispatcher");
        var session = await Sessions.SignInAsync(Gateway, email);
        // A dispatcher posts referrals (once Matching has heard of the firm; the key makes the retries one referral).
        var key = Guid.NewGuid().ToString();
        (await Eventually.TrueAsync(async () => await PostReferralAsync(session.AccessToken, Referral("Firewall review"), key) == HttpStatusCode.Created,
            TimeSpan.FromSeconds(30))).ShouldBeTrue("the dispatcher could never post a referral");

        await Gateway.CallAsync(HttpMethod.Put, $"/api/network/firms/{firmId}/members/{memberId}/role", ownerToken, new { role = "Engineer" }, HttpStatusCode.OK);

        // Polled with a body Matching refuses (400) for as long as it takes the token, so the polling posts nothing.
        (await Eventually.TrueAsync(async () => (await system.OnEveryReplicaAsync(HttpMethod.Post, "/api/matching/referrals", session.AccessToken, new { }))
            .All(s => s == HttpStatusCode.Unauthorized), WithinAMinute, TimeSpan.FromMilliseconds(250)))
            .ShouldBeTrue("some Matching replica still took the demoted dispatcher's token a minute later");
        (await system.OnEveryReplicaAsync(HttpMethod.Post, "/api/matching/referrals", session.AccessToken, Referral("Posted after the demotion")))
            .ShouldAllBe(s => s == HttpStatusCode.Unauthorized);
        await RefusedEverywhereAsync(firmId, session.AccessToken, "the role changed");

        var renewed = await Sessions.RefreshedAsync(Gateway, session.RefreshToken);
        new JsonWebToken(renewed.AccessToken).GetClaim("role").Value.ShouldBe("Engineer");
        (await PostReferralAsync(renewed.AccessToken, Referral("Posted as an engineer"))).ShouldBe(HttpStatusCode.Forbidden);
        (await StatusAsync("/api/matching/referrals", renewed.AccessToken)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task After_sign_out_the_old_access_token_stops_working_within_a_minute_and_its_refresh_token_too()
    {
        var firm = await Accounts.RegisterFirmAsync(Gateway, "Sign-out Ltd");
        var session = await Sessions.SignInAsync(Gateway, firm.Email);
        var elsewhere = await Sessions.SignInAsync(Gateway, firm.Email); // another device of the same person
        await TakenEverywhereAsync(firm.FirmId, session.AccessToken);
        await TakenEverywhereAsync(firm.FirmId, elsewhere.AccessToken);

        await Gateway.CallAsync(HttpMethod.Post, "/api/network/me/sign-out", session.AccessToken, null, HttpStatusCode.NoContent);

        await RefusedEverywhereAsync(firm.FirmId, session.AccessToken, "signing out");
        await RefusedEverywhereAsync(firm.FirmId, elsewhere.AccessToken, "signing out on another device");
        foreach (var refreshToken in new[] { session.RefreshToken, elsewhere.RefreshToken })
        {
            using var refresh = await Sessions.RefreshAsync(Gateway, refreshToken);
            (await Sessions.RefusalAsync(refresh)).ShouldBe("invalid_grant");
        }
        // Signing in again works at once, everywhere.
        await TakenEverywhereAsync(firm.FirmId, (await Sessions.SignInAsync(Gateway, firm.Email)).AccessToken);
    }

    [Fact]
    public async Task A_refresh_through_the_gateway_rotates_and_a_reused_refresh_token_ends_the_family()
    {
        var firm = await Accounts.RegisterFirmAsync(Gateway, "Rotation Ltd");
        var first = await Sessions.SignInAsync(Gateway, firm.Email);
        var second = await Sessions.RefreshedAsync(Gateway, first.RefreshToken);
        second.RefreshToken.ShouldNotBe(first.RefreshToken);
        (await StatusAsync("/api/matching/referrals", second.AccessToken)).ShouldBe(HttpStatusCode.OK);

        using var reused = await Sessions.RefreshAsync(Gateway, first.RefreshToken);
        (await Sessions.RefusalAsync(reused)).ShouldBe("invalid_grant");
        using var newest = await Sessions.RefreshAsync(Gateway, second.RefreshToken);
        (await Sessions.RefusalAsync(newest)).ShouldBe("invalid_grant");
    }

    /// <summary>A browser without a browser: cookies kept, redirects not followed, through the gateway like people.</summary>
    private HttpClient PortalClient() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = system.GatewayUrl };

    private static async Task<string> AntiforgeryAsync(HttpClient portal, string page)
    {
        var html = await portal.GetStringAsync(page, TestContext.Current.CancellationToken);
        var match = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        match.Success.ShouldBeTrue($"no antiforgery token on {page}");
        return match.Groups[1].Value;
    }

    private static async Task PortalSignInAsync(HttpClient portal, string email)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email, ["Password"] = Accounts.Password, ["__RequestVerificationToken"] = await AntiforgeryAsync(portal, "/portal/sign-in"),
        });
        using var response = await portal.PostAsync("/portal/sign-in", form, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        response.Headers.Location!.OriginalString.ShouldBe("/portal");
    }

    /// <summary>The portal's home page: its HTML, or null when the person was sent to sign in.</summary>
    private static async Task<string?> HomeAsync(HttpClient portal)
    {
        using var response = await portal.GetAsync("/portal", TestContext.Current.CancellationToken);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            response.Headers.Location!.OriginalString.ShouldStartWith("/portal/sign-in");
            return null;
        }
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task In_the_portal_a_demoted_member_carries_on_with_the_new_role_and_a_removed_one_is_sent_to_sign_in()
    {
        var (firmId, ownerToken) = await system.NewFirmAsync("Portal Sessions Ltd");
        var (email, memberId) = await JoinAsync(firmId, ownerToken, "Dispatcher");
        using var portal = PortalClient();
        await PortalSignInAsync(portal, email);
        (await HomeAsync(portal))!.ShouldContain("(Dispatcher)");

        await Gateway.CallAsync(HttpMethod.Put, $"/api/network/firms/{firmId}/members/{memberId}/role", ownerToken, new { role = "Engineer" }, HttpStatusCode.OK);
        // The old access token is refused; the portal renews it with the refresh token and the person goes on, as an engineer.
        (await Eventually.TrueAsync(async () => (await HomeAsync(portal))?.Contains("(Engineer)", StringComparison.Ordinal) == true, WithinAMinute,
            TimeSpan.FromMilliseconds(500))).ShouldBeTrue("the portal never showed the new role");

        await Gateway.CallAsync(HttpMethod.Delete, $"/api/network/firms/{firmId}/members/{memberId}", ownerToken, null, HttpStatusCode.NoContent);
        // The renewal is refused: signed out, and sent to sign in.
        (await Eventually.TrueAsync(async () => await HomeAsync(portal) is null, WithinAMinute, TimeSpan.FromMilliseconds(500)))
            .ShouldBeTrue("the removed member was never sent to sign in");
    }

    [Fact]
    public async Task Signing_out_of_the_portal_ends_the_persons_sessions_at_Network_too()
    {
        var firm = await Accounts.RegisterFirmAsync(Gateway, "Portal Sign-out Ltd");
        var api = await Sessions.SignInAsync(Gateway, firm.Email); // the same person, through the API
        using var portal = PortalClient();
        await PortalSignInAsync(portal, firm.Email);
        (await HomeAsync(portal)).ShouldNotBeNull();

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = await AntiforgeryAsync(portal, "/portal/sign-out") });
        using var signedOut = await portal.PostAsync("/portal/sign-out", form, TestContext.Current.CancellationToken);
        signedOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signedOut.Headers.Location!.OriginalString.ShouldBe("/portal/sign-in");

        (await HomeAsync(portal)).ShouldBeNull();
        await RefusedEverywhereAsync(firm.FirmId, api.AccessToken, "signing out of the portal");
        using var refresh = await Sessions.RefreshAsync(Gateway, api.RefreshToken);
        (await Sessions.RefusalAsync(refresh)).ShouldBe("invalid_grant");
    }
}
