using Marketplace.Contracts;
using Marketplace.Notifications.Messages;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Marketplace.Notifications.Tests;

public sealed class SmtpOutageTests(NotificationsHost host) : IClassFixture<NotificationsHost>
{
    /// <summary>How long the mail server stays away: the "a minute".</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Mail_written_while_the_mail_server_is_down_for_a_minute_goes_out_once_it_is_back()
    {
        await host.Mail.StopAsync();
        var down = System.Diagnostics.Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        AccountMailRequested[] requests =
        [
            new(Guid.NewGuid(), now, "verify-email", "mei@firm.test", "Mei", "Acme Security", "http://marketplace.test/portal/verify?token=v1", now.AddDays(2)),
            new(Guid.NewGuid(), now, "reset-password", "jon@firm.test", "Jon", null, "http://marketplace.test/portal/reset?token=r1", now.AddMinutes(30)),
            new(Guid.NewGuid(), now, "invitation", "ana@firm.test", "Ana", "Acme Security", "http://marketplace.test/portal/join?token=i1", now.AddDays(7)),
        ];
        foreach (var request in requests)
        {
            await host.PublishAsync(request);
        }
        await host.UntilAsync("every message failed more than once and still waits", async db =>
            3 == await db.Messages.CountAsync(m => m.Status == MessageStatus.Pending && m.Attempts >= 3 && m.LastError != null));
        // The outage lasts its minute (the server being away is the condition under test, not a wait for a result);
        // the sender keeps trying with its back-off meanwhile, and nothing is given up.
        if (Outage - down.Elapsed is { Ticks: > 0 } rest)
        {
            await Task.Delay(rest, TestContext.Current.CancellationToken);
        }
        (await host.QueryAsync(db => db.Messages.CountAsync(m => m.Status == MessageStatus.Pending))).ShouldBe(3);

        host.Mail.Start();

        var reset = (await host.MailsToAsync("jon@firm.test")).Single();
        reset.Subject.ShouldBe("Reset your password");
        reset.Text().ShouldContain("Choose a new password: http://marketplace.test/portal/reset?token=r1");
        reset.Text().ShouldContain("The link works once, for 30 minutes.");
        reset.Headers["List-Unsubscribe"].ShouldBeNull(); // account mail is not a preference
        (await host.MailsToAsync("mei@firm.test")).Single().Subject.ShouldBe("Confirm your e-mail address");
        (await host.MailsToAsync("ana@firm.test")).Single().Subject.ShouldBe("Join Acme Security on the marketplace");
        await host.UntilAsync("all are recorded as sent", async db => 3 == await db.Messages.CountAsync(m => m.Status == MessageStatus.Sent && m.SentAt != null));
    }
}
