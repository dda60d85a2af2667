using Marketplace.Network.SignIn;
using Shouldly;

namespace Marketplace.Network.Tests;

/// <summary>Guessing an account's password: a few free tries, then ever longer waits, then a lock; tries made too soon count.</summary>
public sealed class SignInThrottleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Five_free_tries_then_waits_that_double_then_a_fifteen_minute_lock_that_even_the_right_password_meets()
    {
        var throttle = SignInThrottle.For("dana@northwind.example");
        for (var i = 0; i < SignInThrottle.FreeFailures; i++)
        {
            throttle.WaitFor(T0).ShouldBeNull();
            throttle.Failed(T0);
        }
        throttle.WaitFor(T0).ShouldBe(TimeSpan.FromSeconds(1));
        throttle.WaitFor(T0.AddSeconds(1)).ShouldBeNull();
        throttle.Failed(T0.AddSeconds(1));
        throttle.WaitFor(T0.AddSeconds(1)).ShouldBe(TimeSpan.FromSeconds(2));

        // Tries that come too soon count: a burst of guesses reaches the lock instead of waiting it out.
        for (var i = 0; i < 4; i++)
        {
            throttle.Failed(T0.AddSeconds(1.5));
        }
        throttle.Failures.ShouldBe(SignInThrottle.LockAfter);
        throttle.IsLocked(T0.AddMinutes(14)).ShouldBeTrue();
        throttle.Refusal(T0.AddMinutes(5)).ShouldContain("locked for 11 min");
        throttle.Failed(T0.AddMinutes(10)); // a try during the lock does not lengthen it
        throttle.IsLocked(T0.AddSeconds(1.5) + SignInThrottle.LockFor).ShouldBeFalse();

        // After the lock: one try; one more failure locks again at once.
        var after = T0.AddMinutes(16);
        throttle.WaitFor(after).ShouldBeNull();
        throttle.Failed(after);
        throttle.IsLocked(after.AddSeconds(1)).ShouldBeTrue();
    }

    [Fact]
    public void A_success_clears_the_count()
    {
        var throttle = SignInThrottle.For("dana@northwind.example");
        for (var i = 0; i < 7; i++)
        {
            throttle.Failed(T0);
        }
        throttle.Succeeded();
        (throttle.Failures, throttle.WaitFor(T0), throttle.IsLocked(T0)).ShouldBe((0, null, false));
    }
}
