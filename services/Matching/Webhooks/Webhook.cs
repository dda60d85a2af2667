using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace Marketplace.Matching.Webhooks;

/// <summary>A URL a firm wants told about its referrals and offers; deliveries are signed with the subscription's secret.</summary>
public sealed class WebhookSubscription
{
    public static readonly string[] EventTypes = ["OfferMade", "OfferAccepted", "OfferExpired", "OfferDeadlineExtended", "ReferralMatched", "ReferralUnmatched"];

    public Guid Id { get; init; }
    public Guid FirmId { get; init; }
    public string Url { get; init; } = "";
    public List<string> Events { get; init; } = [];
    /// <summary>Shown once when the subscription is made; kept because every delivery is signed with it.</summary>
    public string Secret { get; init; } = "";
    public Instant CreatedAt { get; init; }
    public bool Active { get; set; } = true;

    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>"sha256=" and the hex HMAC-SHA256 of "{timestamp}.{body}": the receiver recomputes it and compares, and rejects old timestamps.</summary>
    public static string Sign(string secret, long timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
}

public enum DeliveryStatus { Pending, Delivered, Failed }

/// <summary>One event for one subscription, tried until the receiver answers 2xx, with back-off; every outcome kept.</summary>
public sealed class WebhookDelivery
{
    public const int MaxAttempts = 8;

    public Guid Id { get; init; }
    public Guid SubscriptionId { get; init; }
    public Guid EventId { get; init; }
    public string EventType { get; init; } = "";
    public string Payload { get; init; } = "";
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public Instant CreatedAt { get; init; }
    public Instant NextAttemptAt { get; set; }
    public Instant? DeliveredAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }

    /// <summary>30 s, 1, 2, 4 … minutes, at most 2 h, with a little jitter so many receivers coming back do not all retry at once.</summary>
    public static Duration BackOff(int attempts) =>
        Duration.FromSeconds(Math.Min(30 * Math.Pow(2, attempts - 1), 7200) * (0.9 + Random.Shared.NextDouble() * 0.2));
}
