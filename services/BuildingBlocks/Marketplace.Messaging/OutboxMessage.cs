namespace Marketplace.Messaging;

/// <summary>An integration event waiting to leave, written in the same transaction as the change it announces.</summary>
public sealed class OutboxMessage
{
    public long Sequence { get; private set; }
    public Guid MessageId { get; private set; }
    public required string MessageType { get; init; }
    public required string Body { get; init; }
    /// <summary>Events of one aggregate leave in the order they were written.</summary>
    public required string AggregateKey { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public string? TraceParent { get; init; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }

    public OutboxMessage(Guid messageId) => MessageId = messageId;
}

/// <summary>A message a consumer has already handled; the key makes redelivery harmless.</summary>
public sealed class InboxMessage
{
    public required string Consumer { get; init; }
    public Guid MessageId { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
}
