using Marketplace.Network.SignIn;
using Shouldly;

namespace Marketplace.Network.Tests;

/// <summary>Guessing an account's password: a few free tries, then ever longer waits, then a lock; tries made too soon change nothing.</summary>
public sealed class SignInThrottleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly SignInThrottleOptions Rules = new();

    [Fact]
    public void Five_free_tries_then_waits_that_double_then_a_fifteen_minute_lock_that_even_the_right_password_meets()
    {
        var throttle = SignInThrottle.For("dana@northwind.example");
        var now = T0;
        for (var i = 0; i < Rules.FreeFailures; i++)
        {
            throttle.WaitFor(now, Rules).ShouldBeNull();
            throttle.Failed(now, Rules);
        }
        // Waits of 1, 2, 4, 8, 16 s after each further failure: a try before its time is refused and changes nothing.
        var waits = new List<TimeSpan>();
        while (!throttle.IsLocked(now))
        {
            var wait = throttle.WaitFor(now, Rules)!.Value;
            waits.Add(wait);
            throttle.Failures.ShouldBe(Rules.FreeFailures + waits.Count - 1); // asking early counted nothing
            now += wait;
            throttle.WaitFor(now, Rules).ShouldBeNull();
            throttle.Failed(now, Rules);
        }
        waits.ShouldBe([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(16)]);
        throttle.Failures.ShouldBe(Rules.LockAfter);
        throttle.WaitFor(now.AddMinutes(14), Rules).ShouldNotBeNull(); // locked: even the right password waits
        throttle.Refusal(now.AddMinutes(5), Rules).ShouldContain("locked for 10 min");

        // After the lock: one try; one more failure locks again at once.
        var after = now + Rules.LockFor;
        throttle.WaitFor(after, Rules).ShouldBeNull();
        throttle.Failed(after, Rules);
        throttle.IsLocked(after.AddSeconds(1)).ShouldBeTrue();
    }

    [Fact]
    public void A_success_clears_the_count_and_waits_never_exceed_the_maximum()
    {
        var throttle = SignInThrottle.For("dana@northwind.example");
        var rules = new SignInThrottleOptions { LockAfter = 100 };
        var now = T0;
        for (var i = 0; i < 30; i++)
        {
            now += throttle.WaitFor(now, rules) ?? TimeSpan.Zero;
            throttle.Failed(now, rules);
        }
        throttle.WaitFor(now, rules).ShouldBe(rules.MaxWait);
        throttle.Succeeded();
        (throttle.Failures, throttle.WaitFor(now, rules), throttle.IsLocked(now)).ShouldBe((0, null, false));
    }
}
