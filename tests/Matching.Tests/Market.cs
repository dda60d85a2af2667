using Marketplace.Matching.Ranking;
using Microsoft.Extensions.Options;
using System.Net;
using System.Text.Json;
using Marketplace.Matching.Capacity;
using Marketplace.Matching.Data;
using Marketplace.Matching.Offers;
using Marketplace.Matching.Partners;
using Marketplace.Matching.Referrals;
using Marketplace.Matching.Skills;
using Marketplace.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace Marketplace.Matching.Tests;

/// <summary>The few moves the accept and confirmation tests make on a Matching host: partners, referrals, offers, the jobs.</summary>
public static class Market
{
    public static readonly Guid Referrer = Guid.NewGuid();
    public static readonly string ReferrerOwner = TestTokens.For(Referrer, "Owner", "referrer-owner-2c9e");
    private static readonly LocalDate NextMonday = Calendar.WorkingWeek.WeekStart(SystemClock.Instance.GetCurrentInstant().InUtc().Date).PlusWeeks(1);

    public static Dictionary<string, string?> Settings(string catalog, string scheduling) => ReferralFlowTests.Settings(catalog, scheduling);

    /// <summary>A partner at level 5 in SQL Server, in Matching's projection (Scheduling's side is the test's to set up).</summary>
    public static async Task<Guid> PartnerAsync(IServiceProvider services, string name)
    {
        var id = Guid.NewGuid();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MatchingDbContext>();
        db.Partners.Add(new Partner { FirmId = id, Name = name, TimeZone = "Europe/London", TakesReferrals = true });
        db.PartnerSkills.Add(new PartnerSkillRow { FirmId = id, SkillId = "sql-server", Level = 5, Years = 5 });
        db.PartnerCapacities.Add(new PartnerCapacity { FirmId = id, FirstWeek = NextMonday.PlusWeeks(-1).ToDateOnly(), FreeHours = [.. Enumerable.Repeat(40, 26)] });
        await db.SaveChangesAsync();
        Written(services);
        return id;
    }

    /// <summary>What a test wrote into the projection directly is this replica's own write: its next ranking reads it.</summary>
    public static void Written(IServiceProvider services) => services.GetRequiredService<RankingIndexSource>().Invalidate();

    public static string Token(Guid partner) => TestTokens.For(partner, "Owner", $"owner-of-{partner:N}");

    /// <summary>Posts a referral for level-5 SQL Server work, 10 h a week; returns its id.</summary>
    public static async Task<Guid> PostAsync(HttpClient client, int waveSize = 1) =>
        (await client.CallAsync(HttpMethod.Post, "/api/matching/referrals", ReferrerOwner, new
        {
            summary = "Tune a slow SQL Server for a 40-user accounting firm", skills = new[] { new { skillId = "sql-server", minLevel = 5 } },
            effortHours = 30, hoursPerWeek = 10, earliestStart = NextMonday.ToDateOnly(), latestStart = NextMonday.PlusWeeks(3).ToDateOnly(),
            clientTimeZone = "America/New_York", clientName = "Contoso Accounting", engagementMode = "HandOff", waveSize,
        }, HttpStatusCode.Created)).GetProperty("id").GetGuid();

    /// <summary>The partner's open offer on the referral.</summary>
    public static async Task<Guid> OfferAsync(HttpClient client, Guid partner, Guid referral) =>
        (await client.CallAsync(HttpMethod.Get, "/api/matching/offers", Token(partner), null, HttpStatusCode.OK)).EnumerateArray()
            .Single(o => o.GetProperty("referralId").GetGuid() == referral).GetProperty("offerId").GetGuid();

    public static Task<(HttpStatusCode Status, string Body)> AcceptAsync(HttpClient client, Guid partner, Guid offer) =>
        client.SendAsync(HttpMethod.Post, $"/api/matching/offers/{offer}/accept", Token(partner));

    public static async Task<string> StatusAsync(HttpClient client, Guid referral) =>
        (await client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{referral}", ReferrerOwner, null, HttpStatusCode.OK)).GetProperty("status").GetString()!;

    /// <summary>The referral's audit trail as the referrer reads it: each step's why.</summary>
    public static async Task<List<string>> TimelineAsync(HttpClient client, Guid referral) =>
        [.. (await client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{referral}/timeline", ReferrerOwner, null, HttpStatusCode.OK))
            .EnumerateArray().Select(t => t.GetProperty("why").GetString()!)];

    public static string Detail(string problem) => JsonDocument.Parse(problem).RootElement.GetProperty("detail").GetString()!;

    public static PendingStepJob PendingJobAt(IServiceProvider services, DateTimeOffset now) =>
        new(services.GetRequiredService<IServiceScopeFactory>(), new FakeTimeProvider(now), Options.Create(new MatchingOptions()),
            services.GetRequiredService<MatchingMetrics>(), NullLogger<PendingStepJob>.Instance);

    public static OfferDeadlineJob DeadlineJobAt(IServiceProvider services, DateTimeOffset now) =>
        new(services.GetRequiredService<IServiceScopeFactory>(), new FakeTimeProvider(now), Options.Create(new MatchingOptions()),
            services.GetRequiredService<MatchingMetrics>(), NullLogger<OfferDeadlineJob>.Instance);
}
