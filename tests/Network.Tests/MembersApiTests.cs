using System.Net;
using System.Text.Json;
using Marketplace.Network.Data;
using Marketplace.Testing;
using Shouldly;

namespace Marketplace.Network.Tests;

public sealed class MembersApiTests : IAsyncLifetime
{
    private ServiceUnderTest<NetworkDbContext> _service = null!;

    private HttpClient Client => _service.Client;

    public async ValueTask InitializeAsync() => _service = await ServiceUnderTest<NetworkDbContext>.StartAsync("network");

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task An_invited_engineer_joins_signs_in_with_that_role_and_cannot_invite_anyone()
    {
        var owner = await Accounts.RegisterFirmAsync(Client, "Cloudbridge");
        var ownerToken = await Accounts.SignInAsync(Client, owner.Email);
        var invited = await Client.CallAsync(HttpMethod.Post, $"/api/network/firms/{owner.FirmId}/invitations", ownerToken,
            new { email = "Ravi@Cloudbridge.example", role = "Engineer" }, HttpStatusCode.Created);
        invited.TryGetProperty("token", out _).ShouldBeFalse(); // the link goes to the invitee's mailbox only
        var token = Mail.TokenOf(await Mail.LatestAsync(_service.Db, "ravi@cloudbridge.example", "invitation"));
        token.Length.ShouldBeGreaterThanOrEqualTo(43); // 256 bits, base64url

        var pending = await Client.CallAsync(HttpMethod.Get, $"/api/network/firms/{owner.FirmId}/members", ownerToken, null, HttpStatusCode.OK);
        pending.GetProperty("invitations")[0].GetProperty("email").GetString().ShouldBe("ravi@cloudbridge.example");
        pending.GetProperty("invitations")[0].TryGetProperty("token", out _).ShouldBeFalse(); // never shown to the inviter

        await Client.CallAsync(HttpMethod.Post, "/api/network/invitations/accept", null, new { token, name = "Ravi Shah", password = "engineer-password" }, HttpStatusCode.Accepted);
        await Client.CallAsync(HttpMethod.Post, "/api/network/invitations/accept", null, new { token, name = "Someone Else", password = "another-password" }, HttpStatusCode.Gone);

        var engineerToken = await Accounts.SignInAsync(Client, "ravi@cloudbridge.example", "engineer-password");
        var me = await Client.CallAsync(HttpMethod.Get, "/api/network/me", engineerToken, null, HttpStatusCode.OK);
        (me.GetProperty("role").GetString(), me.GetProperty("firmId").GetGuid()).ShouldBe(("Engineer", owner.FirmId));

        (await Client.StatusAsync(HttpMethod.Post, $"/api/network/firms/{owner.FirmId}/invitations", engineerToken, new { email = "x@y.example", role = "Owner" }))
            .ShouldBe(HttpStatusCode.Forbidden);
        var seenByEngineer = await Client.CallAsync(HttpMethod.Get, $"/api/network/firms/{owner.FirmId}/members", engineerToken, null, HttpStatusCode.OK);
        seenByEngineer.GetProperty("members").GetArrayLength().ShouldBe(2);
        seenByEngineer.GetProperty("invitations").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_firm_keeps_at_least_one_Owner_and_other_firms_reach_none_of_its_members()
    {
        var firm = await Accounts.RegisterFirmAsync(Client, "Solo Ltd");
        var token = await Accounts.SignInAsync(Client, firm.Email);
        var members = await Client.CallAsync(HttpMethod.Get, $"/api/network/firms/{firm.FirmId}/members", token, null, HttpStatusCode.OK);
        var ownerId = members.GetProperty("members")[0].GetProperty("id").GetGuid();

        await Client.CallAsync(HttpMethod.Put, $"/api/network/firms/{firm.FirmId}/members/{ownerId}/role", token, new { role = "Engineer" }, HttpStatusCode.Conflict);
        await Client.CallAsync(HttpMethod.Delete, $"/api/network/firms/{firm.FirmId}/members/{ownerId}", token, null, HttpStatusCode.Conflict);
        await Client.CallAsync(HttpMethod.Put, $"/api/network/firms/{firm.FirmId}/members/{ownerId}/role", token, new { role = "Janitor" }, HttpStatusCode.BadRequest);

        var other = await Accounts.RegisterFirmAsync(Client, "Other Ltd");
        var otherToken = await Accounts.SignInAsync(Client, other.Email);
        foreach (var (method, url, body) in new (HttpMethod, string, object?)[]
        {
            (HttpMethod.Get, $"/api/network/firms/{firm.FirmId}/members", null),
            (HttpMethod.Post, $"/api/network/firms/{firm.FirmId}/invitations", new { email = "spy@other.example", role = "Owner" }),
            (HttpMethod.Put, $"/api/network/firms/{firm.FirmId}/members/{ownerId}/role", new { role = "Engineer" }),
            (HttpMethod.Delete, $"/api/network/firms/{firm.FirmId}/members/{ownerId}", null),
            (HttpMethod.Put, $"/api/network/firms/{other.FirmId}/members/{ownerId}/role", new { role = "Engineer" }), // their own firm, our member
        })
        {
            (await Client.StatusAsync(method, url, otherToken, body)).ShouldBe(HttpStatusCode.NotFound, $"{method} {url}");
            (await Client.StatusAsync(method, url, null, body)).ShouldBe(HttpStatusCode.Unauthorized, $"{method} {url}");
        }
        var after = await Client.CallAsync(HttpMethod.Get, $"/api/network/firms/{firm.FirmId}/members", token, null, HttpStatusCode.OK);
        after.GetProperty("members")[0].GetProperty("role").GetString().ShouldBe("Owner");
        after.GetProperty("invitations").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Refusals_carry_their_stable_type_and_the_sentence_for_people_in_detail()
    {
        var firm = await Accounts.RegisterFirmAsync(Client, "Typed Ltd");
        var token = await Accounts.SignInAsync(Client, firm.Email);
        var members = await Client.CallAsync(HttpMethod.Get, $"/api/network/firms/{firm.FirmId}/members", token, null, HttpStatusCode.OK);
        var ownerId = members.GetProperty("members")[0].GetProperty("id").GetGuid();

        var lastOwner = await Client.CallAsync(HttpMethod.Delete, $"/api/network/firms/{firm.FirmId}/members/{ownerId}", token, null, HttpStatusCode.Conflict);
        lastOwner.GetProperty("type").GetString().ShouldBe("https://marketplace.local/problems/state-conflict");
        lastOwner.GetProperty("title").GetString().ShouldBe("Not possible in the current state");
        lastOwner.GetProperty("detail").GetString().ShouldBe("A firm keeps at least one Owner: you are its only Owner. Make another member an Owner before you leave the firm.");

        var gone = await Client.CallAsync(HttpMethod.Post, "/api/network/invitations/accept", null, new { token = "made-up", name = "X", password = "long-enough-password" }, HttpStatusCode.Gone);
        gone.GetProperty("type").GetString().ShouldBe("https://marketplace.local/problems/gone");
        gone.GetProperty("detail").GetString().ShouldBe("This invitation is unknown, used or expired.");
    }

    [Fact]
    public async Task Bad_invitations_name_their_fields_and_a_made_up_token_is_gone()
    {
        var firm = await Accounts.RegisterFirmAsync(Client);
        var token = await Accounts.SignInAsync(Client, firm.Email);

        var problem = await Client.CallAsync(HttpMethod.Post, $"/api/network/firms/{firm.FirmId}/invitations", token, new { email = "nope", role = "King" }, HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(["email", "role"], ignoreOrder: true);
        await Client.CallAsync(HttpMethod.Post, "/api/network/invitations/accept", null, new { token = "made-up", name = "X", password = "long-enough-password" }, HttpStatusCode.Gone);
    }

    [Fact]
    public async Task The_only_Owner_can_neither_demote_nor_remove_themselves_until_another_member_is_Owner()
    {
        var firm = await Accounts.RegisterFirmAsync(Client, "Lone Owner Ltd");
        var token = await Accounts.SignInAsync(Client, firm.Email);
        var ownerId = (await Client.CallAsync(HttpMethod.Get, $"/api/network/firms/{firm.FirmId}/members", token, null, HttpStatusCode.OK))
            .GetProperty("members")[0].GetProperty("id").GetGuid();

        foreach (var role in new[] { "Dispatcher", "Engineer" })
        {
            var demoted = await Client.CallAsync(HttpMethod.Put, $"/api/network/firms/{firm.FirmId}/members/{ownerId}/role", token, new { role }, HttpStatusCode.Conflict);
            demoted.GetProperty("type").GetString().ShouldBe("https://marketplace.local/problems/state-conflict");
            demoted.GetProperty("detail").GetString().ShouldBe("A firm keeps at least one Owner: you are its only Owner. Make another member an Owner before you change your own role.");
        }
        var removed = await Client.CallAsync(HttpMethod.Delete, $"/api/network/firms/{firm.FirmId}/members/{ownerId}", token, null, HttpStatusCode.Conflict);
        removed.GetProperty("type").GetString().ShouldBe("https://marketplace.local/problems/state-conflict");
        // Saying Owner again changes nothing and is no conflict.
        await Client.CallAsync(HttpMethod.Put, $"/api/network/firms/{firm.FirmId}/members/{ownerId}/role", token, new { role = "Owner" }, HttpStatusCode.OK);
        (await _service.Db.ScalarAsync<string>($"""SELECT "Role" FROM "Members" WHERE "Id" = '{ownerId}'""")).ShouldBe("Owner");

        // With a second Owner the first may step down; then the second is alone and is refused in turn.
        var coOwner = $"co-owner-{Guid.NewGuid():N}@lone.example";
        await Client.CallAsync(HttpMethod.Post, $"/api/network/firms/{firm.FirmId}/invitations", token, new { email = coOwner, role = "Owner" }, HttpStatusCode.Created);
        await Client.CallAsync(HttpMethod.Post, "/api/network/invitations/accept", null,
            new { token = Mail.TokenOf(await Mail.LatestAsync(_service.Db, coOwner, "invitation")), name = "Co Owner", password = Accounts.Password }, HttpStatusCode.Accepted);
        (await Client.CallAsync(HttpMethod.Put, $"/api/network/firms/{firm.FirmId}/members/{ownerId}/role", token, new { role = "Dispatcher" }, HttpStatusCode.OK))
            .GetProperty("role").GetString().ShouldBe("Dispatcher");
        var coToken = await Accounts.SignInAsync(Client, coOwner);
        var coId = (await Client.CallAsync(HttpMethod.Get, $"/api/network/firms/{firm.FirmId}/members", coToken, null, HttpStatusCode.OK))
            .GetProperty("members").EnumerateArray().Single(m => m.GetProperty("email").GetString() == coOwner).GetProperty("id").GetGuid();
        await Client.CallAsync(HttpMethod.Delete, $"/api/network/firms/{firm.FirmId}/members/{coId}", coToken, null, HttpStatusCode.Conflict);
        await Client.CallAsync(HttpMethod.Put, $"/api/network/firms/{firm.FirmId}/members/{coId}/role", coToken, new { role = "Engineer" }, HttpStatusCode.Conflict);
        (await _service.Db.ScalarAsync<long>($"""SELECT count(*) FROM "Members" WHERE "FirmId" = '{firm.FirmId}' AND "Role" = 'Owner'""")).ShouldBe(1);
    }

    [Fact]
    public async Task Two_owners_removing_each_other_at_once_leave_the_firm_one_owner()
    {
        // Once both 204: a firm nobody could sign in to, still taking referrals that reached nobody.
        for (var round = 0; round < 5; round++)
        {
            var owner = await Accounts.RegisterFirmAsync(Client, $"Feuding Owners {round}");
            var ownerToken = await Accounts.SignInAsync(Client, owner.Email);
            var partnerEmail = $"co-owner-{Guid.NewGuid():N}@feud.example";
            await Client.CallAsync(HttpMethod.Post, $"/api/network/firms/{owner.FirmId}/invitations", ownerToken, new { email = partnerEmail, role = "Owner" }, HttpStatusCode.Created);
            await Client.CallAsync(HttpMethod.Post, "/api/network/invitations/accept", null,
                new { token = Mail.TokenOf(await Mail.LatestAsync(_service.Db, partnerEmail, "invitation")), name = "Co Owner", password = Accounts.Password }, HttpStatusCode.Accepted);
            var coToken = await Accounts.SignInAsync(Client, partnerEmail);
            var members = await Client.CallAsync(HttpMethod.Get, $"/api/network/firms/{owner.FirmId}/members", ownerToken, null, HttpStatusCode.OK);
            Guid IdOf(string email) => members.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("email").GetString() == email).GetProperty("id").GetGuid();

            var answers = await Task.WhenAll(
                Client.StatusAsync(HttpMethod.Delete, $"/api/network/firms/{owner.FirmId}/members/{IdOf(partnerEmail)}", ownerToken),
                Client.StatusAsync(HttpMethod.Delete, $"/api/network/firms/{owner.FirmId}/members/{IdOf(owner.Email)}", coToken));

            // One removal wins; the other owner is refused: 409 when its request reached the last-owner rule, 401 when
            // its own removal had already ended its session by the time its request was signed in.
            answers.Count(a => a == HttpStatusCode.NoContent).ShouldBe(1);
            answers.Single(a => a != HttpStatusCode.NoContent).ShouldBeOneOf(HttpStatusCode.Conflict, HttpStatusCode.Unauthorized);
            (await _service.Db.ScalarAsync<long>($"""SELECT count(*) FROM "Members" WHERE "FirmId" = '{owner.FirmId}' AND "Role" = 'Owner'""")).ShouldBe(1);
        }
    }

    [Fact]
    public async Task Invitations_to_one_address_are_mail_and_are_limited_like_any_account_mail()
    {
        // Once 25 × 201 and 25 mails to one stranger from a free account: the platform's sender as anyone's mail cannon.
        var owner = await Accounts.RegisterFirmAsync(Client, "Noisy Owner Ltd");
        var token = await Accounts.SignInAsync(Client, owner.Email);
        var victim = $"{Guid.NewGuid():N}@victim.example";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add(await Client.StatusAsync(HttpMethod.Post, $"/api/network/firms/{owner.FirmId}/invitations", token, new { email = victim, role = "Engineer" }));
        }
        statuses.ShouldBe([.. Enumerable.Repeat(HttpStatusCode.Created, 5), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)]);
        (await Mail.ToAsync(_service.Db, victim, "invitation")).Count.ShouldBe(5);
    }

    [Fact]
    public async Task Inviting_and_joining_with_a_members_address_answer_as_for_anyone_and_make_no_second_member()
    {
        var firm = await Accounts.RegisterFirmAsync(Client, "Curious Owner Ltd");
        var token = await Accounts.SignInAsync(Client, firm.Email);
        var member = await Accounts.RegisterFirmAsync(Client, "Someone Else's Firm");
        var fresh = $"{Guid.NewGuid():N}@new.example";

        var forMember = await Client.CallAsync(HttpMethod.Post, $"/api/network/firms/{firm.FirmId}/invitations", token, new { email = member.Email, role = "Engineer" }, HttpStatusCode.Created);
        var forNewcomer = await Client.CallAsync(HttpMethod.Post, $"/api/network/firms/{firm.FirmId}/invitations", token, new { email = fresh, role = "Engineer" }, HttpStatusCode.Created);
        forMember.EnumerateObject().Select(p => p.Name).ShouldBe(forNewcomer.EnumerateObject().Select(p => p.Name));

        var joinedAsMember = await Client.CallAsync(HttpMethod.Post, "/api/network/invitations/accept", null,
            new { token = Mail.TokenOf(await Mail.LatestAsync(_service.Db, member.Email, "invitation")), name = "Mole", password = "a-password-of-the-mole" }, HttpStatusCode.Accepted);
        var joinedAsNewcomer = await Client.CallAsync(HttpMethod.Post, "/api/network/invitations/accept", null,
            new { token = Mail.TokenOf(await Mail.LatestAsync(_service.Db, fresh, "invitation")), name = "Newcomer", password = "a-newcomers-password" }, HttpStatusCode.Accepted);
        joinedAsMember.ToString().ShouldBe(joinedAsNewcomer.ToString());

        (await _service.Db.ScalarAsync<long>($"""SELECT count(*) FROM "Members" WHERE "Email" = '{member.Email}'""")).ShouldBe(1);
        var stillTheirs = await Accounts.SignInAsync(Client, member.Email);
        (await Client.CallAsync(HttpMethod.Get, "/api/network/me", stillTheirs, null, HttpStatusCode.OK)).GetProperty("firmId").GetGuid().ShouldBe(member.FirmId);
        await Accounts.SignInAsync(Client, fresh, "a-newcomers-password");
    }
}
