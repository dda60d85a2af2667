namespace Marketplace.Network.SignIn;

/// <summary>
/// Failed sign-ins of one address (a member's or not: unknown addresses are throttled the same, so the answer tells
/// nothing about who is a member). A few free tries, then each try must wait longer (1, 2, 4 … 60 s after the last
/// failure), and a try that comes before its time counts as a failure unchecked; ten failures lock the address for
/// 15 minutes, during which even the right password is refused. A success clears it.
/// </summary>
public sealed class SignInThrottle
{
    public const int FreeFailures = 5;
    public const int LockAfter = 10;
    public static readonly TimeSpan LockFor = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(60);

    public string Email { get; private set; } = "";
    public int Failures { get; private set; }
    public DateTimeOffset? LastFailureAt { get; private set; }
    public DateTimeOffset? LockedUntil { get; private set; }

    private SignInThrottle() { }

    public static SignInThrottle For(string email) => new() { Email = email };

    public bool IsLocked(DateTimeOffset now) => LockedUntil > now;

    /// <summary>How long until the next try may be checked; null when it may be now.</summary>
    public TimeSpan? WaitFor(DateTimeOffset now)
    {
        if (IsLocked(now))
        {
            return LockedUntil!.Value - now;
        }
        if (LockedUntil is not null || Failures < FreeFailures || LastFailureAt is not { } last)
        {
            return null; // a lock that ran out: one try now
        }
        var delay = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Failures - FreeFailures), MaxDelay.TotalSeconds));
        return last + delay > now ? last + delay - now : null;
    }

    /// <summary>A wrong password, or a try made before its time: counted (a try during a lock changes nothing, so it never lengthens it).</summary>
    public void Failed(DateTimeOffset now)
    {
        if (IsLocked(now))
        {
            return;
        }
        if (LockedUntil is not null)
        {
            (Failures, LockedUntil) = (LockAfter - 1, null); // after a lock, the next failure locks again
        }
        Failures++;
        LastFailureAt = now;
        if (Failures >= LockAfter)
        {
            LockedUntil = now + LockFor;
        }
    }

    public void Succeeded() => (Failures, LastFailureAt, LockedUntil) = (0, null, null);

    /// <summary>What the person is told: how long, without saying whether the address belongs to anyone.</summary>
    public string Refusal(DateTimeOffset now) => IsLocked(now)
        ? $"Too many failed sign-ins: this account is locked for {Math.Ceiling((LockedUntil!.Value - now).TotalMinutes):0} min. Try again then, or ask your firm's owner."
        : $"Too many failed sign-ins: wait {Math.Ceiling(WaitFor(now)?.TotalSeconds ?? 1):0} s before trying again.";
}
