using System.Diagnostics.Metrics;
using Marketplace.ServiceDefaults;

namespace Marketplace.Notifications.Sending;

/// <summary>Send attempts by outcome (sent, retry, address-refused, message-refused): a rising "retry" says the mail server is away.</summary>
public sealed class MailMetrics(MarketplaceMeter meter)
{
    private readonly Counter<long> _attempts = meter.Meter.CreateCounter<long>("marketplace.notifications.mail", description: "Mail send attempts by outcome");

    public void Record(SendOutcome outcome) => _attempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome switch
    {
        SendOutcome.Sent => "sent",
        SendOutcome.Retry => "retry",
        SendOutcome.AddressRefused => "address-refused",
        _ => "message-refused",
    }));
}
