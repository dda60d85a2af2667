using System.Net;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Marketplace.Notifications.Tests;

public sealed class PreferencesApiTests(NotificationsHost host) : IClassFixture<NotificationsHost>
{
    private const string Url = "/api/notifications/preferences";

    private static object Change(string kind, string delivery) => new { kinds = new[] { new { kind, delivery } } };

    private static string DeliveryOf(System.Text.Json.JsonElement view, string kind) =>
        view.GetProperty("kinds").EnumerateArray().Single(k => k.GetProperty("kind").GetString() == kind).GetProperty("delivery").GetString()!;

    [Fact]
    public async Task A_member_reads_and_changes_their_own_preferences()
    {
        var firm = await host.FirmAsync("Acme Security", "Europe/Berlin", "Owner", "Dispatcher");
        var owner = firm.The("Owner").Token(firm.Id);

        var before = await host.Client.CallAsync(HttpMethod.Get, Url, owner, null, HttpStatusCode.OK);
        before.GetProperty("kinds").EnumerateArray().ShouldAllBe(k => k.GetProperty("delivery").GetString() == "Immediately");

        var after = await host.Client.CallAsync(HttpMethod.Put, Url, owner, Change("fee-disputed", "Digest"), HttpStatusCode.OK);
        DeliveryOf(after, "fee-disputed").ShouldBe("Digest");
        DeliveryOf(await host.Client.CallAsync(HttpMethod.Get, Url, owner, null, HttpStatusCode.OK), "fee-disputed").ShouldBe("Digest");
        DeliveryOf(await host.Client.CallAsync(HttpMethod.Get, Url, firm.The("Dispatcher").Token(firm.Id), null, HttpStatusCode.OK), "fee-disputed")
            .ShouldBe("Immediately");
    }

    [Fact]
    public async Task Offers_cannot_be_turned_away_from_the_last_owner_or_dispatcher_who_gets_them()
    {
        var firm = await host.FirmAsync("Acme Security", "Europe/Berlin", "Owner", "Dispatcher");

        await host.Client.CallAsync(HttpMethod.Put, Url, firm.The("Owner").Token(firm.Id), Change("offer-made", "Off"), HttpStatusCode.OK);
        (await host.Client.CallAsync(HttpMethod.Put, Url, firm.The("Dispatcher").Token(firm.Id), Change("offer-made", "Digest"), HttpStatusCode.Conflict))
            .ShouldBeProblem("state-conflict");
        await host.Client.CallAsync(HttpMethod.Put, Url, firm.The("Dispatcher").Token(firm.Id), Change("offer-deadline", "Off"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Nobody_reaches_another_members_preferences()
    {
        var firm = await host.FirmAsync("Acme Security", "Europe/Berlin", "Owner");
        var other = await host.FirmAsync("Northwind IT", "America/New_York", "Owner");
        var member = firm.The("Owner").Id;
        var fromOtherFirm = TestTokens.For(other.Id, "Owner", member.ToString()); // the right subject, another firm's token

        (await host.Client.StatusAsync(HttpMethod.Get, Url, fromOtherFirm)).ShouldBe(HttpStatusCode.NotFound);
        (await host.Client.StatusAsync(HttpMethod.Put, Url, fromOtherFirm, Change("fee-disputed", "Off"))).ShouldBe(HttpStatusCode.NotFound);
        (await host.Client.StatusAsync(HttpMethod.Get, Url, null)).ShouldBe(HttpStatusCode.Unauthorized);
        (await host.Client.StatusAsync(HttpMethod.Put, Url, null, Change("fee-disputed", "Off"))).ShouldBe(HttpStatusCode.Unauthorized);
        (await host.Client.StatusAsync(HttpMethod.Get, Url, TestTokens.Forged(firm.Id, "Owner"))).ShouldBe(HttpStatusCode.Unauthorized);
        (await host.Client.StatusAsync(HttpMethod.Get, Url, TestTokens.Expired(firm.Id, "Owner"))).ShouldBe(HttpStatusCode.Unauthorized);
        (await host.Client.StatusAsync(HttpMethod.Get, Url, TestTokens.For(firm.Id, "Machine", "integration"))).ShouldBe(HttpStatusCode.Forbidden);
        (await host.QueryAsync(db => db.Preferences.AnyAsync(p => p.MemberId == member))).ShouldBeFalse();
    }

    [Fact]
    public async Task Bad_input_gets_a_problem_never_a_server_error()
    {
        var firm = await host.FirmAsync("Acme Security", "Europe/Berlin", "Owner", "Dispatcher");
        var token = firm.The("Owner").Token(firm.Id);

        (await BadInput.CheckAsync(host.Client, HttpMethod.Put, Url, token)).ShouldBeEmpty();
        (await host.Client.StatusAsync(HttpMethod.Put, Url, token, Change("newsletter", "Off"))).ShouldBe(HttpStatusCode.BadRequest);
        (await host.Client.StatusAsync(HttpMethod.Put, Url, token, Change("fee-disputed", "Weekly"))).ShouldBe(HttpStatusCode.BadRequest);
        (await host.Client.StatusAsync(HttpMethod.Put, Url, token, Change("fee-disputed", "2"))).ShouldBe(HttpStatusCode.BadRequest);
        (await host.Client.StatusAsync(HttpMethod.Put, Url, token, new { kinds = Array.Empty<object>() })).ShouldBe(HttpStatusCode.BadRequest);
    }
}
