namespace Marketplace.Notifications.Preferences;

/// <summary>How a member takes one kind of message; a kind without a row is taken immediately.</summary>
public sealed class Preference
{
    public Guid MemberId { get; init; }
    public required string Kind { get; init; }
    public Guid FirmId { get; set; }
    public Delivery Delivery { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

public enum Delivery
{
    Immediately,
    /// <summary>Gathered into one mail at 08:00 in the member's firm's zone.</summary>
    Digest,
    Off,
}
