using System.Text;
using Marketplace.Matching.Data;
using Marketplace.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Marketplace.Matching.Webhooks;

/// <summary>
/// Sends due deliveries, claimed with FOR UPDATE SKIP LOCKED so two instances never send the same one at once; each
/// is signed (HMAC-SHA256 over timestamp and body), and a receiver that fails is tried again with back-off until it
/// answers 2xx or the attempts run out. Every outcome is kept for the firm to see. Deliveries go through the guarded
/// client (<see cref="WebhookTargetGuard"/>), which connects only to public addresses and follows no redirect.
/// </summary>
public sealed partial class WebhookDispatcher(IServiceScopeFactory scopes, IHttpClientFactory clients, TimeProvider clock, IOptions<WebhookOptions> options,
    ILogger<WebhookDispatcher> log) : PollingJob(log)
{
    public const string Client = "webhooks";

    protected override TimeSpan Interval => options.Value.WebhookInterval;

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
        await Task.WhenAll(due.Select(d => SendAsync(http, d, subscriptions[d.SubscriptionId], now, log, ct)));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return due.Count;
    }

    private static async Task SendAsync(HttpClient http, WebhookDelivery delivery, WebhookSubscription subscription, Instant now, ILogger log, CancellationToken ct)
    {
        delivery.Attempts++;
        if (!subscription.Active)
        {
            (delivery.Status, delivery.LastError) = (DeliveryStatus.Failed, DeliveryErrors.Removed);
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
            // Headers are all the outcome needs; the receiver's body is never read.
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            delivery.LastStatusCode = (int)response.StatusCode;
            delivery.LastError = DeliveryErrors.ForStatus(delivery.LastStatusCode.Value);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            // The firm sees a generic reason only: exception texts name hosts, ports and TLS details, which would turn
            // the delivery log into a probe of whatever the URL points at. Operators get the details in the log.
            (delivery.LastStatusCode, delivery.LastError) = (null, DeliveryErrors.ForException(ex));
            LogDeliveryFailed(log, delivery.Id, delivery.LastError, ex);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} failed: {Reason}")]
    private static partial void LogDeliveryFailed(ILogger log, Guid deliveryId, string reason, Exception exception);
}

/// <summary>The reasons the delivery log shows: plain, and never a receiver's address, port or TLS detail.</summary>
public static class DeliveryErrors
{
    public const string NotAllowed = "The address is not allowed";
    public const string Unreachable = "The receiver could not be reached";
    public const string TimedOut = "The receiver did not answer in time";
    public const string Redirected = "The receiver answered with a redirect, which webhooks do not follow";
    public const string Removed = "The subscription was removed";

    /// <summary>Null for 2xx; otherwise the status class ("The receiver answered 5xx").</summary>
    public static string? ForStatus(int status) => status switch
    {
        >= 200 and < 300 => null,
        >= 300 and < 400 => Redirected,
        _ => $"The receiver answered {status / 100}xx",
    };

    public static string ForException(Exception ex)
    {
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is WebhookAddressRefusedException)
            {
                return NotAllowed;
            }
        }
        return ex is OperationCanceledException ? TimedOut : Unreachable;
    }
}
