namespace Marketplace.Network.SignIn;

/// <summary>How hard guessing is made (section <c>SignIn:Throttle</c>).</summary>
public sealed class SignInThrottleOptions
{
    public int FreeFailures { get; init; } = 5;
    /// <summary>The wait after the free tries; it doubles with each further failure, up to <see cref="MaxWait"/>.</summary>
    public TimeSpan FirstWait { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromSeconds(60);
    public int LockAfter { get; init; } = 10;
    public TimeSpan LockFor { get; init; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Failed sign-ins of one address (a member's or not: unknown addresses are throttled the same, so the answer tells
/// nothing about who is a member). A few free tries, then each try must wait longer (1, 2, 4 … 60 s after the last
/// failure) — a try that comes before its time is refused unchecked and changes nothing, so guessing faster gains
/// nothing and nobody can lock an account faster than the waits allow; ten checked failures lock the address for
/// 15 minutes, during which even the right password is refused. A success clears it.
/// </summary>
public sealed class SignInThrottle
{
    public string Email { get; private set; } = "";
    public int Failures { get; private set; }
    public DateTimeOffset? LastFailureAt { get; private set; }
    public DateTimeOffset? LockedUntil { get; private set; }

    private SignInThrottle() { }

    public static SignInThrottle For(string email) => new() { Email = email };

    public bool IsLocked(DateTimeOffset now) => LockedUntil > now;

    /// <summary>How long until the next try may be checked; null when it may be now.</summary>
    public TimeSpan? WaitFor(DateTimeOffset now, SignInThrottleOptions rules)
    {
        if (IsLocked(now))
        {
            return LockedUntil!.Value - now;
        }
        if (LockedUntil is not null || Failures < rules.FreeFailures || LastFailureAt is not { } last)
        {
            return null; // a lock that ran out: one try now
        }
        var wait = TimeSpan.FromTicks((long)Math.Min(rules.FirstWait.Ticks * Math.Pow(2, Failures - rules.FreeFailures), rules.MaxWait.Ticks));
        return last + wait > now ? last + wait - now : null;
    }

    /// <summary>A checked try with a wrong password.</summary>
    public void Failed(DateTimeOffset now, SignInThrottleOptions rules)
    {
        if (LockedUntil is not null && !IsLocked(now))
        {
            (Failures, LockedUntil) = (rules.LockAfter - 1, null); // after a lock, the next failure locks again
        }
        Failures++;
        LastFailureAt = now;
        if (Failures >= rules.LockAfter)
        {
            LockedUntil = now + rules.LockFor;
        }
    }

    public void Succeeded() => (Failures, LastFailureAt, LockedUntil) = (0, null, null);

    /// <summary>What the person is told: how long, without saying whether the address belongs to anyone.</summary>
    public string Refusal(DateTimeOffset now, SignInThrottleOptions rules) => IsLocked(now)
        ? $"Too many failed sign-ins: this account is locked for {Math.Ceiling((LockedUntil!.Value - now).TotalMinutes):0} min. Try again then, or ask your firm's owner."
        : $"Too many failed sign-ins: wait {Math.Max(1, Math.Ceiling(WaitFor(now, rules)?.TotalSeconds ?? 1)):0} s before trying again.";
}
