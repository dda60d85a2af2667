namespace Marketplace.Messaging;

public sealed class OutboxOptions
{
    public int BatchSize { get; set; } = 100;
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>How long claimed rows are left to the instance that claimed them; longer than any one publish.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(60);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Sent outbox rows are kept this long for diagnosis.</summary>
    public TimeSpan SentRetention { get; set; } = TimeSpan.FromDays(7);
    /// <summary>
    /// Inbox rows must outlive any redelivery: the broker redelivers unacknowledged messages at any time,
    /// and an operator may move messages back from an error queue days later.
    /// </summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(30);
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan Backoff(int attempts) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 500 * Math.Pow(2, Math.Min(attempts, 20)) * (0.8 + Random.Shared.NextDouble() * 0.4)));
}
