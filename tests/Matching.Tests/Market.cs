using Marketplace.Matching.Ranking;
using Microsoft.Extensions.Options;
using System.Net;
using System.Text.Json;
using Marketplace.Matching.Capacity;
using Marketplace.Matching.Data;
using Marketplace.Matching.Offers;
using Marketplace.Matching.Partners;
using Marketplace.Matching.Partnerships;
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
    private static readonly LocalDate ThisMonday = Calendar.WorkingWeek.WeekStart(SystemClock.Instance.GetCurrentInstant().InUtc().Date);
    private static readonly LocalDate NextMonday = ThisMonday.PlusWeeks(1);

    public static Dictionary<string, string?> Settings(string catalog, string scheduling) => ReferralFlowTests.Settings(catalog, scheduling);

    /// <summary>A partner at level 5 in SQL Server, in Matching's projection (Scheduling's side is the test's to set up).</summary>
    public static Task<Guid> PartnerAsync(IServiceProvider services, string name) => SeedPartnerAsync(services, new(name));

    /// <summary>
    /// Writes the firm <paramref name="seed"/> describes into Matching's projection (and invalidates the index: the next
    /// ranking reads it); partnered with <paramref name="referrer"/> (<see cref="Referrer"/> by default) when it has terms.
    /// With <paramref name="neighbours"/>, the fake Scheduling then answers the partner's start, unless the seed says not to.
    /// </summary>
    public static async Task<Guid> SeedPartnerAsync(IServiceProvider services, PartnerSeed seed, FakeNeighbours? neighbours = null, Guid referrer = default)
    {
        var id = seed.FirmId ?? Guid.NewGuid();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MatchingDbContext>();
            db.Partners.Add(new Partner
            {
                FirmId = id, Name = seed.Name, TimeZone = seed.Zone, TakesReferrals = seed.SqlLevel is not null, HolidayCountry = seed.HolidayCountry,
                HolidayRegion = seed.HolidayRegion,
            });
            if (seed.SqlLevel is { } level)
            {
                db.PartnerSkills.Add(new PartnerSkillRow { FirmId = id, SkillId = "sql-server", Level = level, Years = 5 });
                db.PartnerCapacities.Add(new PartnerCapacity { FirmId = id, FirstWeek = ThisMonday.ToDateOnly(), FreeHours = [.. Enumerable.Repeat(seed.FreeHours, 26)] });
            }
            if (seed.Terms is { } terms)
            {
                var partnership = Guid.NewGuid();
                db.PartnerLinks.Add(new PartnerLink
                {
                    PartnershipId = partnership, InviterFirmId = referrer == Guid.Empty ? Referrer : referrer, InviteeFirmId = id, Active = true,
                });
                db.AgreementVersions.Add(new AgreementVersion
                {
                    PartnershipId = partnership, Version = 1, EngagementModes = [.. terms.Modes], FeeKind = "Percent", FeePercent = terms.FeePercent,
                    ResponseSlaBusinessHours = terms.SlaBusinessHours, MaxConcurrentReferrals = terms.MaxConcurrent,
                });
            }
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        Written(services);
        if (neighbours is not null && seed.SqlLevel is not null && seed.Schedulable)
        {
            var (start, finish) = seed.Start ?? (NextMonday, NextMonday.PlusWeeks(2).PlusDays(4));
            neighbours.Starts[id] = (start.ToDateOnly(), finish.ToDateOnly(), Guid.NewGuid(), 10);
        }
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

/// <summary>
/// A firm in Matching's projection, as <see cref="Market.SeedPartnerAsync"/> writes it: by default a partner at level 5 in
/// SQL Server in London, free 40 h a week from this Monday for 26 weeks, in the open directory only (no terms with the
/// referrer), that Scheduling says can start next Monday and finish the Friday two weeks on.
/// </summary>
public sealed record PartnerSeed(string Name)
{
    /// <summary>A known firm (the referrer itself, say); a new id when null.</summary>
    public Guid? FirmId { get; init; }

    /// <summary>Its SQL Server level; null for a firm that only refers: no skill, no capacity, no start, takes no referrals.</summary>
    public int? SqlLevel { get; init; } = 5;

    public string Zone { get; init; } = "Europe/London";
    public string? HolidayCountry { get; init; }
    public string? HolidayRegion { get; init; }
    public int FreeHours { get; init; } = 40;

    /// <summary>Partnered with the referrer on these terms; null: in the open directory only.</summary>
    public PartnershipTerms? Terms { get; init; }

    /// <summary>Whether the fake Scheduling (when the seeding is given one) answers a start for it.</summary>
    public bool Schedulable { get; init; } = true;

    /// <summary>The start and finish Scheduling answers; next Monday to the Friday two weeks on when null.</summary>
    public (LocalDate Start, LocalDate Finish)? Start { get; init; }
}

/// <summary>A partnership's first agreement: engagement modes, a percentage fee, the response SLA, the referrals it takes at once.</summary>
public sealed record PartnershipTerms(string[] Modes, int MaxConcurrent, decimal FeePercent = 10, int SlaBusinessHours = 4)
{
    /// <summary>Hand-off and white-label at 10 %, 4 business hours to answer, 3 referrals at once.</summary>
    public static PartnershipTerms Standard { get; } = new(["HandOff", "WhiteLabel"], MaxConcurrent: 3);
}

/// <summary>Matching's host on a real database, with Catalog and Scheduling faked on a loopback socket, for each test.</summary>
public abstract class MatchingApiTest : IAsyncLifetime
{
    protected FakeNeighbours Neighbours { get; private set; } = null!;
    protected ServiceUnderTest<MatchingDbContext> Service { get; private set; } = null!;
    protected HttpClient Client => Service.Client;

    public virtual async ValueTask InitializeAsync()
    {
        Neighbours = await FakeNeighbours.StartAsync();
        Service = await ServiceUnderTest<MatchingDbContext>.StartAsync("matching", ReferralFlowTests.Settings(Neighbours.Url));
    }

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        await Neighbours.DisposeAsync();
    }
}
