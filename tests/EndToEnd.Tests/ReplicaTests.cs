using System.Collections.Concurrent;
using System.Net;
using Marketplace.Testing;
using NodaTime;
using Shouldly;

namespace Marketplace.EndToEnd.Tests;

/// <summary>
/// What only goes wrong with several replicas, through the gateway that shares requests between them: an operator's
/// change reaching every replica's index, accepts racing on different replicas, holds placed on both at once.
/// </summary>
[Collection(MarketplaceCollection.Name)]
public sealed class ReplicaTests(MarketplaceFixture system)
{
    private HttpClient Gateway => system.Gateway;

    [Fact]
    public async Task An_operators_new_skill_and_its_merge_reach_every_catalog_replica_within_the_check_interval()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = await Accounts.SignInAsync(Gateway, MarketplaceFixture.OperatorEmail, MarketplaceFixture.OperatorPassword);
        var tag = $"zq{Random.Shared.Next(100_000, 999_999)}";
        var replicas = system.ReplicaUrls["catalog"].Select(url => new HttpClient { BaseAddress = url }).ToList();
        async Task<bool> EveryReplicaAsync(Func<string, bool> shows)
        {
            foreach (var replica in replicas)
            {
                if (!shows(await replica.GetStringAsync($"/api/catalog/skills?q={tag}", ct)))
                {
                    return false;
                }
            }
            return true;
        }
        (await EveryReplicaAsync(found => !found.Contains($"{tag}-mesh"))).ShouldBeTrue(); // every replica has built its index

        await Gateway.CallAsync(HttpMethod.Post, "/api/catalog/skills", admin,
            new { name = $"{tag} Mesh", categoryId = "networking", aliases = new[] { $"{tag} fabric" } }, HttpStatusCode.Created);
        (await Eventually.TrueAsync(() => EveryReplicaAsync(found => found.Contains($"{tag}-mesh")), TimeSpan.FromSeconds(15)))
            .ShouldBeTrue("a Catalog replica never offered the skill the operator added on another");

        await Gateway.CallAsync(HttpMethod.Post, $"/api/catalog/skills/{tag}-mesh/merge", admin, new { into = "sd-wan" }, HttpStatusCode.OK);
        (await Eventually.TrueAsync(() => EveryReplicaAsync(found => !found.Contains($"{tag}-mesh")), TimeSpan.FromSeconds(15)))
            .ShouldBeTrue("a Catalog replica still offered the skill the operator merged on another");
        replicas.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task Partners_accepting_one_referral_at_once_on_both_matching_replicas_leave_one_winner_and_one_hold()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, referrerToken) = await system.NewFirmAsync("Replica Referrer", "America/New_York");
        var partners = new List<(Guid Firm, string Token)>();
        for (var i = 0; i < 4; i++)
        {
            var (firm, token, _) = await system.PartnerWithTimeAsync($"Replica Wireless {i} {Random.Shared.Next(1000, 9999)}", "wireless-lan-design");
            partners.Add((firm, token));
        }
        var monday = SystemClock.Instance.GetCurrentInstant().InUtc().Date.Next(IsoDayOfWeek.Monday);
        var id = (await Gateway.CallAsync(HttpMethod.Post, "/api/matching/referrals", referrerToken, new
        {
            summary = "Survey and redesign the Wi-Fi of a three-floor office", skills = new[] { new { skillId = "wireless-lan-design", minLevel = 3 } },
            effortHours = 20, hoursPerWeek = 10, earliestStart = monday.ToDateOnly(), latestStart = monday.PlusWeeks(2).ToDateOnly(),
            clientTimeZone = "America/New_York", clientName = "Harbour Offices", engagementMode = "HandOff", waveSize = 10,
        }, HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var offers = new List<(Guid Offer, string Token)>();
        foreach (var (_, token) in partners)
        {
            var offer = (await Gateway.CallAsync(HttpMethod.Get, "/api/matching/offers", token, null, HttpStatusCode.OK)).EnumerateArray()
                .Single(o => o.GetProperty("referralId").GetGuid() == id);
            offers.Add((offer.GetProperty("offerId").GetGuid(), token));
        }
        var answers = new ConcurrentBag<HttpStatusCode>();
        await Task.WhenAll(offers.Select(async o => answers.Add(await Gateway.StatusAsync(HttpMethod.Post, $"/api/matching/offers/{o.Offer}/accept", o.Token))));

        answers.Count(a => a == HttpStatusCode.OK).ShouldBe(1);
        answers.Count(a => a == HttpStatusCode.Conflict).ShouldBe(3);
        (await system.Databases["scheduling"].ScalarAsync<long>($"""SELECT count(*) FROM "Allocations" WHERE "ReferralId" = '{id}'""")).ShouldBe(1);
        (await system.Databases["matching"].ScalarAsync<long>($"""SELECT count(*) FROM "Offers" WHERE "ReferralId" = '{id}' AND "Status" = 'Accepted'""")).ShouldBe(1);
        ct.IsCancellationRequested.ShouldBeFalse();
    }

    [Fact]
    public async Task A_thousand_holds_placed_at_once_over_both_scheduling_replicas_grant_exactly_the_free_hours()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, token, engineer) = await system.PartnerWithTimeAsync($"Replica Holds {Random.Shared.Next(1000, 9999)}", "wireless-lan-design");
        var week = SystemClock.Instance.GetCurrentInstant().InUtc().Date.Next(IsoDayOfWeek.Monday).PlusWeeks(5).ToDateOnly();
        var statuses = new ConcurrentBag<HttpStatusCode>();
        using var gate = new SemaphoreSlim(64); // 64 in flight at once, 1,000 in all

        await Task.WhenAll(Enumerable.Range(0, 1_000).Select(async _ =>
        {
            await gate.WaitAsync(ct);
            try
            {
                statuses.Add(await Gateway.StatusAsync(HttpMethod.Post, "/api/scheduling/holds", token,
                    new { engineerId = engineer, referralId = Guid.NewGuid(), hoursPerWeek = 1, firstWeek = week.ToString("yyyy-MM-dd"), weeks = 1 }));
            }
            finally
            {
                gate.Release();
            }
        }));

        statuses.Count(s => s == HttpStatusCode.Created).ShouldBe(20); // the engineer's 20 h that week
        statuses.Count(s => s == HttpStatusCode.Conflict).ShouldBe(980);
        (await system.Databases["scheduling"].ScalarAsync<long>($"""SELECT count(*) FROM "Allocations" WHERE "EngineerId" = '{engineer}'""")).ShouldBe(20);
    }
}
