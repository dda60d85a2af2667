using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Marketplace.Calendar;
using Marketplace.Scheduling.Data;
using Marketplace.Scheduling.Engineers;
using Marketplace.Scheduling.Firms;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Marketplace.Scheduling.Benchmarks;

/// <summary>
/// Scheduling on a loopback socket with a database of its own: (1) earliest start over 1,000 firms × 26 weeks,
/// (2) contended holds, then an independent overbooking count. Bounded by time; everything is dropped afterwards.
///   dotnet run -c Release --project benchmarks/Scheduling.Benchmarks -- load [seconds] [connections]
/// </summary>
public static class LoadHarness
{
    private const int FirmCount = 1_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10;
        var connections = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8;
        Directory.SetCurrentDirectory(AppContext.BaseDirectory); // where the test host looks for the service's content root
        await using var db = await TestDatabase.CreateAsync("bench");
        await using var vhost = await TestVirtualHost.CreateAsync();
        var settings = ServiceSettings.For("scheduling", db, vhost.ConnectionString);
        await using var factory = new ServiceFactory<SchedulingDbContext>(settings);
        var address = factory.StartOnLoopback();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = address };

        var thisWeek = WorkingWeek.WeekStart(SystemClock.Instance.GetCurrentInstant().InUtc().Date);
        var seeding = Stopwatch.StartNew();
        var firms = SyntheticFirms.Create(FirmCount, 30);
        await SeedAsync(factory.Services, firms, thisWeek.PlusWeeks(-1));
        await factory.Services.GetRequiredService<Availability.AvailabilityIndex>().RefreshAsync(CancellationToken.None);
        // Let the first CapacityChanged of every firm go out before measuring, so that burst is not counted against the answers.
        await Eventually.TrueAsync(async () => await db.ScalarAsync<long>("""
            SELECT (SELECT count(*) FROM "FirmCapacityChanges" WHERE "Version" > "PublishedVersion")
                 + (SELECT count(*) FROM "OutboxMessages" WHERE "SentAt" IS NULL)
            """) == 0, TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(1));
        Console.WriteLine($"seeded {FirmCount} firms, {firms.Sum(f => f.Engineers.Count)} engineers in {seeding.Elapsed.TotalSeconds:0.0} s");

        var asker = TestTokens.For(Guid.NewGuid(), "Owner");
        foreach (var hours in new[] { 10, 30 })
        {
            var url = $"/api/scheduling/availability?skill=sd-wan&hoursPerWeek={hours}&effortHours={hours * 4}";
            using var warm = await SendAsync(http, HttpMethod.Get, url, asker, null);
            var answer = await warm.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            await MeasureAsync(http, connections, TimeSpan.FromSeconds(3), _ => (HttpMethod.Get, url, asker, null)); // warm-up, not counted
            foreach (var callers in new[] { 1, 2, connections }.Distinct())
            {
                var result = await MeasureAsync(http, callers, TimeSpan.FromSeconds(seconds), _ => (HttpMethod.Get, url, asker, null));
                Console.WriteLine($"earliest start, {FirmCount} firms × 26 weeks, {hours} h/week ({answer.GetProperty("canStart").GetInt32()} can start, soonest 50 returned), {callers} connections: {result}");
            }
        }

        // Contended holds, two ways: capacity to spare (10 engineers × 26 weeks × 80 h; throughput of granted holds)
        // and capacity running out (10 engineers × 8 weeks × 40 h = 3,200 h; everything after that is a 409).
        var overbooked = 0L;
        foreach (var (label, hoursPerWeek, weeks) in new[] { ("capacity to spare", 80, 26), ("capacity running out", 40, 8) })
        {
            var firm = Guid.NewGuid();
            var owner = TestTokens.For(firm, "Owner");
            var engineers = new List<Guid>();
            for (var i = 0; i < 10; i++)
            {
                var id = Guid.NewGuid();
                using var put = await SendAsync(http, HttpMethod.Put, $"/api/scheduling/engineers/{id}/capacity", owner, new { name = $"Engineer {i}", hoursPerWeek });
                put.EnsureSuccessStatusCode();
                engineers.Add(id);
            }
            var firstWeek = thisWeek.PlusWeeks(2);
            var holds = await MeasureAsync(http, connections, TimeSpan.FromSeconds(seconds), n =>
            {
                var random = new Random(n);
                return (HttpMethod.Post, "/api/scheduling/holds", owner, new
                {
                    engineerId = engineers[random.Next(engineers.Count)], referralId = Guid.NewGuid(), hoursPerWeek = random.Next(1, 4),
                    firstWeek = firstWeek.PlusWeeks(random.Next(weeks)).ToDateOnly(), weeks = 1,
                });
            });
            // Overbooking, counted from the allocations themselves rather than the counters the guarantee maintains.
            var over = await db.ScalarAsync<long>($"""
                SELECT count(*) FROM (
                  SELECT a."EngineerId", a."FirstWeek", sum(a."HoursPerWeek") AS hours FROM "Allocations" a
                  JOIN "Engineers" e ON e."Id" = a."EngineerId" WHERE e."FirmId" = '{firm}' AND a."Status" <> 'Released'
                  GROUP BY a."EngineerId", a."FirstWeek") w
                WHERE w.hours > {hoursPerWeek}
                """);
            var granted = await db.ScalarAsync<long>($"""SELECT coalesce(sum("HoursPerWeek"), 0) FROM "Allocations" a JOIN "Engineers" e ON e."Id" = a."EngineerId" WHERE e."FirmId" = '{firm}'""");
            var counted = await db.ScalarAsync<long>($"""SELECT coalesce(sum("AllocatedHours"), 0) FROM "CapacityWeeks" c JOIN "Engineers" e ON e."Id" = c."EngineerId" WHERE e."FirmId" = '{firm}'""");
            Console.WriteLine($"contended holds, {label} ({10 * hoursPerWeek * weeks:N0} h), {connections} connections: {holds}");
            Console.WriteLine($"  granted {holds.Statuses.GetValueOrDefault(HttpStatusCode.Created) / holds.Elapsed:0} holds/s; overbooked engineer-weeks: {over}; hours granted {granted}, counters say {counted}");
            overbooked += over + (granted == counted ? 0 : 1);
        }
        return overbooked == 0 ? 0 : 1;
    }

    private static async Task SeedAsync(IServiceProvider services, List<SyntheticFirms.Firm> firms, LocalDate firstWeek)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var firm in firms)
        {
            db.FirmCalendars.Add(new FirmCalendar
            {
                FirmId = firm.Id, Name = firm.Name, TimeZone = firm.Zone,
                Skills = [.. firm.SkillLevels.Select(s => new FirmSkill { SkillId = s.Key, Level = s.Value })],
            });
            foreach (var e in firm.Engineers)
            {
                db.Engineers.Add(new Engineer { Id = e.Id, FirmId = firm.Id, Name = e.Name, WeeklyCapacityHours = e.WeeklyHours });
                db.CapacityWeeks.AddRange(e.Allocated.Select((hours, w) => (hours, w)).Where(x => x.hours > 0)
                    .Select(x => new CapacityWeek { EngineerId = e.Id, WeekStart = firstWeek.PlusWeeks(x.w), CapacityHours = e.WeeklyHours, AllocatedHours = x.hours }));
            }
        }
        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "FirmCapacityChanges" ("FirmId", "Version", "PublishedVersion")
            SELECT "FirmId", nextval('"FirmCapacityVersions"'), 0 FROM "FirmCalendars"
            """);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string url, string token, object? body)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request);
    }

    /// <summary>Closed loop: each connection sends its next request when the last one is answered, until the time is up.</summary>
    private static async Task<LoadResult> MeasureAsync(HttpClient http, int connections, TimeSpan duration,
        Func<int, (HttpMethod Method, string Url, string Token, object? Body)> next)
    {
        var latencies = new List<double>[connections];
        var statuses = new Dictionary<HttpStatusCode, int>[connections];
        var counter = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async c =>
        {
            (latencies[c], statuses[c]) = ([], []);
            while (clock.Elapsed < duration)
            {
                var (method, url, token, body) = next(Interlocked.Increment(ref counter));
                var started = Stopwatch.GetTimestamp();
                using var response = await SendAsync(http, method, url, token, body);
                await response.Content.LoadIntoBufferAsync();
                latencies[c].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                statuses[c][response.StatusCode] = statuses[c].GetValueOrDefault(response.StatusCode) + 1;
            }
        }));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        var counts = statuses.SelectMany(s => s).GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.Sum(s => s.Value));
        return new LoadResult(clock.Elapsed.TotalSeconds, all.Length / clock.Elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.95), Percentile(all, 0.99), counts);
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private sealed record LoadResult(double Elapsed, double PerSecond, double P50, double P95, double P99, Dictionary<HttpStatusCode, int> Statuses)
    {
        public override string ToString() =>
            $"{PerSecond:0} req/s, p50 {P50:0.00} ms, p95 {P95:0.00} ms, p99 {P99:0.00} ms; " +
            string.Join(", ", Statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}: {s.Value}"));
    }
}
