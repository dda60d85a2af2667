using System.Text;
using Marketplace.Matching.Data;
using Marketplace.Messaging;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Matching.Webhooks;

/// <summary>
/// Sends due deliveries, claimed with FOR UPDATE SKIP LOCKED so two instances never send the same one at once; each
/// is signed (HMAC-SHA256 over timestamp and body), and a receiver that fails is tried again with back-off until it
/// answers 2xx or the attempts run out. Every outcome is kept for the firm to see.
/// </summary>
public sealed class WebhookDispatcher(IServiceScopeFactory scopes, IHttpClientFactory clients, TimeProvider clock, IConfiguration config,
    ILogger<WebhookDispatcher> log) : PollingJob(log)
{
    public const string Client = "webhooks";

    protected override TimeSpan Interval => config.GetValue("Matching:WebhookInterval", TimeSpan.FromSeconds(2));

    public override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MatchingDbContext>();
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var due = await db.WebhookDeliveries.FromSql($"""
            SELECT * FROM "WebhookDeliveries" WHERE "Status" = 'Pending' AND "NextAttemptAt" <= {now}
            ORDER BY "NextAttemptAt" LIMIT 20 FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        var subscriptionIds = due.Select(d => d.SubscriptionId).Distinct().ToList();
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => subscriptionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        using var http = clients.CreateClient(Client);
        await Task.WhenAll(due.Select(d => SendAsync(http, d, subscriptions[d.SubscriptionId], now, ct)));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return due.Count;
    }

    private static async Task SendAsync(HttpClient http, WebhookDelivery delivery, WebhookSubscription subscription, Instant now, CancellationToken ct)
    {
        delivery.Attempts++;
        if (!subscription.Active)
        {
            (delivery.Status, delivery.LastError) = (DeliveryStatus.Failed, "the subscription was removed");
            return;
        }
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Marketplace-Event", delivery.EventType);
        request.Headers.Add("X-Marketplace-Delivery", delivery.Id.ToString());
        request.Headers.Add("X-Marketplace-Timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-Marketplace-Signature", WebhookSubscription.Sign(subscription.Secret, timestamp, delivery.Payload));
        try
        {
            using var response = await http.SendAsync(request, ct);
            delivery.LastStatusCode = (int)response.StatusCode;
            delivery.LastError = response.IsSuccessStatusCode ? null : $"answered {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            (delivery.LastStatusCode, delivery.LastError) = (null, ex.Message.Length > 500 ? ex.Message[..500] : ex.Message);
        }
        if (delivery.LastError is null)
        {
            (delivery.Status, delivery.DeliveredAt) = (DeliveryStatus.Delivered, now);
        }
        else if (delivery.Attempts >= WebhookDelivery.MaxAttempts)
        {
            delivery.Status = DeliveryStatus.Failed;
        }
        else
        {
            delivery.NextAttemptAt = now + WebhookDelivery.BackOff(delivery.Attempts);
        }
    }
}
