using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Network.Data;
using Marketplace.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Shouldly;

namespace Marketplace.Network.Tests;

/// <summary>
/// Short access tokens, rotating refresh tokens and the security stamp: removal, a role change and signing out end a
/// member's access (Network checks its own database on every request, so here at once).
/// </summary>
public sealed class SessionTests : IAsyncLifetime
{
    private ServiceUnderTest<NetworkDbContext> _service = null!;

    private HttpClient Client => _service.Client;

    public async ValueTask InitializeAsync() => _service = await ServiceUnderTest<NetworkDbContext>.StartAsync("network", new Dictionary<string, string?>
    {
        ["Auth:Clients:0:ClientId"] = "erp-sync",
        ["Auth:Clients:0:ClientSecret"] = "a-test-secret-of-some-length",
        ["Auth:Clients:0:FirmId"] = Guid.NewGuid().ToString(),
    });

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    private static JsonWebToken Jwt(string token) => new(token);

    /// <summary>An Owner's firm and a second member of it with <paramref name="role"/>: the owner's token, the member's address and id.</summary>
    private async Task<(Guid FirmId, string OwnerToken, string Email, Guid MemberId)> FirmWithMemberAsync(string role)
    {
        var owner = await Accounts.RegisterFirmAsync(Client, "Session Ltd");
        var ownerToken = await Accounts.SignInAsync(Client, owner.Email);
        var email = $"member-{Guid.NewGuid():N}@session.example";
        await Client.CallAsync(HttpMethod.Post, $"/api/network/firms/{owner.FirmId}/invitations", ownerToken, new { email, role }, HttpStatusCode.Created);
        await Client.CallAsync(HttpMethod.Post, "/api/network/invitations/accept", null,
            new { token = Mail.TokenOf(await Mail.LatestAsync(_service.Db, email, "invitation")), name = "Dana Member", password = Accounts.Password }, HttpStatusCode.Accepted);
        var members = await Client.CallAsync(HttpMethod.Get, $"/api/network/firms/{owner.FirmId}/members", ownerToken, null, HttpStatusCode.OK);
        var id = members.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("email").GetString() == email).GetProperty("id").GetGuid();
        return (owner.FirmId, ownerToken, email, id);
    }

    private Task<HttpStatusCode> SessionAsync(string accessToken) => Client.StatusAsync(HttpMethod.Get, "/api/network/me/session", accessToken);

    [Fact]
    public async Task Access_tokens_live_ten_minutes_and_a_refresh_rotates_the_refresh_token()
    {
        var ct = TestContext.Current.CancellationToken;
        var firm = await Accounts.RegisterFirmAsync(Client);

        // Without offline_access: an access token only.
        using var plain = await Accounts.RequestTokenAsync(Client, firm.Email, Accounts.Password);
        var body = await plain.Content.ReadFromJsonAsync<JsonElement>(ct);
        body.TryGetProperty("refresh_token", out _).ShouldBeFalse();
        body.GetProperty("expires_in").GetInt32().ShouldBeInRange(540, 600);

        using var offline = await Client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = firm.Email, ["password"] = Accounts.Password, ["scope"] = "offline_access",
        }), ct);
        var granted = await offline.Content.ReadFromJsonAsync<JsonElement>(ct);
        granted.GetProperty("refresh_token_expires_in").GetInt64().ShouldBe((long)TimeSpan.FromDays(14).TotalSeconds); // the portal's cookie lasts as long
        granted.GetProperty("refresh_token").GetString()!.Length.ShouldBeLessThan(100); // a reference: the payload stays with Network

        var first = await Sessions.SignInAsync(Client, firm.Email);
        first.ExpiresIn.ShouldBeInRange(540, 600);
        var jwt = Jwt(first.AccessToken);
        Guid.TryParse(jwt.GetClaim("stamp").Value, out _).ShouldBeTrue();
        jwt.TryGetClaim("sign_in_stamp", out _).ShouldBeFalse(); // the refresh token's business only
        (jwt.ValidTo - jwt.IssuedAt).ShouldBe(TimeSpan.FromMinutes(10));

        var second = await Sessions.RefreshedAsync(Client, first.RefreshToken);
        second.RefreshToken.ShouldNotBe(first.RefreshToken);
        second.AccessToken.ShouldNotBe(first.AccessToken);
        var renewed = Jwt(second.AccessToken);
        (renewed.GetClaim("sub").Value, renewed.GetClaim("firm_id").Value, renewed.GetClaim("role").Value, renewed.GetClaim("stamp").Value)
            .ShouldBe((jwt.GetClaim("sub").Value, firm.FirmId.ToString(), "Owner", jwt.GetClaim("stamp").Value));
        renewed.Audiences.ShouldBe(["marketplace-api"]);
        (await SessionAsync(second.AccessToken)).ShouldBe(HttpStatusCode.NoContent);
        var third = await Sessions.RefreshedAsync(Client, second.RefreshToken);
        third.RefreshToken.ShouldNotBe(second.RefreshToken);
    }

    [Fact]
    public async Task A_reused_refresh_token_is_refused_and_the_newest_one_of_its_family_fails_too()
    {
        var firm = await Accounts.RegisterFirmAsync(Client);
        var first = await Sessions.SignInAsync(Client, firm.Email);
        var other = await Sessions.SignInAsync(Client, firm.Email); // another device: another family
        var second = await Sessions.RefreshedAsync(Client, first.RefreshToken);

        using var reused = await Sessions.RefreshAsync(Client, first.RefreshToken);
        reused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Sessions.RefusalAsync(reused)).ShouldBe("invalid_grant");

        using var newest = await Sessions.RefreshAsync(Client, second.RefreshToken);
        (await Sessions.RefusalAsync(newest)).ShouldBe("invalid_grant");
        // The other family is untouched.
        await Sessions.RefreshedAsync(Client, other.RefreshToken);
    }

    [Fact]
    public async Task A_removed_members_access_token_is_refused_and_their_refresh_fails()
    {
        var (firmId, ownerToken, email, memberId) = await FirmWithMemberAsync("Engineer");
        var session = await Sessions.SignInAsync(Client, email);
        (await SessionAsync(session.AccessToken)).ShouldBe(HttpStatusCode.NoContent);

        await Client.CallAsync(HttpMethod.Delete, $"/api/network/firms/{firmId}/members/{memberId}", ownerToken, null, HttpStatusCode.NoContent);

        (await SessionAsync(session.AccessToken)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Client.StatusAsync(HttpMethod.Get, $"/api/network/firms/{firmId}/members", session.AccessToken)).ShouldBe(HttpStatusCode.Unauthorized);
        using var refresh = await Sessions.RefreshAsync(Client, session.RefreshToken);
        (await Sessions.RefusalAsync(refresh)).ShouldBe("invalid_grant");
        (await SessionAsync(ownerToken)).ShouldBe(HttpStatusCode.NoContent); // the owner's own session goes on
    }

    [Fact]
    public async Task After_a_role_change_the_old_access_token_is_refused_and_the_next_refresh_carries_the_new_role()
    {
        var (firmId, ownerToken, email, memberId) = await FirmWithMemberAsync("Dispatcher");
        var session = await Sessions.SignInAsync(Client, email);
        Jwt(session.AccessToken).GetClaim("role").Value.ShouldBe("Dispatcher");

        await Client.CallAsync(HttpMethod.Put, $"/api/network/firms/{firmId}/members/{memberId}/role", ownerToken, new { role = "Engineer" }, HttpStatusCode.OK);

        (await SessionAsync(session.AccessToken)).ShouldBe(HttpStatusCode.Unauthorized);
        var renewed = await Sessions.RefreshedAsync(Client, session.RefreshToken);
        Jwt(renewed.AccessToken).GetClaim("role").Value.ShouldBe("Engineer");
        (await SessionAsync(renewed.AccessToken)).ShouldBe(HttpStatusCode.NoContent);
        var me = await Client.CallAsync(HttpMethod.Get, "/api/network/me", renewed.AccessToken, null, HttpStatusCode.OK);
        me.GetProperty("role").GetString().ShouldBe("Engineer");

        // Giving the same role again changes nothing: the session goes on.
        await Client.CallAsync(HttpMethod.Put, $"/api/network/firms/{firmId}/members/{memberId}/role", ownerToken, new { role = "Engineer" }, HttpStatusCode.OK);
        (await SessionAsync(renewed.AccessToken)).ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Signing_out_ends_every_session_of_the_member_refresh_tokens_included()
    {
        var firm = await Accounts.RegisterFirmAsync(Client);
        var laptop = await Sessions.SignInAsync(Client, firm.Email);
        var phone = await Sessions.SignInAsync(Client, firm.Email);
        var phoneRenewed = await Sessions.RefreshedAsync(Client, phone.RefreshToken);

        await Client.CallAsync(HttpMethod.Post, "/api/network/me/sign-out", laptop.AccessToken, null, HttpStatusCode.NoContent);

        foreach (var access in new[] { laptop.AccessToken, phoneRenewed.AccessToken })
        {
            (await SessionAsync(access)).ShouldBe(HttpStatusCode.Unauthorized);
        }
        foreach (var refresh in new[] { laptop.RefreshToken, phoneRenewed.RefreshToken })
        {
            using var refused = await Sessions.RefreshAsync(Client, refresh);
            (await Sessions.RefusalAsync(refused)).ShouldBe("invalid_grant");
        }
        // Signing in again starts afresh.
        var again = await Sessions.SignInAsync(Client, firm.Email);
        (await SessionAsync(again.AccessToken)).ShouldBe(HttpStatusCode.NoContent);
        await Sessions.RefreshedAsync(Client, again.RefreshToken);
    }

    [Fact]
    public async Task Machine_clients_still_get_tokens_with_token_storage_on_and_tokens_without_a_stamp_are_not_checked()
    {
        var ct = TestContext.Current.CancellationToken;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "erp-sync", ["client_secret"] = "a-test-secret-of-some-length",
        });
        using var response = await Client.PostAsync("/connect/token", form, ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(ct));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        body.TryGetProperty("refresh_token", out _).ShouldBeFalse();
        var machine = body.GetProperty("access_token").GetString()!;
        Jwt(machine).TryGetClaim("stamp", out _).ShouldBeFalse();
        (await SessionAsync(machine)).ShouldBe(HttpStatusCode.NoContent);
        await Client.CallAsync(HttpMethod.Post, "/api/network/me/sign-out", machine, null, HttpStatusCode.NoContent);
        (await SessionAsync(TestTokens.For(Guid.NewGuid(), "Dispatcher"))).ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_stamp_that_is_not_the_members_is_refused()
    {
        var firm = await Accounts.RegisterFirmAsync(Client);
        var token = await Accounts.SignInAsync(Client, firm.Email);
        var jwt = Jwt(token);
        // Right signer, right member, a made-up stamp: as good as a token from before a sign-out.
        var forged = TestTokens.WithStamp(firm.FirmId, "Owner", jwt.GetClaim("sub").Value, Guid.NewGuid().ToString());
        (await SessionAsync(forged)).ShouldBe(HttpStatusCode.Unauthorized);
        (await SessionAsync(token)).ShouldBe(HttpStatusCode.NoContent);
    }
}
