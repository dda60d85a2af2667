using System.Net;
using Marketplace.Network.Data;
using Marketplace.ServiceDefaults;
using Marketplace.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Shouldly;

namespace Marketplace.Network.Tests;

/// <summary>
/// The stamp check every other service and the gateway run (ServiceDefaults): a service built like them, asking a real
/// Network on a loopback socket through a proxy the test can cut.
/// </summary>
public sealed class SessionCheckTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private TestVirtualHost _vhost = null!;
    private ServiceFactory<NetworkDbContext> _network = null!;
    private TcpProxy _proxy = null!;
    private HttpClient _networkClient = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync("network");
        _vhost = await TestVirtualHost.CreateAsync();
        _network = new ServiceFactory<NetworkDbContext>(ServiceSettings.For("network", _db, _vhost.ConnectionString));
        var url = _network.StartOnLoopback();
        _networkClient = new HttpClient { BaseAddress = url };
        _proxy = new TcpProxy(url.Host, url.Port);
    }

    public async ValueTask DisposeAsync()
    {
        _networkClient.Dispose();
        await _proxy.DisposeAsync();
        await _network.DisposeAsync();
        await _vhost.DisposeAsync();
        await _db.DisposeAsync();
    }

    /// <summary>A service like Catalog or Matching: service defaults, one endpoint that needs a caller and one that does not.</summary>
    private static async Task<WebApplication> ServiceAsync(string? network, TimeSpan cacheFor)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = TestKeys.SigningKeyPem,
            ["Services:network"] = network,
            ["Auth:SessionCheck:CacheFor"] = cacheFor.ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapGet("/work", () => Results.Ok()).RequireAuthorization();
        app.MapGet("/public", () => Results.Ok()).AllowAnonymous();
        await app.StartAsync();
        return app;
    }

    private static async Task<HttpStatusCode> WorkAsync(WebApplication service, string token, string path = "/work")
    {
        using var response = await service.GetTestClient().SendAsync(Accounts.Authorized(HttpMethod.Get, path, token), TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_service_refuses_a_members_token_within_its_cache_window_after_sign_out_and_never_checks_a_machines()
    {
        await using var service = await ServiceAsync($"http://127.0.0.1:{_proxy.Port}/", TimeSpan.FromSeconds(2));
        var firm = await Accounts.RegisterFirmAsync(_networkClient);
        var token = await Accounts.SignInAsync(_networkClient, firm.Email);
        (await WorkAsync(service, token)).ShouldBe(HttpStatusCode.OK);

        await _networkClient.CallAsync(HttpMethod.Post, "/api/network/me/sign-out", token, null, HttpStatusCode.NoContent);

        (await Eventually.TrueAsync(async () => await WorkAsync(service, token) == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(10)))
            .ShouldBeTrue("the signed-out token was never refused");
        (await WorkAsync(service, token, "/public")).ShouldBe(HttpStatusCode.OK); // anonymous endpoints serve it as nobody
        // An ended stamp stays ended, whether or not Network can be asked.
        _proxy.Cut();
        (await WorkAsync(service, token)).ShouldBe(HttpStatusCode.Unauthorized);
        (await WorkAsync(service, TestTokens.For(firm.FirmId, "Machine", "erp-sync"))).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task When_Network_cannot_be_reached_a_recent_verdict_is_believed_for_a_while_then_the_service_answers_503()
    {
        var cacheFor = TimeSpan.FromSeconds(2);
        await using var service = await ServiceAsync($"http://127.0.0.1:{_proxy.Port}/", cacheFor);
        var firm = await Accounts.RegisterFirmAsync(_networkClient);
        var token = await Accounts.SignInAsync(_networkClient, firm.Email);
        var unchecked_ = await Accounts.SignInAsync(_networkClient, (await Accounts.RegisterFirmAsync(_networkClient)).Email); // another member
        var heard = DateTime.UtcNow; // Network's verdict comes a moment after this
        (await WorkAsync(service, token)).ShouldBe(HttpStatusCode.OK);

        _proxy.Cut();
        // Never asked about while Network was there: fails closed at once.
        using (var response = await service.GetTestClient().SendAsync(Accounts.Authorized(HttpMethod.Get, "/work", unchecked_), TestContext.Current.CancellationToken))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(5));
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }
        (await WorkAsync(service, unchecked_, "/public")).ShouldBe(HttpStatusCode.OK); // what needs nobody is not held up
        // Heard "current" less than twice the cache window ago: still believed; then no longer.
        if (DateTime.UtcNow - heard < cacheFor * 2 - TimeSpan.FromMilliseconds(500))
        {
            (await WorkAsync(service, token)).ShouldBe(HttpStatusCode.OK);
        }
        (await Eventually.TrueAsync(async () => await WorkAsync(service, token) == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(10)))
            .ShouldBeTrue("a verdict was believed for longer than twice the cache window");
        (DateTime.UtcNow - heard).ShouldBeGreaterThanOrEqualTo(cacheFor * 2);
        (await WorkAsync(service, TestTokens.For(firm.FirmId, "Machine", "erp-sync"))).ShouldBe(HttpStatusCode.OK); // no stamp, no question

        _proxy.Restore();
        (await Eventually.TrueAsync(async () => await WorkAsync(service, token) == HttpStatusCode.OK, TimeSpan.FromSeconds(10)))
            .ShouldBeTrue("the service never asked again once Network was back");
    }

    [Fact]
    public async Task Without_an_address_for_Network_a_stamped_token_is_answered_503_never_let_through()
    {
        await using var service = await ServiceAsync(null, TimeSpan.FromSeconds(30));
        var firm = await Accounts.RegisterFirmAsync(_networkClient);
        var token = await Accounts.SignInAsync(_networkClient, firm.Email);

        (await WorkAsync(service, token)).ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await WorkAsync(service, TestTokens.For(firm.FirmId, "Dispatcher"))).ShouldBe(HttpStatusCode.OK);
    }
}
