using System.Net;
using Marketplace.Matching.Webhooks;
using Marketplace.Testing;
using Microsoft.AspNetCore.Http;
using Shouldly;

namespace Marketplace.Matching.Tests;

/// <summary>
/// Webhooks cannot reach inside (SSRF), through the API and the dispatcher, with loopback receivers not allowed. DNS is
/// the fake resolver: registration only resolves (nothing connects), and the one delivery goes to a name rebound to
/// 127.0.0.1, where the test's own receiver listens and must hear nothing.
/// </summary>
public sealed class WebhookGuardTests : IAsyncLifetime
{
    private const string Public = "93.184.215.14"; // what public names answer; never connected to

    private readonly FakeWebhookResolver _resolver = new FakeWebhookResolver()
        .Answer("inside.example.com", "127.0.0.1")
        .Answer("private.example.com", "10.0.0.1")
        .Answer("mixed.example.com", Public, "10.0.0.1")
        .Answer("public.example.com", Public);
    private WebhookHost _service = null!;

    public async ValueTask InitializeAsync() => _service = await WebhookHost.StartAsync(new Dictionary<string, string?>
    {
        ["Matching:WebhooksAllowHttp"] = "true", // the rebinding receiver is plain http on loopback
        ["Matching:WebhookInterval"] = "01:00:00", // the test runs the dispatcher on its own clock
    }, _resolver);

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Registration_refuses_urls_that_point_inside()
    {
        var owner = TestTokens.For(Guid.NewGuid(), "Owner");
        var inside = new[]
        {
            "https://127.0.0.1:9443/", "https://localhost:5102/", "https://[::1]:5103/", "https://0x7f000001:15673/", "https://2130706433/",
            "https://017700000001/", "https://169.254.169.254/latest/meta-data/", "https://10.0.0.1/", "https://[::ffff:127.0.0.1]/",
            "https://[fd00:ec2::254]/", "https://metadata.google.internal/", "https://printer.local/", "https://app.localhost/",
            "https://inside.example.com/hooks", "https://private.example.com/hooks", "https://mixed.example.com/hooks", "http://127.0.0.1:1/",
        };
        foreach (var url in inside)
        {
            var problem = await _service.Client.CallAsync(HttpMethod.Post, "/api/matching/webhooks", owner, new { url, events = new[] { "OfferMade" } }, HttpStatusCode.BadRequest);
            problem.GetProperty("errors").GetProperty("url")[0].GetString().ShouldBe(WebhooksApi.InsideMessage, url);
        }
        foreach (var url in new[] { "https://nowhere.example.com/", "https://user:secret@public.example.com/", "https://134744072/" })
        {
            var problem = await _service.Client.CallAsync(HttpMethod.Post, "/api/matching/webhooks", owner, new { url, events = new[] { "OfferMade" } }, HttpStatusCode.BadRequest);
            problem.GetProperty("errors").GetProperty("url")[0].GetString().ShouldNotBeNullOrWhiteSpace(url);
        }
        (await _service.Db.ScalarAsync<long>("""SELECT count(*) FROM "WebhookSubscriptions" """)).ShouldBe(0);

        await _service.Client.CallAsync(HttpMethod.Post, "/api/matching/webhooks", owner, new { url = "https://public.example.com/hooks", events = new[] { "OfferMade" } }, HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_name_rebound_to_loopback_after_registration_is_refused_when_connecting()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await WebhookReceiver.StartAsync(_ => Results.Ok());
        var owner = TestTokens.For(Guid.NewGuid(), "Owner");
        _resolver.Answer("rebind.example.com", Public);
        var hook = await _service.Client.CallAsync(HttpMethod.Post, "/api/matching/webhooks", owner,
            new { url = $"http://rebind.example.com:{receiver.Port}/hooks", events = new[] { "OfferMade" } }, HttpStatusCode.Created);
        var id = hook.GetProperty("id").GetGuid();

        _resolver.Answer("rebind.example.com", "127.0.0.1"); // rebound before anything is queued: no delivery ever sees the public answer
        var now = DateTimeOffset.UtcNow;
        await _service.QueueDeliveryAsync(id, now);
        (await _service.DispatcherAt(now).RunOnceAsync(ct)).ShouldBe(1);

        receiver.Requests.ShouldBe(0);
        var log = await _service.Client.CallAsync(HttpMethod.Get, $"/api/matching/webhooks/{id}/deliveries", owner, null, HttpStatusCode.OK);
        log[0].GetProperty("status").GetString().ShouldBe("Pending");
        log[0].GetProperty("attempts").GetInt32().ShouldBe(1);
        log[0].GetProperty("lastStatusCode").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        log[0].GetProperty("lastError").GetString().ShouldBe(DeliveryErrors.NotAllowed);
    }
}
