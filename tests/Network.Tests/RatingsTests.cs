using System.Net;
using MassTransit;
using Marketplace.Contracts;
using Marketplace.Network.Data;
using Marketplace.Network.Ratings;
using Marketplace.Testing;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Marketplace.Network.Tests;

public sealed class RatingsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private ServiceUnderTest<NetworkDbContext> _service = null!;

    private HttpClient Client => _service.Client;

    public async ValueTask InitializeAsync() => _service = await ServiceUnderTest<NetworkDbContext>.StartAsync("network");

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public void Reputation_counts_averages_and_says_which_way_it_is_going()
    {
        Reputation.Of([], Now).ShouldBe(new Reputation(0, null, null, null, "none"));

        var improving = Reputation.Of([(2, Now.AddDays(-200)), (3, Now.AddDays(-120)), (5, Now.AddDays(-10)), (4, Now.AddDays(-5))], Now);
        (improving.Count, improving.Mean, improving.RecentMean, improving.EarlierMean, improving.Trend).ShouldBe((4, 3.5, 4.5, 2.5, "improving"));

        Reputation.Of([(5, Now.AddDays(-300)), (3, Now.AddDays(-1))], Now).Trend.ShouldBe("declining");
        Reputation.Of([(4, Now.AddDays(-1))], Now).Trend.ShouldBe("steady");
    }

    [Fact]
    public async Task After_a_completed_referral_each_firm_rates_the_other_once_and_outsiders_cannot()
    {
        var referrer = await Accounts.RegisterFirmAsync(Client, "Northwind IT");
        var partner = await Accounts.RegisterFirmAsync(Client, "Acme Security");
        var referrerToken = await Accounts.SignInAsync(Client, referrer.Email);
        var partnerToken = await Accounts.SignInAsync(Client, partner.Email);
        var referral = Guid.NewGuid();

        // Before Matching says the referral is complete there is nothing to rate.
        await Client.CallAsync(HttpMethod.Post, "/api/network/ratings", referrerToken, new { referralId = referral, score = 5 }, HttpStatusCode.NotFound);

        await _service.Services.GetRequiredService<IBus>().Publish(
            new ReferralCompleted(Guid.NewGuid(), DateTimeOffset.UtcNow, referral, referrer.FirmId, partner.FirmId), TestContext.Current.CancellationToken);
        (await Eventually.TrueAsync(async () =>
            await _service.Db.ScalarAsync<long>($"""SELECT count(*) FROM "CompletedReferrals" WHERE "ReferralId" = '{referral}'""") == 1,
            TimeSpan.FromSeconds(20))).ShouldBeTrue();

        await Client.CallAsync(HttpMethod.Post, "/api/network/ratings", referrerToken, new { referralId = referral, score = 5, comment = "Found the breach in a day." }, HttpStatusCode.Created);
        var twice = await Client.CallAsync(HttpMethod.Post, "/api/network/ratings", referrerToken, new { referralId = referral, score = 1 }, HttpStatusCode.Conflict);
        twice.GetProperty("type").GetString().ShouldBe("https://marketplace.local/problems/already-exists");
        twice.GetProperty("detail").GetString().ShouldBe("Your firm has already rated this referral.");
        await Client.CallAsync(HttpMethod.Post, "/api/network/ratings", partnerToken, new { referralId = referral, score = 4 }, HttpStatusCode.Created);

        var stranger = await Accounts.SignInAsync(Client, (await Accounts.RegisterFirmAsync(Client, "Stranger")).Email);
        await Client.CallAsync(HttpMethod.Post, "/api/network/ratings", stranger, new { referralId = referral, score = 1 }, HttpStatusCode.NotFound);
        (await Client.StatusAsync(HttpMethod.Post, "/api/network/ratings", TestTokens.For(partner.FirmId, "Engineer"), new { referralId = referral, score = 1 })).ShouldBe(HttpStatusCode.Forbidden);
        (await Client.StatusAsync(HttpMethod.Post, "/api/network/ratings", null, new { referralId = referral, score = 1 })).ShouldBe(HttpStatusCode.Unauthorized);
        var bad = await Client.CallAsync(HttpMethod.Post, "/api/network/ratings", partnerToken, new { score = 6 }, HttpStatusCode.BadRequest);
        bad.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(["referralId", "score"], ignoreOrder: true);

        var reputation = await Client.CallAsync(HttpMethod.Get, $"/api/network/firms/{partner.FirmId}/reputation", stranger, null, HttpStatusCode.OK);
        (reputation.GetProperty("count").GetInt32(), reputation.GetProperty("mean").GetDouble()).ShouldBe((1, 5.0));
        (await _service.Db.ScalarAsync<long>("""SELECT count(*) FROM "OutboxMessages" WHERE "MessageType" LIKE '%RatingRecorded'""")).ShouldBe(2);
    }
}
