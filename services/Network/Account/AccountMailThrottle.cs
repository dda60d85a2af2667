namespace Marketplace.Network.Account;

/// <summary>
/// How many account mails one address was sent this hour, so nobody can flood a person's mailbox by asking for resets
/// (or registering their address) over and over. Addresses that belong to nobody get a row too and are counted the same:
/// asking costs the same work either way, and the count tells nothing.
/// </summary>
public sealed class AccountMailThrottle
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    public string Email { get; private set; } = "";
    public DateTimeOffset WindowStartedAt { get; private set; }
    public int Sent { get; private set; }

    private AccountMailThrottle() { }

    /// <summary>A count of none so far (the database inserts the same row itself, under the address's lock).</summary>
    public static AccountMailThrottle For(string email, DateTimeOffset now) => new() { Email = email, WindowStartedAt = now };

    /// <summary>True when one more mail may go to the address now (and counts it); false once this hour's are spent.</summary>
    public bool TryTake(DateTimeOffset now, int perHour)
    {
        if (now - WindowStartedAt >= Window || now < WindowStartedAt)
        {
            (WindowStartedAt, Sent) = (now, 0);
        }
        if (Sent >= perHour)
        {
            return false;
        }
        Sent++;
        return true;
    }

    /// <summary>When the next mail may go, once this hour's are spent.</summary>
    public DateTimeOffset NextAt => WindowStartedAt + Window;
}
