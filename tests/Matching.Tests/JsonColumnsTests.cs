using System.Reflection;
using Marketplace.Matching.Data;
using Marketplace.Matching.Offers;
using Marketplace.Matching.Ranking;
using Marketplace.Matching.Referrals;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Shouldly;

namespace Marketplace.Matching.Tests;

/// <summary>
/// A referral's candidates and near-misses are jsonb columns the change tracker compares item by item: a property left
/// out of <c>Equals</c> or <c>Copy</c> would be a change that is silently never saved.
/// </summary>
public sealed class JsonColumnsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Candidacy Candidate() => new()
    {
        ReferralId = Guid.NewGuid(), FirmId = Guid.NewGuid(), Name = "Northwind IT", Rank = 2, Score = 71.5,
        EarliestStart = new DateOnly(2026, 12, 7), StartConfirmed = true, ExistingPartner = true, Offered = false,
        Explanation = [new Factor("Skill fit", "SQL Server 5 of 4", 35, 35), new Factor("Reputation", "4.6 stars", 12, 15)],
    };

    [Fact]
    public void Every_property_of_a_candidate_counts_in_its_equality_and_its_copy()
    {
        var original = Candidate();
        var copy = original.Copy();
        copy.ShouldBe(original);
        copy.ShouldNotBeSameAs(original);
        copy.Explanation.ShouldNotBeSameAs(original.Explanation);

        var properties = typeof(Candidacy).GetProperties(BindingFlags.Public | BindingFlags.Instance);
        properties.Length.ShouldBe(10, "a new property must join Equals and Copy, then this count");
        foreach (var property in properties)
        {
            var changed = original.Copy();
            var value = property.GetValue(changed);
            property.SetValue(changed, value switch
            {
                Guid => Guid.NewGuid(),
                string s => s + "!",
                int i => i + 1,
                double d => d + 0.5,
                DateOnly day => day.AddDays(1),
                bool b => !b,
                List<Factor> factors => new List<Factor>([.. factors.Take(1), factors[1] with { Points = 13 }]),
                _ => throw new InvalidOperationException($"{property.Name}: add its type here"),
            });
            changed.Equals(original).ShouldBeFalse(property.Name);
            changed.Copy().Equals(changed).ShouldBeTrue(property.Name);
        }
    }

    [Fact]
    public void A_near_miss_compares_by_its_reasons_and_copies_them()
    {
        var original = new ReferralNearMiss { FirmId = Guid.NewGuid(), Name = "Contoso", Reasons = ["no Azure", "starts too late"] };
        var copy = original.Copy();
        copy.ShouldBe(original);
        copy.Reasons.ShouldNotBeSameAs(original.Reasons);
        copy.Reasons.Add("budget");
        copy.ShouldNotBe(original);
        original.Copy().Equals(new ReferralNearMiss { FirmId = original.FirmId, Name = "Contoso!", Reasons = [.. original.Reasons] }).ShouldBeFalse();
    }

    [Fact]
    public async Task Changing_a_tracked_candidate_in_place_is_saved_and_an_unchanged_referral_writes_nothing()
    {
        await using var db = await TestDatabase.CreateAsync("jsoncolumns");
        var options = new DbContextOptionsBuilder<MatchingDbContext>().UseNpgsql(db.ConnectionString, n => n.UseNodaTime()).Options;
        var now = Instant.FromUtc(2026, 11, 30, 10, 0);
        var referral = new Referral
        {
            Id = Guid.NewGuid(), ReferrerFirmId = Guid.NewGuid(), Summary = "Move a file server to SharePoint", EffortHours = 20, HoursPerWeek = 10,
            EarliestStart = new LocalDate(2026, 12, 7), LatestStart = new LocalDate(2026, 12, 21), PostedAt = now, ClientTimeZone = "Europe/London",
            Skills = [new ReferralSkill { SkillId = "sharepoint", Name = "SharePoint", MinLevel = 3 }],
            NearMisses = [new ReferralNearMiss { FirmId = Guid.NewGuid(), Name = "Contoso", Reasons = ["no SharePoint"] }],
        };
        referral.Shortlist([Candidate(), Candidate()]);
        await using (var context = new MatchingDbContext(options))
        {
            await context.Database.MigrateAsync(Ct);
            context.Referrals.Add(referral);
            await context.SaveChangesAsync(Ct);
        }

        await using (var context = new MatchingDbContext(options))
        {
            var tracked = await context.Referrals.SingleAsync(r => r.Id == referral.Id, Ct);
            context.ChangeTracker.DetectChanges();
            context.Entry(tracked).State.ShouldBe(EntityState.Unchanged);
            (await context.SaveChangesAsync(Ct)).ShouldBe(0);

            // In place, as OfferNextWave marks them: no new list, so only the item-by-item comparison can see it.
            tracked.Candidates[1].Offered = true;
            tracked.Candidates[1].EarliestStart = new DateOnly(2026, 12, 14);
            tracked.NearMisses[0].Reasons.Add("starts too late");
            tracked.UnmatchedHelp.Add("a later latest start");
            (await context.SaveChangesAsync(Ct)).ShouldBe(1);
        }

        await using (var context = new MatchingDbContext(options))
        {
            var saved = await context.Referrals.AsNoTracking().SingleAsync(r => r.Id == referral.Id, Ct);
            saved.Candidates.Select(c => c.Offered).ShouldBe([false, true]);
            saved.Candidates[1].EarliestStart.ShouldBe(new DateOnly(2026, 12, 14));
            saved.Candidates[0].Explanation.ShouldBe(referral.Candidates[0].Explanation);
            saved.NearMisses[0].Reasons.ShouldBe(["no SharePoint", "starts too late"]);
            saved.UnmatchedHelp.ShouldBe(["a later latest start"]);
        }
    }
}
