using System.Net;
using Marketplace.Network.Data;
using Marketplace.Testing;
using Shouldly;

namespace Marketplace.Network.Tests;

public sealed class BadInputTests : IAsyncLifetime
{
    private ServiceUnderTest<NetworkDbContext> _service = null!;

    public async ValueTask InitializeAsync() => _service = await ServiceUnderTest<NetworkDbContext>.StartAsync("network");

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Every_endpoint_that_takes_a_body_answers_garbage_with_a_4xx_problem()
    {
        var client = _service.Client;
        var firm = await Accounts.RegisterFirmAsync(client);
        var owner = await Accounts.SignInAsync(client, firm.Email);
        var partner = await Accounts.RegisterFirmAsync(client, "Partner");
        var partnership = (await client.CallAsync(HttpMethod.Post, "/api/network/partnerships", owner, new { partnerFirmId = partner.FirmId }, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var member = (await client.CallAsync(HttpMethod.Get, $"/api/network/firms/{firm.FirmId}/members", owner, null, HttpStatusCode.OK)).GetProperty("members")[0].GetProperty("id").GetGuid();

        var problems = new List<string>();
        foreach (var (method, url, token) in new (HttpMethod, string, string?)[]
        {
            (HttpMethod.Post, "/api/network/firms", null),
            (HttpMethod.Put, $"/api/network/firms/{firm.FirmId}", owner),
            (HttpMethod.Post, $"/api/network/firms/{firm.FirmId}/invitations", owner),
            (HttpMethod.Put, $"/api/network/firms/{firm.FirmId}/members/{member}/role", owner),
            (HttpMethod.Post, "/api/network/invitations/accept", null),
            (HttpMethod.Post, "/api/network/partnerships", owner),
            (HttpMethod.Post, $"/api/network/partnerships/{partnership}/decline", owner),
            (HttpMethod.Post, $"/api/network/partnerships/{partnership}/end", owner),
            (HttpMethod.Put, $"/api/network/partnerships/{partnership}/agreement", owner),
            (HttpMethod.Post, "/api/network/ratings", owner),
            (HttpMethod.Post, "/api/network/account/verify", null),
            (HttpMethod.Post, "/api/network/account/password-reset", null),
            (HttpMethod.Post, "/api/network/account/password-reset/complete", null),
        })
        {
            problems.AddRange(await BadInput.CheckAsync(client, method, url, token));
        }

        problems.ShouldBeEmpty();
        (await _service.Db.ScalarAsync<long>("""SELECT count(*) FROM "Firms" """)).ShouldBe(2);
    }
}
