using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Matching.Data;
using Marketplace.Network.Data;
using Marketplace.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Marketplace.EndToEnd.Tests;

public sealed class OutboxOutageTests
{
    [Fact]
    public async Task While_RabbitMQ_is_unreachable_registration_still_succeeds_and_the_event_arrives_once_afterwards()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var vhost = await TestVirtualHost.CreateAsync();
        await using var networkDb = await TestDatabase.CreateAsync("network");
        await using var matchingDb = await TestDatabase.CreateAsync("matching");
        var infra = await TestInfrastructure.GetAsync();
        // Network reaches the broker only through a proxy the test can cut; Matching stays connected.
        await using var proxy = new TcpProxy(infra.RabbitMq.Host, infra.RabbitMq.Port);

        var networkSettings = ServiceSettings.For("network", networkDb, vhost.Via(proxy.Port));
        networkSettings["Outbox:MaxBackoff"] = "00:00:02";
        networkSettings["Outbox:PublishTimeout"] = "00:00:03";
        await using var networkFactory = new ServiceFactory<NetworkDbContext>(networkSettings);
        var network = networkFactory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddBusTraffic()));
        var matchingSettings = ServiceSettings.For("matching", matchingDb, vhost.ConnectionString);
        matchingSettings["Services:scheduling"] = "http://127.0.0.1:9"; // not called here
        await using var matchingFactory = new ServiceFactory<MatchingDbContext>(matchingSettings);
        var matching = matchingFactory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddBusTraffic()));
        using var networkClient = network.CreateClient();
        using var matchingClient = matching.CreateClient(); // starts Matching: its consumer is listening from here on

        proxy.Cut();
        using var created = await networkClient.PostAsJsonAsync("/api/network/firms",
            new { name = "Offline Ltd", timeZone = "Europe/London", ownerName = "O", ownerEmail = "o@offline.example", ownerPassword = Accounts.Password }, ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var firmId = await networkDb.ScalarAsync<Guid>("""SELECT "Id" FROM "Firms" WHERE "Name" = 'Offline Ltd'""");

        // The dispatcher has tried to publish and failed (not "nothing happened for a while"): then nothing can have arrived.
        (await Eventually.TrueAsync(async () => await networkDb.ScalarAsync<long>("""SELECT count(*) FROM "OutboxMessages" WHERE "Attempts" > 0 AND "SentAt" IS NULL""") > 0,
            TimeSpan.FromSeconds(30))).ShouldBeTrue("the dispatcher never tried while the broker was cut");
        (await matchingDb.ScalarAsync<long>("""SELECT count(*) FROM "Partners" """)).ShouldBe(0);
        (await networkDb.ScalarAsync<long>("""SELECT count(*) FROM "OutboxMessages" WHERE "SentAt" IS NOT NULL""")).ShouldBe(0); // registration's events wait

        proxy.Restore();
        (await Eventually.TrueAsync(async () => await matchingDb.ScalarAsync<long>($"""SELECT count(*) FROM "Partners" WHERE "FirmId" = '{firmId}'""") > 0, TimeSpan.FromSeconds(90)))
            .ShouldBeTrue("the event never arrived after the broker came back");
        (await Eventually.TrueAsync(async () => await networkDb.ScalarAsync<long>("""SELECT count(*) FROM "OutboxMessages" WHERE "SentAt" IS NULL""") == 0, TimeSpan.FromSeconds(30)))
            .ShouldBeTrue();

        // Every row is recorded sent, so every copy Network will ever publish is confirmed: wait until Matching handled them all.
        var published = network.Services.GetRequiredService<BusTraffic>();
        var consumed = matching.Services.GetRequiredService<BusTraffic>();
        var registered = published.PublishedOf("FirmRegistered").ShouldHaveSingleItem();
        (await Eventually.TrueAsync(() => Task.FromResult(consumed.Consumed(registered, "firm-registered") >= published.Published(registered)), TimeSpan.FromSeconds(30)))
            .ShouldBeTrue("every copy published was handled");
        (await matchingDb.ScalarAsync<long>($"""SELECT count(*) FROM "Partners" WHERE "FirmId" = '{firmId}'""")).ShouldBe(1);
        (await matchingDb.ScalarAsync<long>("""SELECT count(*) FROM "InboxMessages" """)).ShouldBe(1);
    }

    [Fact]
    public async Task With_its_database_unreachable_a_service_answers_503_with_Retry_After_and_recovers_when_it_is_back()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var vhost = await TestVirtualHost.CreateAsync();
        await using var networkDb = await TestDatabase.CreateAsync("network");
        var infra = await TestInfrastructure.GetAsync();
        var postgres = new Npgsql.NpgsqlConnectionStringBuilder(networkDb.ConnectionString);
        await using var proxy = new TcpProxy(postgres.Host!, postgres.Port);
        var settings = ServiceSettings.For("network", networkDb, vhost.ConnectionString);
        settings["ConnectionStrings:network"] = networkDb.Via(proxy.Port);
        await using var network = new ServiceFactory<NetworkDbContext>(settings);
        using var client = network.CreateClient();
        var firm = await Accounts.RegisterFirmAsync(client, "Database Outage Ltd");
        var token = await Accounts.SignInAsync(client, firm.Email);

        proxy.Cut();
        foreach (var (method, url, body) in new (HttpMethod, string, object?)[]
        {
            (HttpMethod.Get, $"/api/network/firms/{firm.FirmId}/members", null),
            (HttpMethod.Post, "/api/network/firms", new { name = "Late Ltd", timeZone = "UTC", ownerName = "L", ownerEmail = "l@late.example", ownerPassword = Accounts.Password }),
        })
        {
            using var request = Accounts.Authorized(method, url, token);
            request.Content = body is null ? null : JsonContent.Create(body);
            using var response = await client.SendAsync(request, ct);
            response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, $"{method} {url}");
            response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(5));
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }

        proxy.Restore();
        (await Eventually.TrueAsync(async () =>
        {
            using var response = await client.SendAsync(Accounts.Authorized(HttpMethod.Get, $"/api/network/firms/{firm.FirmId}/members", token), ct);
            return response.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(30))).ShouldBeTrue("the service never recovered once its database was back");
        _ = infra;
    }
}
