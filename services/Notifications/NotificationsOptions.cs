using NodaTime;

namespace Marketplace.Notifications;

/// <summary>Notifications' own settings (section <c>Notifications</c>), checked at start. The mail server is <see cref="Sending.SmtpOptions"/>.</summary>
public sealed class NotificationsOptions
{
    /// <summary>The marketplace's front door (the gateway) as people reach it: links go to its /portal pages and its /api.</summary>
    public string PublicUrl { get; init; } = "";
    /// <summary>The key unsubscribe links are signed with (a secret, at least 32 characters)…</summary>
    public string? UnsubscribeKey { get; init; }
    /// <summary>…or a file holding it; created with a random key when missing (local runs: under .infra/, never committed).</summary>
    public string? UnsubscribeKeyFile { get; init; }
    /// <summary>Business mail goes only to addresses their owner has verified: an offer never reaches a mistyped address.</summary>
    public bool OnlyVerifiedAddresses { get; init; } = true;

    public TimeSpan SendInterval { get; init; } = TimeSpan.FromMilliseconds(500);
    public int SendBatchSize { get; init; } = 20;
    /// <summary>How long a sender keeps messages it claimed; longer than a batch can take (batch × SMTP timeout).</summary>
    public TimeSpan SendLease { get; init; } = TimeSpan.FromMinutes(15);
    /// <summary>The wait after a first failed attempt; it doubles with every further one, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromHours(1);

    public TimeSpan ReminderInterval { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Business time before an offer's deadline when its reminder goes out (counted in the partner's hours).</summary>
    public TimeSpan ReminderLead { get; init; } = TimeSpan.FromHours(1);

    public TimeSpan DigestInterval { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary>When the daily digest goes out, in each member's firm's zone ("08:00").</summary>
    public string DigestAt { get; init; } = "08:00";

    public LocalTime DigestTime => Calendar.ClockTime.Parse(DigestAt) ?? new LocalTime(8, 0);

    /// <summary>The n-th retry's wait, jittered so messages that failed together do not retry together.</summary>
    public TimeSpan RetryAfter(int attempts) => TimeSpan.FromMilliseconds(
        Math.Min(MaxRetryDelay.TotalMilliseconds, RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 20)))
        * (0.8 + Random.Shared.NextDouble() * 0.4));
}
