namespace Marketplace.Notifications.Messages;

/// <summary>
/// One mail to one person, recorded before it is sent: who, what, when, and how delivery went. (SourceId, Email) is
/// unique, so an event handled twice, or a reminder or digest made by two replicas, still writes one message.
/// </summary>
public sealed class Message
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    /// <summary>The event (or offer, for a reminder; or member and day, for a digest) the message comes from.</summary>
    public Guid SourceId { get; init; }
    public required string Kind { get; init; }
    public Guid? MemberId { get; init; }
    public required string Email { get; init; }
    public string Name { get; init; } = "";
    public required string Subject { get; init; }
    /// <summary>The one sentence that says it all; a digest lists these.</summary>
    public required string Summary { get; init; }
    public required string TextBody { get; init; }
    public required string HtmlBody { get; init; }
    /// <summary>The portal page that acts on it.</summary>
    public string? ActionUrl { get; init; }
    public string? UnsubscribeUrl { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public MessageStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    /// <summary>Set while one sender has it claimed (with <see cref="ClaimId"/>); a sender that dies lets it go when it passes.</summary>
    public DateTimeOffset? LeasedUntil { get; set; }
    public Guid? ClaimId { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    /// <summary>The digest message that carried it, for messages the member takes in the daily digest.</summary>
    public Guid? DigestId { get; set; }
}

public enum MessageStatus
{
    /// <summary>To be sent as soon as possible (again after a failure, at NextAttemptAt).</summary>
    Pending,
    /// <summary>Waiting for the member's next daily digest.</summary>
    Held,
    /// <summary>Went out inside a digest.</summary>
    Digested,
    Sent,
    /// <summary>Will never be sent: the address refused mail permanently, or the server refused the message itself.</summary>
    Failed,
}

/// <summary>An address that refused mail permanently (SMTP 5xx for the mailbox): nothing more is sent to it.</summary>
public sealed class DeadAddress
{
    public required string Email { get; init; }
    public required string Reason { get; init; }
    public DateTimeOffset At { get; init; }
}
