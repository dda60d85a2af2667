using System.Collections.Concurrent;
using System.Net;
using Marketplace.Contracts;
using Marketplace.Matching.Data;
using Marketplace.Matching.Webhooks;
using Marketplace.Testing;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Marketplace.Matching.Tests;

/// <summary>Webhooks: fed by Matching's own events through the inbox, signed, retried with back-off, and logged.</summary>
public sealed class WebhookTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Body, string Signature, string Timestamp, string Event)> _received = new();
    private int _failuresLeft = 1;
    private WebApplication _receiver = null!;
    private FakeNeighbours _neighbours = null!;
    private WebhookHost _service = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _receiver = builder.Build();
        _receiver.MapPost("/hooks", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            _received.Enqueue((await reader.ReadToEndAsync(), request.Headers["X-Marketplace-Signature"]!, request.Headers["X-Marketplace-Timestamp"]!,
                request.Headers["X-Marketplace-Event"]!));
            return Interlocked.Decrement(ref _failuresLeft) >= 0 ? Results.StatusCode(503) : Results.Ok();
        });
        await _receiver.StartAsync();
        _neighbours = await FakeNeighbours.StartAsync();
        var settings = ReferralFlowTests.Settings(_neighbours.Url);
        settings["Matching:WebhooksAllowHttp"] = "true";
        settings["Matching:WebhooksAllowLoopback"] = "true"; // the receivers listen on 127.0.0.1
        settings["Matching:WebhookInterval"] = "01:00:00"; // the test runs the dispatcher on its own clock
        _service = await WebhookHost.StartAsync(settings);
    }

    public async ValueTask DisposeAsync()
    {
        await _service.DisposeAsync();
        await _neighbours.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private WebhookDispatcher DispatcherAt(DateTimeOffset now) => _service.DispatcherAt(now);

    private Task<long> DeliveriesAsync(string where = "TRUE") => _service.Db.ScalarAsync<long>($"""SELECT count(*) FROM "WebhookDeliveries" WHERE {where}""");

    [Fact]
    public async Task An_offer_reaches_the_partners_webhook_signed_and_a_failed_delivery_is_retried_with_back_off()
    {
        var ct = TestContext.Current.CancellationToken;
        var partner = Guid.NewGuid();
        var partnerOwner = TestTokens.For(partner, "Owner");
        var client = _service.Client;
        await client.CallAsync(HttpMethod.Post, "/api/matching/webhooks", partnerOwner, new { url = "ftp://example.com/x", events = new[] { "OfferMade" } }, HttpStatusCode.BadRequest);
        await client.CallAsync(HttpMethod.Post, "/api/matching/webhooks", partnerOwner, new { url = $"{_receiver.Urls.First()}/hooks", events = new[] { "OfferEaten" } }, HttpStatusCode.BadRequest);
        await client.CallAsync(HttpMethod.Post, "/api/matching/webhooks", TestTokens.For(partner, "Dispatcher"), new { url = $"{_receiver.Urls.First()}/hooks", events = new[] { "OfferMade" } }, HttpStatusCode.Forbidden);
        var hook = await client.CallAsync(HttpMethod.Post, "/api/matching/webhooks", partnerOwner, new { url = $"{_receiver.Urls.First()}/hooks", events = new[] { "OfferMade", "OfferExpired" } }, HttpStatusCode.Created);
        var secret = hook.GetProperty("secret").GetString()!;
        (await client.CallAsync(HttpMethod.Get, "/api/matching/webhooks", partnerOwner, null, HttpStatusCode.OK))[0].TryGetProperty("secret", out _).ShouldBeFalse();

        var offer = new OfferMade(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), partner, 1, DateTimeOffset.UtcNow.AddHours(4));
        var bus = _service.Services.GetRequiredService<IBus>();
        await bus.Publish(offer, ct);
        await bus.Publish(offer, ct); // redelivered: the inbox lets it queue deliveries once
        (await Eventually.TrueAsync(() => Task.FromResult(_service.Traffic.Consumed(offer.EventId, "offer-made-webhooks") >= 2), TimeSpan.FromSeconds(20)))
            .ShouldBeTrue("both copies were handled");
        (await DeliveriesAsync()).ShouldBe(1);

        var t0 = DateTimeOffset.UtcNow;
        (await DispatcherAt(t0).RunOnceAsync(ct)).ShouldBe(1); // the receiver answers 503
        (await DeliveriesAsync("\"Status\" = 'Pending' AND \"Attempts\" = 1 AND \"LastStatusCode\" = 503")).ShouldBe(1);
        (await DispatcherAt(t0.AddSeconds(10)).RunOnceAsync(ct)).ShouldBe(0); // backing off
        (await DispatcherAt(t0.AddSeconds(40)).RunOnceAsync(ct)).ShouldBe(1);
        (await DeliveriesAsync("\"Status\" = 'Delivered' AND \"Attempts\" = 2")).ShouldBe(1);

        _received.Count.ShouldBe(2);
        foreach (var (body, signature, timestamp, type) in _received)
        {
            type.ShouldBe("OfferMade");
            signature.ShouldBe(WebhookSubscription.Sign(secret, long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture), body));
            body.ShouldContain(offer.OfferId.ToString());
            signature.ShouldNotBe(WebhookSubscription.Sign("some-other-secret", long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture), body));
        }
        var log = await client.CallAsync(HttpMethod.Get, $"/api/matching/webhooks/{hook.GetProperty("id").GetGuid()}/deliveries", partnerOwner, null, HttpStatusCode.OK);
        (log[0].GetProperty("status").GetString(), log[0].GetProperty("attempts").GetInt32()).ShouldBe(("Delivered", 2));
        await client.CallAsync(HttpMethod.Get, $"/api/matching/webhooks/{hook.GetProperty("id").GetGuid()}/deliveries", TestTokens.For(Guid.NewGuid(), "Owner"), null, HttpStatusCode.NotFound);

        // Events for other firms, or of kinds not asked for, queue nothing.
        var otherFirms = offer with { EventId = Guid.NewGuid(), PartnerFirmId = Guid.NewGuid() };
        var notAskedFor = new OfferAccepted(Guid.NewGuid(), DateTimeOffset.UtcNow, offer.OfferId, offer.ReferralId, offer.ReferrerFirmId, partner);
        await bus.Publish(otherFirms, ct);
        await bus.Publish(notAskedFor, ct);
        (await Eventually.TrueAsync(() => Task.FromResult(_service.Traffic.Consumed(otherFirms.EventId, "offer-made-webhooks") >= 1
            && _service.Traffic.Consumed(notAskedFor.EventId, "offer-accepted-webhooks") >= 1), TimeSpan.FromSeconds(20))).ShouldBeTrue("both events were handled");
        (await DeliveriesAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task An_extended_deadline_reaches_the_partners_webhook_and_no_one_elses()
    {
        var ct = TestContext.Current.CancellationToken;
        var partner = Guid.NewGuid();
        var client = _service.Client;
        await client.CallAsync(HttpMethod.Post, "/api/matching/webhooks", TestTokens.For(partner, "Owner"),
            new { url = $"{_receiver.Urls.First()}/hooks", events = new[] { "OfferDeadlineExtended" } }, HttpStatusCode.Created);
        var now = DateTimeOffset.UtcNow;
        var extended = new OfferDeadlineExtended(Guid.NewGuid(), now, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), partner, now.AddHours(2), now.AddHours(10), 8);
        var someoneElses = extended with { EventId = Guid.NewGuid(), PartnerFirmId = Guid.NewGuid() };
        var bus = _service.Services.GetRequiredService<IBus>();
        await bus.Publish(extended, ct);
        await bus.Publish(someoneElses, ct);
        (await Eventually.TrueAsync(() => Task.FromResult(_service.Traffic.Consumed(extended.EventId, "offer-deadline-extended-webhooks") >= 1
            && _service.Traffic.Consumed(someoneElses.EventId, "offer-deadline-extended-webhooks") >= 1), TimeSpan.FromSeconds(20))).ShouldBeTrue("both events were handled");
        (await DeliveriesAsync($"\"EventType\" = 'OfferDeadlineExtended' AND \"EventId\" = '{extended.EventId}'")).ShouldBe(1);
        (await DeliveriesAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task A_partner_that_has_not_accepted_a_confidential_referral_gets_no_referrer_id_and_the_referrer_still_does()
    {
        var ct = TestContext.Current.CancellationToken;
        var (partner, referrer) = (Guid.NewGuid(), Guid.NewGuid());
        foreach (var firm in new[] { partner, referrer })
        {
            await _service.Client.CallAsync(HttpMethod.Post, "/api/matching/webhooks", TestTokens.For(firm, "Owner"), new
            {
                url = $"{_receiver.Urls.First()}/hooks", events = new[] { "OfferMade", "OfferExpired", "OfferDeadlineExtended", "OfferAccepted" },
            }, HttpStatusCode.Created);
        }
        var secret = await ReferralAsync(referrer, confidential: true);
        var named = await ReferralAsync(referrer, confidential: false);
        var now = DateTimeOffset.UtcNow;
        var offered = new OfferMade(Guid.NewGuid(), now, Guid.NewGuid(), secret, referrer, partner, 1, now.AddHours(4));
        var unknown = offered with { EventId = Guid.NewGuid(), OfferId = Guid.NewGuid(), ReferralId = Guid.NewGuid() }; // not found here: kept too
        var offeredNamed = offered with { EventId = Guid.NewGuid(), OfferId = Guid.NewGuid(), ReferralId = named };
        var extended = new OfferDeadlineExtended(Guid.NewGuid(), now, offered.OfferId, secret, referrer, partner, now.AddHours(4), now.AddHours(8), 4);
        var expired = new OfferExpired(Guid.NewGuid(), now, offered.OfferId, secret, referrer, partner);
        var accepted = new OfferAccepted(Guid.NewGuid(), now, Guid.NewGuid(), secret, referrer, partner); // once accepted, the partner may know
        var bus = _service.Services.GetRequiredService<IBus>();
        object[] events = [offered, unknown, offeredNamed, extended, expired, accepted];
        foreach (var message in events)
        {
            await bus.Publish(message, ct);
        }
        var ids = string.Join(", ", events.Select(e => $"'{((IIntegrationEvent)e).EventId}'"));
        (await Eventually.TrueAsync(async () => await DeliveriesAsync($"\"EventId\" IN ({ids})") == 8, TimeSpan.FromSeconds(20)))
            .ShouldBeTrue("eight deliveries queued: one per event for the partner, and the expiry and the accept for the referrer too");

        async Task<System.Text.Json.JsonElement> DataAsync(Guid eventId, Guid firm) => System.Text.Json.JsonDocument.Parse((await _service.Db.ScalarAsync<string>($"""
            SELECT d."Payload" FROM "WebhookDeliveries" d JOIN "WebhookSubscriptions" s ON s."Id" = d."SubscriptionId"
            WHERE d."EventId" = '{eventId}' AND s."FirmId" = '{firm}'
            """))!).RootElement.GetProperty("data");
        foreach (var kept in new[] { offered.EventId, unknown.EventId, extended.EventId, expired.EventId })
        {
            var data = await DataAsync(kept, partner);
            data.GetProperty("referrerFirmId").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null); // there, and empty
            data.GetRawText().ShouldNotContain(referrer.ToString());
            data.GetProperty("partnerFirmId").GetGuid().ShouldBe(partner); // the rest of the event is there
        }
        foreach (var (shown, firm) in new[] { (expired.EventId, referrer), (offeredNamed.EventId, partner), (accepted.EventId, partner) })
        {
            (await DataAsync(shown, firm)).GetProperty("referrerFirmId").GetGuid().ShouldBe(referrer);
        }
    }

    private async Task<Guid> ReferralAsync(Guid referrer, bool confidential)
    {
        using var scope = _service.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MatchingDbContext>();
        var referral = new Referrals.Referral
        {
            Id = Guid.NewGuid(), ReferrerFirmId = referrer, Summary = "Replace two firewalls", EffortHours = 20, HoursPerWeek = 10,
            EarliestStart = new NodaTime.LocalDate(2027, 1, 4), LatestStart = new NodaTime.LocalDate(2027, 1, 18), Confidential = confidential,
            ClientTimeZone = "UTC", PostedAt = NodaTime.SystemClock.Instance.GetCurrentInstant(),
        };
        db.Referrals.Add(referral);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return referral.Id;
    }

    [Fact]
    public async Task A_redirect_is_a_failed_delivery_and_is_not_followed()
    {
        var ct = TestContext.Current.CancellationToken;
        // Both ends are loopback listeners: the test's own receiver redirects to a second one that must never be called.
        await using var landing = await WebhookReceiver.StartAsync(_ => Results.Ok());
        await using var moving = await WebhookReceiver.StartAsync(_ => Results.Redirect($"{landing.Url}/landing"));
        var partner = Guid.NewGuid();
        var owner = TestTokens.For(partner, "Owner");
        var hook = await _service.Client.CallAsync(HttpMethod.Post, "/api/matching/webhooks", owner, new { url = $"{moving.Url}/hooks", events = new[] { "OfferMade" } }, HttpStatusCode.Created);
        var id = hook.GetProperty("id").GetGuid();
        var now = DateTimeOffset.UtcNow;
        await _service.QueueDeliveryAsync(id, now);

        (await DispatcherAt(now).RunOnceAsync(ct)).ShouldBe(1);

        moving.Requests.ShouldBe(1);
        landing.Requests.ShouldBe(0);
        var log = await _service.Client.CallAsync(HttpMethod.Get, $"/api/matching/webhooks/{id}/deliveries", owner, null, HttpStatusCode.OK);
        (log[0].GetProperty("status").GetString(), log[0].GetProperty("lastStatusCode").GetInt32(), log[0].GetProperty("lastError").GetString())
            .ShouldBe(("Pending", 302, DeliveryErrors.Redirected));
    }
}
