using System.Net;
using Marketplace.Contracts;
using Marketplace.Notifications.Digests;
using Marketplace.Notifications.Messages;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Shouldly;

namespace Marketplace.Notifications.Tests;

public sealed class DigestTests(NotificationsHost host) : IClassFixture<NotificationsHost>
{
    [Fact]
    public async Task A_digest_gathers_a_days_messages_into_one_mail_at_eight_in_the_members_zone()
    {
        var ct = TestContext.Current.CancellationToken;
        var referrer = await host.FirmAsync("Contoso", "Asia/Tokyo", "Owner", "Dispatcher");
        var partner = await host.FirmAsync("Acme Security", "Europe/Berlin", "Owner");
        var referral = await host.ReferralAsync(referrer.Id, ["SD-WAN"], 30, 10, new DateOnly(2027, 4, 5));
        var dispatcher = referrer.The("Dispatcher");
        await host.Client.CallAsync(HttpMethod.Put, "/api/notifications/preferences", dispatcher.Token(referrer.Id), new
        {
            kinds = new[] { new { kind = "offer-accepted", delivery = "Digest" }, new { kind = "offer-expired", delivery = "digest" } },
        }, HttpStatusCode.OK);

        await host.PublishAsync(new OfferAccepted(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), referral, referrer.Id, partner.Id));
        await host.PublishAsync(new OfferExpired(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), referral, referrer.Id, partner.Id));
        await host.MailsToAsync(referrer.The("Owner").Email, 2); // the Owner takes them as they come
        await host.UntilAsync("both wait for the dispatcher's digest", async db =>
            2 == await db.Messages.CountAsync(m => m.MemberId == dispatcher.Id && m.Status == MessageStatus.Held));

        var written = await host.QueryAsync(db => db.Messages.Where(m => m.MemberId == dispatcher.Id).MinAsync(m => m.CreatedAt));
        var tokyo = DateTimeZoneProviders.Tzdb["Asia/Tokyo"];
        var due = DigestJob.NextDigest(Instant.FromDateTimeOffset(written), tokyo, new LocalTime(8, 0)).ToDateTimeOffset();
        due.ToOffset(TimeSpan.FromHours(9)).TimeOfDay.ShouldBe(TimeSpan.FromHours(8));
        (await host.DigestsAt(due.AddMinutes(-1)).GatherDueAsync(ct)).ShouldBe(0);
        (await host.DigestsAt(due.AddMinutes(1)).GatherDueAsync(ct)).ShouldBe(1);
        (await host.DigestsAt(due.AddMinutes(2)).GatherDueAsync(ct)).ShouldBe(0); // once

        var digest = (await host.MailsToAsync(dispatcher.Email)).Single();
        digest.Subject.ShouldStartWith("Your Marketplace digest for ");
        digest.Subject.ShouldEndWith(": 2 updates");
        digest.Text().ShouldContain("• Acme Security accepted your SD-WAN job; their time is held for you until you confirm the match.");
        digest.Text().ShouldContain("• Acme Security did not answer your SD-WAN job in time; the next partners are being asked.");
        digest.Text().ShouldContain($"{NotificationsHost.PublicUrl}/portal/referrals/{referral}");
        (await host.QueryAsync(db => db.Messages.Where(m => m.MemberId == dispatcher.Id && m.Kind != MessageKinds.Digest).Select(m => m.Status).ToListAsync(ct)))
            .ShouldAllBe(s => s == MessageStatus.Digested);
    }
}
