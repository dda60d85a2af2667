using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Marketplace.Contracts;
using Marketplace.Matching.Capacity;
using Marketplace.Matching.Data;
using Marketplace.Matching.Partners;
using Marketplace.Matching.Skills;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Npgsql;

namespace Marketplace.Matching.Benchmarks;

/// <summary>
/// The platform's ceiling in referrals per second, and where the CPU goes on the way there. The gateway, Matching and
/// Scheduling run as processes of their own (<c>dotnet &lt;dll&gt;</c> of their Release builds) on loopback ports, with
/// a fresh database each and one RabbitMQ virtual host; Catalog and Network's token endpoint are stubbed in this
/// process (<see cref="NeighbourStubs"/>; with <c>--scheduling stub</c> Scheduling too). The partners (1,000 by
/// default) are seeded into Matching's projections and, as engineers, into Scheduling through its API, whose
/// CapacityChanged events then reach Matching as they would in production.
/// <para>
/// For each rate in turn, referrals are posted through the gateway open-loop for the given seconds, and the first-ranked
/// partner of each referral's first wave accepts its offer through the gateway (<see cref="ReferralMarket"/>), which
/// holds its engineers' time in Scheduling. One Markdown row per rate:
/// </para>
/// <list type="bullet">
/// <item>posts/s achieved (201s ÷ the rate's seconds) and POST p50/p95/p99, timed from when each POST was due;</item>
/// <item>post → first OfferMade confirmed by RabbitMQ (the outbox row's SentAt) p50/p95/p99;</item>
/// <item>accepts/s (2xx accepts ÷ first accept sent → last answered) and accept p50/p95;</item>
/// <item>Matching's outbox: the worst SentAt − CreatedAt of the rows written in the rate's window, and the rows still
/// unsent when the window closed;</item>
/// <item>errors (non-2xx by request and status; timeouts and refused connections);</item>
/// <item>how late the load generator itself sent its POSTs (p99: if high, the harness set the pace, not the platform);</item>
/// <item>CPU seconds per process over the window (from when the first POST was due until every POST and accept was
/// answered), from /proc, and as a share of all the cores.</item>
/// </list>
/// <para>
/// An idle row first: the CPU the processes use over 5 s with no load. The run stops after a rate that saturates (under
/// 80 % of the target achieved, POST p95 over 2 s, or over 5 % of POSTs failing). At the end, once Matching's outbox
/// has drained (60 s at most), lost events: referrals answered 201 with offers but no OfferMade published, accepts
/// answered 2xx with no OfferAccepted published.
/// </para>
///   dotnet run -c Release --project benchmarks/Matching.Benchmarks -- ceiling [rates, default 25,50,100,200,400] [seconds per rate, default 60] [--partners 1000] [--scheduling stub]
/// </summary>
public static class CeilingHarness
{
    private const string GatewayDll = "gateway/bin/Release/net10.0/Marketplace.Gateway.dll";
    private const string MatchingDll = "services/Matching/bin/Release/net10.0/Marketplace.Matching.dll";
    private const string SchedulingDll = "services/Scheduling/bin/Release/net10.0/Marketplace.Scheduling.dll";
    private static readonly string OfferMadeType = typeof(OfferMade).FullName!;
    private static readonly string OfferAcceptedType = typeof(OfferAccepted).FullName!;

    public static async Task<int> RunAsync(IReadOnlyList<int> rates, int seconds, int partners, bool stubScheduling)
    {
        await using var stubs = await NeighbourStubs.StartAsync(stubScheduling);
        await using var matchingDb = await TestDatabase.CreateAsync("ceiling");
        await using var schedulingDb = stubScheduling ? null : await TestDatabase.CreateAsync("ceiling_scheduling");
        await using var vhost = await TestVirtualHost.CreateAsync();
        await using var sql = NpgsqlDataSource.Create(matchingDb.ConnectionString);
        // Declared after the databases, so disposed before them: no service still holds a connection when they are dropped.
        await using var services = new ServiceProcesses();
        try
        {
            var platform = await StartAsync(services, schedulingDb, stubs.Urls.First(), matchingDb, vhost, sql, Firms(partners));
            return await MeasureAsync(platform, sql, rates, seconds, Describe(partners, stubScheduling, seconds), services.Stopping);
        }
        catch (OperationCanceledException) when (services.Stopping.IsCancellationRequested)
        {
            Console.Error.WriteLine("Cancelled.");
            return 130;
        }
    }

    /// <summary>The started services, the gateway's address, and the CPU meter over them and the shared infrastructure.</summary>
    private sealed record Platform(ServiceProcesses Services, Uri Gateway, CpuMeter Cpu, LocalDate ThisWeek);

    /// <summary>
    /// Scheduling first, unless stubbed (no database for it then), so that Matching can be told its address; then Matching,
    /// which migrates its database; the partners are seeded into Matching, then into Scheduling, whose CapacityChanged
    /// events Matching is subscribed to by then; the gateway last.
    /// </summary>
    private static async Task<Platform> StartAsync(ServiceProcesses services, TestDatabase? schedulingDb, string neighbours, TestDatabase matchingDb,
        TestVirtualHost vhost, NpgsqlDataSource sql, List<Firm> firms)
    {
        var ct = services.Stopping;
        var thisWeek = Calendar.WorkingWeek.WeekStart(SystemClock.Instance.GetCurrentInstant().InUtc().Date);
        var scheduling = schedulingDb is null ? null
            : await services.StartAsync("Scheduling", SchedulingDll, SchedulingSettings(schedulingDb, vhost, neighbours), "/health/ready");
        var matching = await services.StartAsync("Matching", MatchingDll,
            MatchingSettings(matchingDb, vhost, neighbours, scheduling?.Url.ToString() ?? neighbours), "/health/ready");
        var seededAt = DateTimeOffset.UtcNow;
        await SeedMatchingAsync(matchingDb.ConnectionString, firms, thisWeek, ct);
        if (scheduling is not null)
        {
            await SeedSchedulingAsync(scheduling.Url, firms, ct);
            // Scheduling announces each firm's hours (CapacityChanged); Matching's projection should have them all before the load.
            var heard = await Eventually.TrueAsync(async () => await CountAsync(sql,
                """SELECT count(*) FROM "PartnerCapacities" WHERE "SnapshotAt" > $1""", seededAt) >= firms.Count, TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(1));
            Console.WriteLine(heard ? "Scheduling's capacity of every partner reached Matching." : "Not every partner's capacity reached Matching within 90 s; going on.");
        }
        var gateway = await services.StartAsync("gateway", GatewayDll, GatewaySettings(matching.Url, scheduling?.Url.ToString() ?? neighbours, neighbours), "/health/live");
        List<(string, int?, string?)> groups = [("gateway", gateway.Pid, null), ("Matching", matching.Pid, null)];
        if (scheduling is not null)
        {
            groups.Add(("Scheduling", scheduling.Pid, null));
        }
        groups.AddRange([("harness", Environment.ProcessId, null), ("PostgreSQL", null, "postgres"), ("RabbitMQ", null, "beam.smp")]);
        return new Platform(services, gateway.Url, new CpuMeter(groups), thisWeek);
    }

    /// <summary>Probe, warm-up, the idle row, then the rates in turn until one saturates; then the lost events. 1 if any were lost or a service died.</summary>
    private static async Task<int> MeasureAsync(Platform platform, NpgsqlDataSource sql, IReadOnlyList<int> rates, int seconds, string description, CancellationToken ct)
    {
        await using var market = new ReferralMarket(platform.Gateway, sql, Referral(platform.ThisWeek.PlusWeeks(1)));
        await ProbeAsync(market, ct);
        var warmUp = await WarmUpAsync(platform, market, ct);
        await Eventually.TrueAsync(async () => await UnsentAsync(sql, DateTimeOffset.MinValue) == 0, TimeSpan.FromSeconds(30));
        var quiet = await QuietAsync(platform.Cpu, ct);
        foreach (var service in platform.Services.Started)
        {
            service.ForgetWarnings();
        }

        Console.WriteLine($"{description} Warm-up: {warmUp}.");
        if (!quiet)
        {
            Console.WriteLine("(The services were still busy 30 s after the warm-up, compiling most likely: the first rows carry some of that.)");
        }
        Console.WriteLine();
        Console.WriteLine(CeilingReport.Header(platform.Cpu.Names));
        Console.WriteLine(await IdleAsync(platform.Cpu, ct));
        var runs = new List<RateRun>();
        foreach (var rate in rates)
        {
            var (run, stop) = await RateAsync(platform, market, sql, rate, seconds, ct);
            runs.Add(run);
            if (stop)
            {
                break;
            }
        }

        var drained = await Eventually.TrueAsync(async () => await UnsentAsync(sql, DateTimeOffset.MinValue) == 0, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1));
        var lost = await LostAsync(sql, runs, drained, ct);
        Console.WriteLine();
        Console.WriteLine(lost);
        Troubles(platform.Services, runs);
        return lost.Any || platform.Services.Started.Any(s => s.HasExited) ? 1 : 0;
    }

    /// <summary>
    /// Not counted: rounds of 5 s at 20/s until the services' tiered compilers used under 0.1 s of CPU together in a round
    /// (6 rounds at most), so that the first rate measures the load rather than the runtime recompiling the hot paths.
    /// Their call counting waits while new methods keep being compiled, so the recompiling comes late: after a fixed
    /// 5 s at 10/s it went on through the first rate, half of Matching's CPU there.
    /// </summary>
    private static async Task<string> WarmUpAsync(Platform platform, ReferralMarket market, CancellationToken ct)
    {
        var pids = platform.Services.Started.Select(s => s.Pid).ToArray();
        double Compiling() => pids.Sum(CpuMeter.CompilingSeconds);
        var rounds = new List<double>();
        while (rounds.Count < 6 && (rounds.Count == 0 || rounds[^1] >= 0.1))
        {
            var before = Compiling();
            await market.RunAsync(20, 5, ct);
            rounds.Add(Math.Max(0, Compiling() - before)); // a compiler thread that exited takes its time with it: never below 0
        }
        return $"{rounds.Count} × 5 s at 20/s, the services' tiered compilers using {string.Join(", ", rounds.Select(r => $"{r:0.00}"))} s of CPU in them";
    }

    /// <summary>What the processes use with nothing to do (polling jobs, index refreshes, the broker's own work), for comparison.</summary>
    private static async Task<string> IdleAsync(CpuMeter cpu, CancellationToken ct)
    {
        var before = cpu.Sample();
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        var (seconds, window) = cpu.Sample().Since(before);
        return CeilingReport.IdleRow(seconds, window);
    }

    /// <summary>One rate and its row; whether to stop there (it saturated, or a service died).</summary>
    private static async Task<(RateRun Run, bool Stop)> RateAsync(Platform platform, ReferralMarket market, NpgsqlDataSource sql, int rate, int seconds, CancellationToken ct)
    {
        var before = platform.Cpu.Sample();
        var run = await market.RunAsync(rate, seconds, ct);
        var (cpuSeconds, window) = platform.Cpu.Sample().Since(before);
        var unsent = await UnsentAsync(sql, run.StartedAt);
        // The rate's outbox rows are given time to leave before its lag is read, and before the next rate starts.
        await Eventually.TrueAsync(async () => await UnsentAsync(sql, run.StartedAt) == 0, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(250));
        Console.WriteLine(CeilingReport.Row(run, await OutboxAsync(sql, run, ct), unsent, cpuSeconds, window));
        if (CeilingReport.Saturated(run) is { } why)
        {
            Console.WriteLine();
            Console.WriteLine($"Stopped after {rate}/s: {why}.");
            return (run, true);
        }
        return (run, platform.Services.Started.Any(s => s.HasExited));
    }

    /// <summary>Why requests failed, services that died, and what the services logged at Warning or above while measured.</summary>
    private static void Troubles(ServiceProcesses services, List<RateRun> runs)
    {
        foreach (var (kind, example) in runs.SelectMany(r => r.Examples).DistinctBy(e => e.Key))
        {
            Console.WriteLine($"{kind}, for example: {example}");
        }
        foreach (var dead in services.Started.Where(s => s.HasExited))
        {
            Console.WriteLine($"{dead.Name} exited with {dead.ExitCode} during the run; its last output:{Environment.NewLine}{dead.Tail()}");
        }
        Console.WriteLine($"Warnings and errors the services logged during the measurement: {string.Join(", ", services.Started.Select(s => $"{s.Name} {s.Warnings}"))}.");
        foreach (var service in services.Started)
        {
            foreach (var (kind, count) in service.WarningKinds.OrderByDescending(k => k.Value).Take(5))
            {
                Console.WriteLine($"  {service.Name} ×{count}: {kind}");
            }
        }
    }

    /// <summary>
    /// Waits (30 s at most) until the .NET services use under a tenth of a core together over 2 s: after the warm-up the
    /// runtime's tiered compiler goes on recompiling hot methods in the background for a while, which is not the load's.
    /// </summary>
    private static async Task<bool> QuietAsync(CpuMeter cpu, CancellationToken ct)
    {
        var services = cpu.Names.Select((name, i) => (name, i)).Where(n => n.name is "gateway" or "Matching" or "Scheduling").Select(n => n.i).ToArray();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var before = cpu.Sample();
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            var (seconds, window) = cpu.Sample().Since(before);
            if (services.Sum(i => seconds[i]) < 0.1 * window)
            {
                return true;
            }
        }
        return false;
    }

    private static string Describe(int partners, bool stubScheduling, int seconds) =>
        $"{partners:N0} partners; Scheduling {(stubScheduling ? "stubbed in the harness" : "as a process of its own")}; {seconds} s per rate; " +
        $"{Environment.ProcessorCount} cores shared by every process. Each referral: SQL Server level 3+, 5 h a week for 3 weeks, starting within 3 weeks; " +
        "its first-ranked partner accepts 0.5–1.5 s after the post. CPU: seconds over the rate's window (% of all cores).";

    /// <summary>The referral every post sends: SQL Server at level 3+, 5 h a week for 15 h, starting next week or within three weeks after.</summary>
    private static object Referral(LocalDate monday) => new
    {
        summary = "Load test referral for SQL Server tuning", skills = new[] { new { skillId = "sql-server", minLevel = 3 } }, effortHours = 15, hoursPerWeek = 5,
        earliestStart = monday.ToDateOnly(), latestStart = monday.PlusWeeks(3).ToDateOnly(), clientTimeZone = "Europe/London", engagementMode = "HandOff",
    };

    /// <summary>A partner: its SQL Server level (1–5) and its engineers' weekly hours (2–4 engineers, 60–80 h each).</summary>
    private sealed record Firm(Guid Id, int Level, int[] EngineerHours);

    /// <summary>
    /// Levels and hours from a seeded random, so every run has the same market. Hours are plentiful on purpose: each
    /// accept holds 15 h (about 50,000 accepts fit in the six weeks referrals reach), and a long run must not run the
    /// partners out of time, which would measure refusals instead.
    /// </summary>
    private static List<Firm> Firms(int count)
    {
        var random = new Random(11);
        return [.. Enumerable.Range(0, count).Select(_ => new Firm(Guid.NewGuid(), random.Next(1, 6),
            [.. Enumerable.Range(0, random.Next(2, 5)).Select(_ => random.Next(60, 81))]))];
    }

    private static Dictionary<string, string?> MatchingSettings(TestDatabase db, TestVirtualHost vhost, string neighbours, string scheduling)
    {
        var settings = ServiceSettings.For("matching", db, vhost.ConnectionString);
        settings["Services:catalog"] = settings["Services:network"] = neighbours;
        settings["Services:scheduling"] = scheduling;
        // Matching signs its calls to Scheduling as the platform's machine client, with a token from "Network" (the stub).
        settings["Auth:Machine:ClientId"] = "matching";
        settings["Auth:Machine:ClientSecret"] = "ceiling";
        return settings;
    }

    private static Dictionary<string, string?> SchedulingSettings(TestDatabase db, TestVirtualHost vhost, string neighbours)
    {
        var settings = ServiceSettings.For("scheduling", db, vhost.ConnectionString);
        settings["Services:catalog"] = settings["Services:network"] = neighbours;
        return settings;
    }

    /// <summary>The gateway in front of the services, its per-firm limit raised far above any rate here (one referrer posts them all).</summary>
    private static Dictionary<string, string?> GatewaySettings(Uri matching, string scheduling, string neighbours) => new()
    {
        ["Auth:SigningKey"] = TestKeys.SigningKeyPem,
        ["ReverseProxy:Clusters:matching:Destinations:d1:Address"] = matching.ToString(),
        ["ReverseProxy:Clusters:scheduling:Destinations:d1:Address"] = scheduling,
        ["ReverseProxy:Clusters:catalog:Destinations:d1:Address"] = neighbours,
        ["Gateway:RateLimits:FirmPerSecond"] = "1000000",
        ["Gateway:RateLimits:FirmBurst"] = "1000000",
    };

    /// <summary>The partners in Matching's projections, as Network's, Catalog's and Scheduling's events would leave them.</summary>
    private static async Task SeedMatchingAsync(string connectionString, List<Firm> firms, LocalDate thisWeek, CancellationToken ct)
    {
        await using var db = new MatchingDbContext(new DbContextOptionsBuilder<MatchingDbContext>().UseNpgsql(connectionString, o => o.UseNodaTime()).Options);
        foreach (var (firm, i) in firms.Select((f, i) => (f, i)))
        {
            db.Partners.Add(new Partner { FirmId = firm.Id, Name = $"Partner {i:0000}", TimeZone = "Europe/London", TakesReferrals = true });
            db.PartnerSkills.Add(new PartnerSkillRow { FirmId = firm.Id, SkillId = "sql-server", Level = firm.Level, Years = 3 });
            // Older than any snapshot Scheduling sends, which replaces it.
            db.PartnerCapacities.Add(new PartnerCapacity
            {
                FirmId = firm.Id, FirstWeek = thisWeek.ToDateOnly(), FreeHours = [.. Enumerable.Repeat(firm.EngineerHours.Sum(), 26)],
                SnapshotAt = DateTimeOffset.UtcNow.AddDays(-1),
            });
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Each partner's engineers, through Scheduling's own API with the firm's Owner token (as the portal would).</summary>
    private static async Task SeedSchedulingAsync(Uri scheduling, List<Firm> firms, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = scheduling };
        await Parallel.ForEachAsync(firms, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (firm, token) =>
        {
            var owner = TestTokens.For(firm.Id, "Owner");
            foreach (var (hours, i) in firm.EngineerHours.Select((h, i) => (h, i)))
            {
                using var request = new HttpRequestMessage(HttpMethod.Put, $"api/scheduling/engineers/{Guid.NewGuid()}/capacity")
                {
                    Content = JsonContent.Create(new { name = $"Engineer {i + 1}", hoursPerWeek = hours, skills = Array.Empty<string>() }),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", owner);
                using var response = await http.SendAsync(request, token);
                response.EnsureSuccessStatusCode();
            }
        });
    }

    /// <summary>A referral posted until one gets offers: the ranking index has the partners and the whole path works.</summary>
    private static async Task ProbeAsync(ReferralMarket market, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var (status, body) = await market.PostOnceAsync(ct);
            if (status == HttpStatusCode.Created && body.GetProperty("openOffers").GetInt32() > 0)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"A probe referral got no offers within 60 s: {(int)status} {body}");
            }
            await Task.Delay(1000, ct);
        }
    }

    private static async Task<long> CountAsync(NpgsqlDataSource sql, string query, DateTimeOffset since)
    {
        await using var command = sql.CreateCommand(query);
        command.Parameters.Add(new NpgsqlParameter { Value = since });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static Task<long> UnsentAsync(NpgsqlDataSource sql, DateTimeOffset since) =>
        CountAsync(sql, """SELECT count(*) FROM "OutboxMessages" WHERE "SentAt" IS NULL AND "CreatedAt" >= $1""", since);

    /// <summary>The rate's outbox: its worst lag (rows still unsent count as lagging until now), and each referral's first OfferMade sent.</summary>
    private static async Task<OutboxFigures> OutboxAsync(NpgsqlDataSource sql, RateRun run, CancellationToken ct)
    {
        await using var lag = sql.CreateCommand("""
            SELECT coalesce(extract(epoch FROM max(coalesce("SentAt", now()) - "CreatedAt")), 0)::float8 FROM "OutboxMessages" WHERE "CreatedAt" BETWEEN $1 AND $2
            """);
        lag.Parameters.Add(new NpgsqlParameter { Value = run.StartedAt });
        lag.Parameters.Add(new NpgsqlParameter { Value = run.EndedAt });
        var maxLag = (double)(await lag.ExecuteScalarAsync(ct))!;
        var sent = await FirstSentAsync(sql, OfferMadeType, run.StartedAt, ct);
        var latencies = run.Posted.Where(p => sent.ContainsKey(p.Key.ToString())).Select(p => (sent[p.Key.ToString()] - p.Value).TotalMilliseconds).Order().ToArray();
        return new OutboxFigures(maxLag, latencies);
    }

    /// <summary>Aggregate (referral id) → when its first row of the type was confirmed by RabbitMQ.</summary>
    private static async Task<Dictionary<string, DateTimeOffset>> FirstSentAsync(NpgsqlDataSource sql, string type, DateTimeOffset since, CancellationToken ct)
    {
        await using var command = sql.CreateCommand("""
            SELECT "AggregateKey", min("SentAt") FROM "OutboxMessages" WHERE "MessageType" = $1 AND "SentAt" IS NOT NULL AND "CreatedAt" >= $2 GROUP BY "AggregateKey"
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = type });
        command.Parameters.Add(new NpgsqlParameter { Value = since });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var sent = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            sent[reader.GetString(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        }
        return sent;
    }

    /// <summary>Events a caller was promised (a 201 with offers, a 2xx accept) that never left the outbox.</summary>
    private static async Task<LostEvents> LostAsync(NpgsqlDataSource sql, List<RateRun> runs, bool drained, CancellationToken ct)
    {
        var since = runs.Count > 0 ? runs[0].StartedAt : DateTimeOffset.UtcNow;
        var offerMade = await FirstSentAsync(sql, OfferMadeType, since, ct);
        var offerAccepted = await FirstSentAsync(sql, OfferAcceptedType, since, ct);
        var posted = runs.SelectMany(r => r.Posted.Keys).ToArray();
        var withOffers = new HashSet<Guid>();
        await using (var command = sql.CreateCommand("""SELECT DISTINCT "ReferralId" FROM "Offers" WHERE "ReferralId" = ANY($1)"""))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = posted });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                withOffers.Add(reader.GetGuid(0));
            }
        }
        var accepted = runs.SelectMany(r => r.Accepted).ToList();
        return new LostEvents(drained, posted.Length, posted.Length - withOffers.Count,
            posted.Count(p => withOffers.Contains(p) && !offerMade.ContainsKey(p.ToString())),
            accepted.Count, accepted.Count(a => !offerAccepted.ContainsKey(a.ToString())),
            await CountAsync(sql, """SELECT count(*) FROM "ReferralTransitions" WHERE "Why" LIKE 'hold pending:%' AND "At" >= $1""", since));
    }
}

/// <summary>The run's referrals and accepts against the events Matching published for them.</summary>
public sealed record LostEvents(bool Drained, int Posted, int Unmatched, int OfferMadeLost, int Accepted, int OfferAcceptedLost, long WithoutHold)
{
    public bool Any => OfferMadeLost > 0 || OfferAcceptedLost > 0;

    public override string ToString() =>
        $"Lost events ({(Drained ? "Matching's outbox drained" : "Matching's outbox NOT drained within 60 s")}): " +
        $"{Posted:N0} referrals answered 201, {Unmatched:N0} of them unmatched (no offers made), **{OfferMadeLost:N0}** with offers but no OfferMade published; " +
        $"{Accepted:N0} accepts answered 2xx, **{OfferAcceptedLost:N0}** with no OfferAccepted published; " +
        $"{WithoutHold:N0} accepts went through without a hold (Scheduling unreachable: held on confirmation).";
}

/// <summary>One rate's outbox: the worst SentAt − CreatedAt in seconds, and post → first OfferMade sent per referral (ms, sorted).</summary>
public sealed record OutboxFigures(double MaxLagSeconds, double[] OfferMadeMs);
