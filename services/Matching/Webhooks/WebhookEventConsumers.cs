using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Contracts;
using Marketplace.Matching.Data;
using Marketplace.Messaging;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Matching.Webhooks;

/// <summary>
/// Turns Matching's own events into deliveries for the firms they concern that asked for them. Fed by the bus through
/// the inbox, so a redelivered event queues its deliveries once.
/// </summary>
public abstract class WebhookEventConsumer<TEvent>(MatchingDbContext db, TimeProvider clock) : InboxConsumer<TEvent, MatchingDbContext>(db, clock)
    where TEvent : class, IIntegrationEvent
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    protected abstract IEnumerable<Guid> FirmsOf(TEvent message);

    /// <summary>
    /// For an event about an offer its partner has not accepted: the referral and the partner. A confidential referral's
    /// referrer is kept from the partner until it accepts (its inbox and mail do the same): that delivery has no referrer id.
    /// </summary>
    protected virtual (Guid Referral, Guid Partner)? Unaccepted(TEvent message) => null;

    /// <summary>Most firms subscribe to nothing: one read instead of a transaction per event.</summary>
    protected override Task<bool> ConcernsAnyoneAsync(TEvent message, CancellationToken ct) => Subscriptions(message).AnyAsync(ct);

    protected override async Task HandleAsync(TEvent message, CancellationToken ct)
    {
        var type = typeof(TEvent).Name;
        var subscriptions = await Subscriptions(message).ToListAsync(ct);
        var now = Instant.FromDateTimeOffset(message.OccurredAt); // due at once: the dispatcher sends what is due by its own clock
        var payload = JsonSerializer.Serialize(new { type, data = message }, Web);
        var unaccepted = Unaccepted(message);
        // Named only when the referral is known here and not confidential: a referral not found keeps its referrer too.
        var named = unaccepted is not { } u || !subscriptions.Any(s => s.FirmId == u.Partner)
            || await Db.Referrals.AnyAsync(r => r.Id == u.Referral && !r.Confidential, ct);
        var forPartner = named ? payload : WithoutReferrer(payload);
        foreach (var subscription in subscriptions)
        {
            Db.WebhookDeliveries.Add(new WebhookDelivery
            {
                Id = Guid.CreateVersion7(), SubscriptionId = subscription.Id, EventId = message.EventId, EventType = type,
                Payload = subscription.FirmId == unaccepted?.Partner ? forPartner : payload,
                CreatedAt = now, NextAttemptAt = now,
            });
        }
    }

    private static string WithoutReferrer(string payload)
    {
        var shown = JsonNode.Parse(payload)!;
        shown["data"]!["referrerFirmId"] = null;
        return shown.ToJsonString();
    }

    private IQueryable<WebhookSubscription> Subscriptions(TEvent message)
    {
        var type = typeof(TEvent).Name;
        var firms = FirmsOf(message).ToList();
        return Db.WebhookSubscriptions.AsNoTracking().Where(s => s.Active && firms.Contains(s.FirmId) && s.Events.Contains(type));
    }
}

public sealed class OfferMadeWebhooks(MatchingDbContext db, TimeProvider clock) : WebhookEventConsumer<OfferMade>(db, clock)
{
    protected override IEnumerable<Guid> FirmsOf(OfferMade m) => [m.PartnerFirmId];
    protected override (Guid Referral, Guid Partner)? Unaccepted(OfferMade m) => (m.ReferralId, m.PartnerFirmId);
}

public sealed class OfferAcceptedWebhooks(MatchingDbContext db, TimeProvider clock) : WebhookEventConsumer<OfferAccepted>(db, clock)
{
    protected override IEnumerable<Guid> FirmsOf(OfferAccepted m) => [m.ReferrerFirmId, m.PartnerFirmId];
}

public sealed class OfferExpiredWebhooks(MatchingDbContext db, TimeProvider clock) : WebhookEventConsumer<OfferExpired>(db, clock)
{
    protected override IEnumerable<Guid> FirmsOf(OfferExpired m) => [m.ReferrerFirmId, m.PartnerFirmId];
    protected override (Guid Referral, Guid Partner)? Unaccepted(OfferExpired m) => (m.ReferralId, m.PartnerFirmId);
}

/// <summary>The partner's own systems learn the new deadline as its inbox does (OfferMade carried the first one).</summary>
public sealed class OfferDeadlineExtendedWebhooks(MatchingDbContext db, TimeProvider clock) : WebhookEventConsumer<OfferDeadlineExtended>(db, clock)
{
    protected override IEnumerable<Guid> FirmsOf(OfferDeadlineExtended m) => [m.PartnerFirmId];
    protected override (Guid Referral, Guid Partner)? Unaccepted(OfferDeadlineExtended m) => (m.ReferralId, m.PartnerFirmId);
}

public sealed class ReferralMatchedWebhooks(MatchingDbContext db, TimeProvider clock) : WebhookEventConsumer<ReferralMatched>(db, clock)
{
    protected override IEnumerable<Guid> FirmsOf(ReferralMatched m) => [m.ReferrerFirmId, m.PartnerFirmId];
}

public sealed class ReferralUnmatchedWebhooks(MatchingDbContext db, TimeProvider clock) : WebhookEventConsumer<ReferralUnmatched>(db, clock)
{
    protected override IEnumerable<Guid> FirmsOf(ReferralUnmatched m) => [m.ReferrerFirmId];
}

public sealed class OfferMadeWebhooksDefinition : InboxConsumerDefinition<OfferMadeWebhooks>;
public sealed class OfferAcceptedWebhooksDefinition : InboxConsumerDefinition<OfferAcceptedWebhooks>;
public sealed class OfferExpiredWebhooksDefinition : InboxConsumerDefinition<OfferExpiredWebhooks>;
public sealed class OfferDeadlineExtendedWebhooksDefinition : InboxConsumerDefinition<OfferDeadlineExtendedWebhooks>;
public sealed class ReferralMatchedWebhooksDefinition : InboxConsumerDefinition<ReferralMatchedWebhooks>;
public sealed class ReferralUnmatchedWebhooksDefinition : InboxConsumerDefinition<ReferralUnmatchedWebhooks>;
