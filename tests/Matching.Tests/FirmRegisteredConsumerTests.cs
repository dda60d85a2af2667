using Marketplace.Contracts;
using Marketplace.Matching.Data;
using Marketplace.Matching.Partners;
using Marketplace.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Marketplace.Matching.Tests;

public sealed class FirmRegisteredConsumerTests
{
    [Fact]
    public async Task A_redelivered_FirmRegistered_adds_the_partner_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync("matching");
        await using var provider = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddDbContext<MatchingDbContext>(o => o.UseNpgsql(db.ConnectionString, n => n.UseNodaTime()))
            .AddMassTransitTestHarness(x => x.AddConsumer<FirmRegisteredConsumer, FirmRegisteredConsumerDefinition>())
            .BuildServiceProvider(true);
        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MatchingDbContext>().Database.MigrateAsync(ct);
        }
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();

        var registered = new FirmRegistered(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), "Acme Security", "America/New_York", true);
        await harness.Bus.Publish(registered, ct);
        await harness.Bus.Publish(registered, ct);

        var consumer = harness.GetConsumerHarness<FirmRegisteredConsumer>();
        (await AsyncElementListExtensions.Count(AsyncElementListExtensions.Take(consumer.Consumed.SelectAsync<FirmRegistered>(ct), 2))).ShouldBe(2);
        (await harness.Published.Any<Fault<FirmRegistered>>(ct)).ShouldBeFalse();

        await using var check = provider.CreateAsyncScope();
        var context = check.ServiceProvider.GetRequiredService<MatchingDbContext>();
        var partner = await context.Partners.SingleAsync(ct);
        partner.FirmId.ShouldBe(registered.FirmId);
        partner.TimeZone.ShouldBe("America/New_York");
        (await context.Set<Marketplace.Messaging.InboxMessage>().CountAsync(ct)).ShouldBe(1);
    }
}
