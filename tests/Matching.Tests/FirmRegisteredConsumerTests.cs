using Marketplace.Contracts;
using Marketplace.Matching.Partners;
using Marketplace.Messaging;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Marketplace.Matching.Tests;

public sealed class FirmRegisteredConsumerTests
{
    [Fact]
    public async Task A_redelivered_FirmRegistered_adds_the_partner_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var matching = await MatchingHarness.StartAsync();
        var harness = matching.Harness;

        var registered = new FirmRegistered(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), "Acme Security", "America/New_York", true);
        await harness.Bus.Publish(registered, ct);
        await harness.Bus.Publish(registered, ct);

        var consumer = harness.GetConsumerHarness<FirmRegisteredConsumer>();
        (await AsyncElementListExtensions.Count(AsyncElementListExtensions.Take(consumer.Consumed.SelectAsync<FirmRegistered>(ct), 2))).ShouldBe(2);
        (await harness.Published.Any<Fault<FirmRegistered>>(ct)).ShouldBeFalse();

        var partner = await matching.QueryAsync(db => db.Partners.SingleAsync(ct));
        partner.FirmId.ShouldBe(registered.FirmId);
        partner.TimeZone.ShouldBe("America/New_York");
        (await matching.QueryAsync(db => db.Set<InboxMessage>().CountAsync(ct))).ShouldBe(1);
    }
}
