using System.Net;
using Marketplace.Scheduling.Data;
using Marketplace.Scheduling.Holds;
using Marketplace.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace Marketplace.Scheduling.Tests;

public sealed class HoldExpiryTests : IAsyncLifetime
{
    private static readonly Guid Firm = Guid.NewGuid();
    private static readonly string Owner = TestTokens.For(Firm, "Owner");
    private ServiceUnderTest<SchedulingDbContext> _service = null!;

    private HttpClient Client => _service.Client;

    public async ValueTask InitializeAsync() => _service = await ServiceUnderTest<SchedulingDbContext>.StartAsync("scheduling");

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    private HoldExpiryJob JobAt(DateTimeOffset now) => new(_service.Services.GetRequiredService<IServiceScopeFactory>(),
        new FakeTimeProvider(now), Microsoft.Extensions.Options.Options.Create(new SchedulingOptions()), NullLogger<HoldExpiryJob>.Instance);

    [Fact]
    public async Task An_unconfirmed_hold_releases_itself_once_gives_its_hours_back_and_can_no_longer_be_booked()
    {
        var ct = TestContext.Current.CancellationToken;
        var engineer = Guid.NewGuid();
        await Client.CallAsync(HttpMethod.Put, $"/api/scheduling/engineers/{engineer}/capacity", Owner, new { name = "Mei", hoursPerWeek = 30 }, HttpStatusCode.OK);
        var hold = await Client.CallAsync(HttpMethod.Post, "/api/scheduling/holds", Owner,
            new { engineerId = engineer, referralId = Guid.NewGuid(), hoursPerWeek = 20, firstWeek = "2027-05-03", weeks = 2 }, HttpStatusCode.Created);
        var booked = await Client.CallAsync(HttpMethod.Post, "/api/scheduling/holds", Owner,
            new { engineerId = engineer, referralId = Guid.NewGuid(), hoursPerWeek = 10, firstWeek = "2027-05-03", weeks = 1 }, HttpStatusCode.Created);
        await Client.CallAsync(HttpMethod.Post, $"/api/scheduling/holds/{booked.GetProperty("id").GetGuid()}/confirm", Owner, null, HttpStatusCode.OK);
        var expiresAt = hold.GetProperty("expiresAt").GetDateTimeOffset();

        (await JobAt(expiresAt.AddMinutes(-1)).ExpireAsync(ct)).ShouldBe(0); // not yet due
        (await JobAt(expiresAt.AddMinutes(1)).ExpireAsync(ct)).ShouldBe(1);  // the booking is not touched
        (await JobAt(expiresAt.AddMinutes(2)).ExpireAsync(ct)).ShouldBe(0);  // once only

        (await _service.Db.ScalarAsync<long>($"""SELECT sum("AllocatedHours") FROM "CapacityWeeks" WHERE "EngineerId" = '{engineer}'""")).ShouldBe(10);
        var late = await Client.CallAsync(HttpMethod.Post, $"/api/scheduling/holds/{hold.GetProperty("id").GetGuid()}/confirm", Owner, null, HttpStatusCode.Conflict);
        late.ShouldBeProblem("state-conflict", "Only a live hold can be confirmed; this one is Released.");
        var events = await _service.Db.ScalarAsync<string>("""
            SELECT string_agg(substring("MessageType" from 'Contracts\.(.*)'), ',' ORDER BY "Sequence") FROM "OutboxMessages"
            WHERE "MessageType" NOT LIKE '%CapacityChanged'
            """);
        events.ShouldBe("HoldPlaced,HoldPlaced,BookingConfirmed,HoldExpired");
    }
}
