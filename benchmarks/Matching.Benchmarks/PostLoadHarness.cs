extern alias gateway;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Marketplace.Matching.Capacity;
using Marketplace.Matching.Data;
using Marketplace.Matching.Partners;
using Marketplace.Matching.Skills;
using Marketplace.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Marketplace.Matching.Benchmarks;

/// <summary>
/// Post → first offers published, through the gateway: the gateway and Matching on loopback sockets with a database and
/// RabbitMQ virtual host of their own, 1,000 partners in Matching's projections, Catalog and Scheduling stubbed on
/// loopback. Referrals are posted open-loop at a fixed rate; a referral's latency runs from the moment its POST was
/// sent to the moment the outbox dispatcher had its first OfferMade confirmed by RabbitMQ (the row's SentAt).
/// With <c>--replicas N</c>, N Matching hosts share the database and the virtual host behind the gateway (destinations
/// d1…dN, RoundRobin asked for, though the gateway's pipeline has no load balancing step yet, so YARP picks at random;
/// the split is printed); each keeps its own ranking index, kept right through the index changes.
///   dotnet run -c Release --project benchmarks/Matching.Benchmarks -- load [perSecond] [seconds] [--async-commit] [--replicas N]
/// </summary>
public static class PostLoadHarness
{
    public static async Task<int> RunAsync(int perSecond, int seconds, bool asyncCommit, int replicas = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        await using var neighbours = await StubsAsync();
        await using var db = await TestDatabase.CreateAsync("bench");
        await using var vhost = await TestVirtualHost.CreateAsync();
        var settings = ServiceSettings.For("matching", db, vhost.ConnectionString);
        if (asyncCommit)
        {
            // Commits return before the WAL reaches the disk (a crash of the machine may lose the last moment's commits;
            // never corrupts): shows how much of the latency is this disk's fsync.
            settings["ConnectionStrings:matching"] += ";Options=-c synchronous_commit=off";
        }
        settings["Services:catalog"] = settings["Services:scheduling"] = neighbours.Urls.First();
        // One after the other: the first migrates the database, the others find it migrated.
        var matchingHosts = new List<ServiceFactory<MatchingDbContext>>();
        await using var stopHosts = new AsyncDisposables(matchingHosts);
        var gatewaySettings = new Dictionary<string, string?> { ["Auth:SigningKey"] = TestKeys.SigningKeyPem };
        for (var r = 1; r <= replicas; r++)
        {
            var replica = new ServiceFactory<MatchingDbContext>(settings);
            matchingHosts.Add(replica);
            gatewaySettings[$"ReverseProxy:Clusters:matching:Destinations:d{r}:Address"] = replica.StartOnLoopback().ToString();
        }
        if (replicas > 1)
        {
            gatewaySettings["ReverseProxy:Clusters:matching:LoadBalancingPolicy"] = "RoundRobin";
            // The gateway's proxy pipeline (MapReverseProxy with a custom pipeline, no UseLoadBalancing) ignores the policy:
            // YARP picks a destination at random and warns on every request, which would cost more than the request here.
            gatewaySettings["Logging:LogLevel:Yarp.ReverseProxy.Forwarder.ForwarderMiddleware"] = "Error";
        }
        var matching = matchingHosts[0];
        await using var gatewayHost = new ServiceFactory<gateway::Program>(gatewaySettings);
        var gatewayUrl = gatewayHost.StartOnLoopback();
        var monday = Calendar.WorkingWeek.WeekStart(SystemClock.Instance.GetCurrentInstant().InUtc().Date).PlusWeeks(1);
        await SeedAsync(matching.Services, monday.PlusWeeks(-1));
        if (replicas > 1)
        {
            // The seed was written through the first; the others learn of it from the index changes on their next look.
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = gatewayUrl };
        var token = TestTokens.For(Guid.NewGuid(), "Owner");
        var sent = new ConcurrentDictionary<Guid, DateTimeOffset>();
        var responses = new ConcurrentBag<(HttpStatusCode Status, double Ms)>();
        var body = new
        {
            summary = "Load test referral for SQL Server tuning", skills = new[] { new { skillId = "sql-server", minLevel = 3 } }, effortHours = 30, hoursPerWeek = 10,
            earliestStart = monday.ToDateOnly(), latestStart = monday.PlusWeeks(3).ToDateOnly(), clientTimeZone = "Europe/London", engagementMode = "HandOff",
        };
        async Task PostAsync()
        {
            var started = Stopwatch.GetTimestamp();
            var at = DateTimeOffset.UtcNow;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/matching/referrals") { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            responses.Add((response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
            if (response.StatusCode == HttpStatusCode.Created)
            {
                sent[(await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid()] = at;
            }
        }
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PostAsync())); // warm-up, not counted
        sent.Clear();
        responses.Clear();
        using var perReplica = replicas > 1 ? new PostsPerReplica(matchingHosts.Select(h => h.Services)) : null;

        // Open loop: one referral every 1/rate seconds whatever the answers do, for the given time.
        var posts = new List<Task>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < perSecond * seconds; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }
            posts.Add(PostAsync());
        }
        await Task.WhenAll(posts);
        var offered = await Eventually.TrueAsync(async () => await db.ScalarAsync<long>("""SELECT count(*) FROM "OutboxMessages" WHERE "SentAt" IS NULL""") == 0,
            TimeSpan.FromSeconds(60));

        var published = await PublishedAsync(db.ConnectionString);
        var latencies = sent.Where(s => published.ContainsKey(s.Key)).Select(s => (published[s.Key] - s.Value).TotalMilliseconds).Order().ToArray();
        var http201 = responses.Select(r => r.Ms).Order().ToArray();
        Console.WriteLine($"{perSecond} referrals/s for {seconds} s through the gateway{(replicas > 1 ? $" to {replicas} Matching replicas" : "")}" +
            $"{(asyncCommit ? " (synchronous_commit off)" : "")}: {responses.Count} posted, " +
            string.Join(", ", responses.GroupBy(r => (int)r.Status).Select(g => $"{g.Key}: {g.Count()}")) + $"; all offers published: {offered}");
        Console.WriteLine($"  POST answered: p50 {CeilingReport.P(http201, 0.5):0.0} ms, p95 {CeilingReport.P(http201, 0.95):0.0} ms, p99 {CeilingReport.P(http201, 0.99):0.0} ms");
        if (perReplica is not null)
        {
            Console.WriteLine($"  POSTs answered per replica: {string.Join(", ", perReplica.Counts.Select((c, i) => $"d{i + 1} {c}"))}");
        }
        Console.WriteLine($"  post → first OfferMade confirmed by RabbitMQ ({latencies.Length} referrals): p50 {CeilingReport.P(latencies, 0.5):0.0} ms, p95 {CeilingReport.P(latencies, 0.95):0.0} ms, p99 {CeilingReport.P(latencies, 0.99):0.0} ms");
        return 0;
    }

    /// <summary>
    /// POSTs each replica answered, from ASP.NET Core's request duration metric: every host's meters come from its own
    /// meter factory (the meter's scope), which tells the replicas in this one process apart.
    /// </summary>
    private sealed class PostsPerReplica : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly long[] _counts;

        public PostsPerReplica(IEnumerable<IServiceProvider> replicas)
        {
            var factories = replicas.Select(r => (object)r.GetRequiredService<IMeterFactory>()).ToList();
            _counts = new long[factories.Count];
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                var replica = factories.IndexOf(instrument.Meter.Scope!);
                if (replica >= 0 && instrument.Meter.Name == "Microsoft.AspNetCore.Hosting" && instrument.Name == "http.server.request.duration")
                {
                    listener.EnableMeasurementEvents(instrument, replica);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, _, tags, state) =>
            {
                foreach (var tag in tags)
                {
                    if (tag is { Key: "http.request.method", Value: "POST" })
                    {
                        Interlocked.Increment(ref _counts[(int)state!]);
                    }
                }
            });
            _listener.Start();
        }

        public IReadOnlyList<long> Counts => [.. _counts];

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>Disposes the hosts, last started first.</summary>
    private sealed class AsyncDisposables(List<ServiceFactory<MatchingDbContext>> hosts) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            for (var i = hosts.Count - 1; i >= 0; i--)
            {
                await hosts[i].DisposeAsync();
            }
        }
    }

    private static async Task<Dictionary<Guid, DateTimeOffset>> PublishedAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("""
            SELECT "AggregateKey", min("SentAt") FROM "OutboxMessages" WHERE "MessageType" LIKE '%OfferMade' AND "SentAt" IS NOT NULL GROUP BY "AggregateKey"
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var published = new Dictionary<Guid, DateTimeOffset>();
        while (await reader.ReadAsync())
        {
            published[Guid.Parse(reader.GetString(0))] = reader.GetFieldValue<DateTimeOffset>(1);
        }
        return published;
    }

    /// <summary>1,000 partners with SQL Server at levels 1–5 and free hours, as Matching's projections would hold them.</summary>
    private static async Task SeedAsync(IServiceProvider services, LocalDate firstWeek)
    {
        var random = new Random(11);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MatchingDbContext>();
        for (var i = 0; i < 1_000; i++)
        {
            var id = Guid.NewGuid();
            db.Partners.Add(new Partner { FirmId = id, Name = $"Partner {i:0000}", TimeZone = "Europe/London", TakesReferrals = true });
            db.PartnerSkills.Add(new PartnerSkillRow { FirmId = id, SkillId = "sql-server", Level = random.Next(1, 6), Years = 3 });
            db.PartnerCapacities.Add(new PartnerCapacity { FirmId = id, FirstWeek = firstWeek.ToDateOnly(), FreeHours = [.. Enumerable.Range(0, 26).Select(_ => random.Next(0, 41))] });
        }
        await db.SaveChangesAsync();
    }

    /// <summary>Catalog's skill names and Scheduling's earliest starts (everyone asked can start on the day asked).</summary>
    private static async Task<WebApplication> StubsAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/api/catalog/skills/{id}", (string id) => Results.Ok(new { id, name = "SQL Server", categoryId = "data" }));
        app.MapGet("/api/scheduling/availability", (Guid[] firmIds, string? notBefore) => Results.Ok(new
        {
            searchedWeeks = 26,
            firms = firmIds.Select(f => new { firmId = f, earliestStart = notBefore, projectedFinish = notBefore, engineers = Array.Empty<object>() }),
            notAvailable = Array.Empty<Guid>(),
        }));
        await app.StartAsync();
        return app;
    }
}
