using Marketplace.Contracts;
using Marketplace.Matching.Data;
using Marketplace.Matching.Offers;
using Marketplace.Matching.Ranking;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using Shouldly;

namespace Marketplace.Matching.Tests;

/// <summary>
/// Two replicas' ranking indexes over one database: what either consumes or writes reaches the other within its
/// refresh interval, and the index each keeps up to date piece by piece is the index a fresh load would build.
/// </summary>
public sealed class RankingIndexReplicaTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly IOptions<MatchingOptions> Fast = Options.Create(new MatchingOptions { IndexRefreshInterval = TimeSpan.FromMilliseconds(100) });

    [Fact]
    public async Task Changes_consumed_by_one_replica_reach_the_others_index_and_match_a_fresh_load()
    {
        await using var matching = await MatchingHarness.StartAsync();
        using var first = new RankingIndexSource(matching.Scopes, Fast, TimeProvider.System);
        using var second = new RankingIndexSource(matching.Scopes, Fast, TimeProvider.System);
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        await matching.DeliverInOrderAsync(Registered(a, "Alpha Ltd"), Skills(a, ("sql-server", 4)));
        (await first.GetAsync(TestContext.Current.CancellationToken)).Profile(a).ShouldNotBeNull();
        (await second.GetAsync(TestContext.Current.CancellationToken)).Profile(b).ShouldBeNull(); // both built before what follows

        // A new partner, a changed claim, free hours, a partnership with terms: each moves the index of both.
        await matching.DeliverInOrderAsync(Registered(b, "Beta Ltd"), Skills(b, ("azure", 3), ("sql-server", 2)), Skills(a, ("azure", 5)),
            new CapacityChanged(Guid.NewGuid(), T0, a, new DateOnly(2026, 11, 23), [12, 16, 20]));
        var partnership = Guid.NewGuid();
        await matching.DeliverInOrderAsync(new PartnershipAccepted(Guid.NewGuid(), T0, partnership, a, b),
            new AgreementChanged(Guid.NewGuid(), T0.AddMinutes(1), partnership, a, b, 3, ["WhiteLabel"], "Percent", 10m, null, null, 6, 2, 5));

        foreach (var replica in new[] { first, second })
        {
            (await Eventually.TrueAsync(async () => Seen(await replica.GetAsync(TestContext.Current.CancellationToken), a, b, partnership), TimeSpan.FromSeconds(10)))
                .ShouldBeTrue("a replica never saw the partner, claims, hours and terms that another consumed");
            await ShouldMatchAFreshLoadAsync(matching, await replica.GetAsync(TestContext.Current.CancellationToken));
        }

        // An offer made (fairness) and the partnership ended: written, not consumed, and seen the same way.
        await matching.QueryAsync(async db =>
        {
            // This database's own: an offer without its referral is enough for what the ranking reads.
            await db.Database.ExecuteSqlRawAsync("""ALTER TABLE "Offers" DROP CONSTRAINT "FK_Offers_Referrals_ReferralId" """);
            db.Offers.Add(new Offer { Id = Guid.NewGuid(), ReferralId = Guid.NewGuid(), PartnerFirmId = b, Wave = 1, MadeAt = Instant.FromDateTimeOffset(T0.AddHours(1)),
                DueAt = Instant.FromDateTimeOffset(T0.AddHours(5)) });
            return await db.SaveChangesAsync();
        });
        await matching.DeliverInOrderAsync(new PartnershipEnded(Guid.NewGuid(), T0.AddDays(1), partnership, a, b, a, "done"));
        (await Eventually.TrueAsync(async () =>
        {
            var index = await second.GetAsync(TestContext.Current.CancellationToken);
            return index.Profile(b)?.LastOfferedAt == Instant.FromDateTimeOffset(T0.AddHours(1)) && index.TermsBetween(a, b) is null && index.TermsBetween(b, a) is null;
        }, TimeSpan.FromSeconds(10))).ShouldBeTrue("the other replica never saw the offer or the end of the partnership");
        await ShouldMatchAFreshLoadAsync(matching, await second.GetAsync(TestContext.Current.CancellationToken));

        // A partner whose last claim goes leaves every skill's list.
        await matching.DeliverInOrderAsync(Skills(b));
        (await Eventually.TrueAsync(async () => (await first.GetAsync(TestContext.Current.CancellationToken)).Profile(b) is null, TimeSpan.FromSeconds(10))).ShouldBeTrue();
        await ShouldMatchAFreshLoadAsync(matching, await first.GetAsync(TestContext.Current.CancellationToken));
    }

    private static bool Seen(RankingIndex index, Guid a, Guid b, Guid partnership) =>
        index.Profile(b) is { } beta && beta.Skills.Length == 2
        && index.Profile(a) is { } alpha && alpha.LevelOf(index.SkillNumber("azure")) == 5 && alpha.LevelOf(index.SkillNumber("sql-server")) == 0
        && alpha.FreeHours.SequenceEqual(new short[] { 12, 16, 20 })
        && index.TermsBetween(a, b) is { Version: 3, MaxConcurrent: 5 } && index.TermsBetween(b, a)?.PartnershipId == partnership;

    /// <summary>Same partners, same claims by skill id, same lists per skill, same terms as an index loaded from scratch.</summary>
    private static async Task ShouldMatchAFreshLoadAsync(MatchingHarness matching, RankingIndex kept)
    {
        var fresh = await matching.QueryAsync(db => RankingLoader.LoadAsync(db, TimeProvider.System, TestContext.Current.CancellationToken));
        Describe(kept).ShouldBe(Describe(fresh));
    }

    private static List<string> Describe(RankingIndex index)
    {
        var lines = new List<string>();
        foreach (var p in index.Partners.OrderBy(p => p.FirmId))
        {
            lines.Add($"{p.FirmId} {p.Name} {p.TakesReferrals} {string.Join(',', p.FreeHours)} {p.LastOfferedAt} {p.ReputationMean} " +
                string.Join(',', p.OpenReferralsBy.OrderBy(o => o.Key).Select(o => $"{o.Key}:{o.Value}")));
        }
        foreach (var skill in new[] { "sql-server", "azure" })
        {
            var number = index.SkillNumber(skill);
            lines.Add($"{skill}: " + string.Join(',', index.PartnersWith(number).Select(p => index.Partners[p].FirmId).Order()
                .Select(f => $"{f}@{index.Profile(f)!.LevelOf(number)}")));
        }
        lines.AddRange(index.Terms.SelectMany(t => t.Value.Select(p => $"{t.Key}->{p.Key} {p.Value}")).Order());
        return lines;
    }

    private static FirmRegistered Registered(Guid firm, string name) => new(Guid.NewGuid(), T0, firm, name, "Europe/London", true);

    private static PartnerSkillsChanged Skills(Guid firm, params (string Skill, int Level)[] claims) =>
        new(Guid.NewGuid(), DateTimeOffset.UtcNow, firm, [.. claims.Select(c => new PartnerSkill(c.Skill, c.Level, 5, false, null))]);
}
