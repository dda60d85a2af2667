using Marketplace.Contracts;
using Marketplace.Notifications.Data;
using Marketplace.Notifications.Digests;
using Marketplace.Notifications.Messages;
using Marketplace.Notifications.Offers;
using Marketplace.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace Marketplace.Notifications.Tests;

/// <summary>
/// Notifications on a database and virtual host of its own, sending to a <see cref="MailSink"/>; events are published on
/// the real broker. The reminder and digest jobs are driven by the tests at the times they choose.
/// </summary>
public sealed class NotificationsHost : IAsyncLifetime
{
    public const string PublicUrl = "http://marketplace.test";
    private ServiceUnderTest<NotificationsDbContext> _service = null!;

    public MailSink Mail { get; } = new();
    public HttpClient Client => _service.Client;
    public IServiceProvider Services => _service.Services;

    public async ValueTask InitializeAsync()
    {
        Mail.Start();
        _service = await ServiceUnderTest<NotificationsDbContext>.StartAsync("notifications", new Dictionary<string, string?>
        {
            ["Notifications:PublicUrl"] = PublicUrl,
            ["Notifications:UnsubscribeKey"] = "a-test-key-of-at-least-thirty-two-characters",
            ["Notifications:SendInterval"] = "00:00:00.100",
            // Short back-off: an outage of a few seconds sees several failed attempts.
            ["Notifications:RetryDelay"] = "00:00:00.200",
            ["Notifications:MaxRetryDelay"] = "00:00:01",
            // The tests run these jobs themselves, at the times they choose.
            ["Notifications:ReminderInterval"] = "01:00:00",
            ["Notifications:DigestInterval"] = "01:00:00",
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
            ["Smtp:FromAddress"] = "notifications@marketplace.test",
            ["Smtp:Timeout"] = "00:00:05",
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _service.DisposeAsync();
        await Mail.DisposeAsync();
    }

    public async Task PublishAsync(object message) =>
        await Services.GetRequiredService<IBus>().Publish(message, TestContext.Current.CancellationToken);

    public async Task<T> QueryAsync<T>(Func<NotificationsDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<NotificationsDbContext>());
    }

    /// <summary>Waits (bounded) until the database shows the condition; fails the test with <paramref name="what"/> otherwise.</summary>
    public async Task UntilAsync(string what, Func<NotificationsDbContext, Task<bool>> condition, int seconds = 30) =>
        (await Eventually.TrueAsync(() => QueryAsync(condition), TimeSpan.FromSeconds(seconds))).ShouldBeTrue(what);

    /// <summary>Waits (bounded) until <paramref name="count"/> mails reached the address; returns them.</summary>
    public async Task<IReadOnlyList<MimeKit.MimeMessage>> MailsToAsync(string email, int count = 1, int seconds = 30)
    {
        (await Eventually.TrueAsync(() => Task.FromResult(Mail.To(email).Count >= count), TimeSpan.FromSeconds(seconds)))
            .ShouldBeTrue($"{count} mail(s) to {email}; got {Mail.To(email).Count}");
        return Mail.To(email);
    }

    /// <summary>A firm as Network announces it (Monday to Friday, 9 to 5 in its zone), with verified members in the roles given.</summary>
    public async Task<TestFirm> FirmAsync(string name, string zone, params string[] roles)
    {
        var firm = new TestFirm(Guid.NewGuid(), name, [.. roles.Select(r => new TestMember(Guid.NewGuid(), $"{r.ToLowerInvariant()}-{Guid.NewGuid():N}@firm.test", r))]);
        await PublishAsync(new FirmUpdated(Guid.NewGuid(), DateTimeOffset.UtcNow, firm.Id, name, zone, true, [1, 2, 3, 4, 5], "09:00", "17:00", []));
        foreach (var member in firm.Members)
        {
            await PublishAsync(new MemberChanged(Guid.NewGuid(), DateTimeOffset.UtcNow, firm.Id, member.Id, member.Email, $"{member.Role} of {name}",
                member.Role, EmailVerified: true, Removed: false));
        }
        await UntilAsync($"{name} and its members are known", async db =>
            await db.Firms.AnyAsync(f => f.FirmId == firm.Id && f.TimeZone == zone) && await db.Members.CountAsync(m => m.FirmId == firm.Id) == roles.Length);
        return firm;
    }

    public async Task<Guid> ReferralAsync(Guid referrerFirmId, string[] skills, int effortHours, int hoursPerWeek, DateOnly earliestStart, bool confidential = false)
    {
        var referralId = Guid.NewGuid();
        await PublishAsync(new ReferralPosted(Guid.NewGuid(), DateTimeOffset.UtcNow, referralId, referrerFirmId, [.. skills.Select(s => s.ToLowerInvariant())],
            effortHours, hoursPerWeek, earliestStart, earliestStart.AddDays(14), skills, confidential));
        await UntilAsync("the referral is known", db => db.Referrals.AnyAsync(r => r.ReferralId == referralId));
        return referralId;
    }

    public OfferReminderJob RemindersAt(DateTimeOffset now) => new(Services.GetRequiredService<IServiceScopeFactory>(), new FakeTimeProvider(now),
        Services.GetRequiredService<IOptions<NotificationsOptions>>(), NullLogger<OfferReminderJob>.Instance);

    public DigestJob DigestsAt(DateTimeOffset now) => new(Services.GetRequiredService<IServiceScopeFactory>(), new FakeTimeProvider(now),
        Services.GetRequiredService<IOptions<NotificationsOptions>>(), NullLogger<DigestJob>.Instance);

    public Task<List<Message>> MessagesFromAsync(Guid sourceId) => QueryAsync(db => db.Messages.AsNoTracking().Where(m => m.SourceId == sourceId).ToListAsync());
}

public sealed record TestFirm(Guid Id, string Name, IReadOnlyList<TestMember> Members)
{
    public TestMember The(string role) => Members.First(m => m.Role == role);
}

public sealed record TestMember(Guid Id, string Email, string Role)
{
    public string Token(Guid firmId) => TestTokens.For(firmId, Role, Id.ToString());
}
