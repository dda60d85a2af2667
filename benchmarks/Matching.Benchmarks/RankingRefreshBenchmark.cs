using System.Diagnostics;
using System.Globalization;
using Marketplace.Calendar;
using Marketplace.Matching.Data;
using Marketplace.Matching.Ranking;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;

namespace Marketplace.Matching.Benchmarks;

/// <summary>
/// The ranking index's incremental refresh against the full reload it replaced, on a database of its own:
/// N partners seeded with set-based SQL (shaped like <see cref="SyntheticPartners"/>), the full load timed, then for a
/// while a writer moves <c>changesPerSecond</c> partners' free hours a second (the triggers record them), a refresher
/// calls <see cref="RankingIndexSource.RefreshAsync"/> on a 1 s timer as the hosted refresher does, and a loop ranks
/// needs continuously through <see cref="RankingIndexSource.GetAsync"/>. At the end the incremental index is checked
/// against a fresh full load.
///   dotnet run -c Release --project benchmarks/Matching.Benchmarks -- ranking-refresh [partners=100000] [changesPerSecond=1000] [seconds=30]
/// </summary>
public static class RankingRefreshBenchmark
{
    private static readonly string[] Zones = ["Europe/London", "America/New_York", "Australia/Sydney", "Europe/Berlin", "America/Chicago"];
    private const int BatchSize = 100;

    public static async Task<int> RunAsync(int partners, int changesPerSecond, int seconds)
    {
        Console.WriteLine($"ranking-refresh: {partners:N0} partners, {changesPerSecond:N0} changes/s for {seconds} s");
        await using var database = await TestDatabase.CreateAsync("rankrefresh");
        var services = new ServiceCollection();
        services.AddDbContext<MatchingDbContext>(o => o.UseNpgsql(database.ConnectionString, n => n.UseNodaTime()));
        await using var provider = services.BuildServiceProvider();
        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MatchingDbContext>().Database.MigrateAsync();
        }

        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var seeding = Stopwatch.StartNew();
        var seeded = await SeedAsync(dataSource, partners);
        var firms = await FirmsAsync(dataSource);
        Console.WriteLine($"  seeded {firms.Length:N0} partners, {seeded.Skills:N0} skill rows, {seeded.Changes:N0} index change rows (by the triggers) " +
            $"in {seeding.Elapsed.TotalSeconds:0.0} s");

        // The full load, as every refresh did before: three times, cold then warm.
        // The memory: all three kept, each one's cost over the one before (the first's includes EF's warm-up; whatever a load
        // leaves about until the next counts once in each, so it cancels out), the smaller of the last two.
        var loads = new List<double>();
        var kept = new List<RankingIndex>();
        var heap = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var (ms, index) = await FullLoadAsync(provider);
            loads.Add(ms);
            kept.Add(index);
            heap.Add(GC.GetTotalMemory(forceFullCollection: true));
        }
        var bytes = Math.Min(heap[1] - heap[0], heap[2] - heap[1]);
        var loaded = kept[2].Partners.Count;
        kept.Clear();
        loads.Sort();
        Console.WriteLine($"  full load (RankingLoader.LoadAsync), {loaded:N0} partners: {string.Join(" / ", loads.Select(l => l.ToString("0", CultureInfo.InvariantCulture)))} ms " +
            $"(min {loads[0]:0}, median {loads[1]:0}); index {bytes / 1024.0 / 1024.0:0.0} MB managed, {(double)bytes / Math.Max(1, loaded):0} bytes per partner");

        var (withTriggers, withoutTriggers) = await TriggerCostAsync(dataSource, firms);
        Console.WriteLine($"  UPDATE of {BatchSize} partners' free hours: p50 {withTriggers:0.0} ms with the index triggers, {withoutTriggers:0.0} ms without " +
            "(session_replication_role = replica, interleaved)");

        // Every look the cache makes opens one scope: timing the scope times the look, whoever made it.
        var looks = new List<(string By, double Ms)>();
        var scopes = new TimedScopes(provider.GetRequiredService<IServiceScopeFactory>(), (by, ms) =>
        {
            lock (looks)
            {
                looks.Add((by, ms));
            }
        });
        using var source = new RankingIndexSource(scopes, Options.Create(new MatchingOptions { IndexRefreshInterval = TimeSpan.FromSeconds(1) }), TimeProvider.System);
        var first = await source.GetAsync(CancellationToken.None); // the replica's first (full) build, not counted
        looks.Clear();

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var writer = Task.Run(() => WriteAsync(dataSource, firms, changesPerSecond, stop.Token));
        var refresher = Task.Run(() => RefreshAsync(source, first, stop.Token));
        var ranker = Task.Run(() => RankAsync(source, stop.Token));
        var (written, batchMs) = await writer;
        var ticks = await refresher;
        var (rankMs, qualified) = await ranker;

        (string By, double Ms)[] during;
        lock (looks)
        {
            during = [.. looks];
        }

        // Settle: the last writes picked up, then the incremental index must equal a fresh full load.
        await source.RefreshAsync(CancellationToken.None);
        var incremental = await source.GetAsync(CancellationToken.None);
        RankingIndex reference;
        await using (var scope = provider.CreateAsyncScope())
        {
            reference = await RankingLoader.LoadAsync(scope.ServiceProvider.GetRequiredService<MatchingDbContext>(), TimeProvider.System, CancellationToken.None);
        }
        var mismatches = Compare(incremental, reference);

        var refresherLooks = during.Where(l => l.By == "refresher").Select(l => l.Ms).Order().ToArray();
        var rankerLooks = during.Where(l => l.By == "ranker").Select(l => l.Ms).Order().ToArray();
        var allLooks = during.Select(l => l.Ms).Order().ToArray();
        var firmsPerTick = ticks.Select(t => (double)t.Firms).Order().ToArray();
        var tickMs = ticks.Select(t => t.Ms).Order().ToArray();
        Array.Sort(batchMs);
        Array.Sort(rankMs);
        Console.WriteLine($"  writer: {written:N0} partners' free hours updated ({written / (double)seconds:0} /s, asked {changesPerSecond}), " +
            $"UPDATE of {BatchSize}: p50 {CeilingReport.P(batchMs, 0.5):0.0} ms, p95 {CeilingReport.P(batchMs, 0.95):0.0} ms, max {Max(batchMs):0.0} ms");
        Console.WriteLine($"  refresher: {ticks.Count} ticks, RefreshAsync p50 {CeilingReport.P(tickMs, 0.5):0.0} ms, p95 {CeilingReport.P(tickMs, 0.95):0.0} ms, max {Max(tickMs):0.0} ms; " +
            $"firms moved per tick p50 {CeilingReport.P(firmsPerTick, 0.5):0} (max {Max(firmsPerTick):0})");
        Console.WriteLine($"  looks (scope open → close, whoever made it): {allLooks.Length}, p50 {CeilingReport.P(allLooks, 0.5):0.0} ms, p95 {CeilingReport.P(allLooks, 0.95):0.0} ms, " +
            $"max {Max(allLooks):0.0} ms; by the refresher {refresherLooks.Length} (p50 {CeilingReport.P(refresherLooks, 0.5):0.0} ms), " +
            $"by a ranking call that found the index stale {rankerLooks.Length} (p50 {CeilingReport.P(rankerLooks, 0.5):0.0} ms, max {Max(rankerLooks):0.0} ms)");
        Console.WriteLine($"  ranking: {rankMs.Length:N0} calls ({rankMs.Length / (double)seconds:0} /s, {rankerLooks.Length} of them made a look), " +
            $"GetAsync + Rank p50 {CeilingReport.P(rankMs, 0.5):0.000} ms, p99 {CeilingReport.P(rankMs, 0.99):0.000} ms, max {Max(rankMs):0.0} ms; mean qualified {qualified:0}");
        Console.WriteLine($"  the old way (full load each second): {loads[1]:0} ms of every 1000 ms; incremental: {CeilingReport.P(allLooks, 0.5):0.0} ms p50 " +
            $"→ {loads[1] / Math.Max(0.001, CeilingReport.P(allLooks, 0.5)):0}× less");
        Console.WriteLine($"  check against a fresh full load: {(mismatches == 0 ? "identical" : $"{mismatches} partners DIFFER")}");
        Console.WriteLine();
        Console.WriteLine("| partners | changes/s | full load ms (min/median) | index MB | refresh p50 / p95 / max ms | firms per refresh | rank p50 / p99 / max ms | old way ms/s |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {loaded:N0} | {written / (double)seconds:0} | {loads[0]:0} / {loads[1]:0} | {bytes / 1024.0 / 1024.0:0.0} | " +
            $"{CeilingReport.P(allLooks, 0.5):0.0} / {CeilingReport.P(allLooks, 0.95):0.0} / {Max(allLooks):0.0} | {CeilingReport.P(firmsPerTick, 0.5):0} | " +
            $"{CeilingReport.P(rankMs, 0.5):0.000} / {CeilingReport.P(rankMs, 0.99):0.000} / {Max(rankMs):0.0} | {loads[1]:0} |"));
        return mismatches == 0 ? 0 : 1;
    }

    private static async Task<(double Ms, RankingIndex Index)> FullLoadAsync(IServiceProvider provider)
    {
        var started = Stopwatch.GetTimestamp();
        await using var scope = provider.CreateAsyncScope();
        var index = await RankingLoader.LoadAsync(scope.ServiceProvider.GetRequiredService<MatchingDbContext>(), TimeProvider.System, CancellationToken.None);
        return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, index);
    }

    /// <summary>Partners, their skills (6–12 of one or two categories), reputations for half, 26 weeks of free hours.</summary>
    private static async Task<(long Skills, long Changes)> SeedAsync(NpgsqlDataSource dataSource, int count)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        async Task<long> ExecuteAsync(string sql)
        {
            // Numbers only, written into the text: CREATE TABLE and friends take no parameters.
            sql = sql.Replace("@n", count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("@categories", SyntheticPartners.Categories.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("@perCategory", SyntheticPartners.SkillsPerCategory.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("@zones", "ARRAY[" + string.Join(", ", Zones.Select(z => $"'{z}'")) + "]", StringComparison.Ordinal);
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
            return await command.ExecuteNonQueryAsync();
        }
        await ExecuteAsync("SELECT setseed(0.42)");
        // Outer columns referenced in the array subqueries keep them correlated (evaluated per row, not once).
        await ExecuteAsync("""
            CREATE TEMP TABLE firms (n int, id uuid, c1 int, c2 int, wanted int);
            INSERT INTO firms
            SELECT n, gen_random_uuid() AS id, floor(random() * @categories)::int AS c1,
                   CASE WHEN random() < 0.3 THEN floor(random() * @categories)::int END AS c2, 6 + floor(random() * 7)::int AS wanted
            FROM generate_series(1, @n) AS n
            """);
        await ExecuteAsync("""
            INSERT INTO "Partners" ("FirmId", "Name", "TimeZone", "TakesReferrals", "WorkingDays", "OpensAt", "ClosesAt", "RegisteredAt", "ProfileAt")
            SELECT id, 'Partner ' || lpad(n::text, 6, '0'), (@zones)[1 + n % 5], true, '{1,2,3,4,5}', '09:00', '17:00', now(), now()
            FROM firms
            """);
        var skills = await ExecuteAsync("""
            INSERT INTO "PartnerSkills" ("FirmId", "SkillId", "Level", "Years", "VerifiedUntil")
            SELECT id, 'c' || c || '-skill-' || s, 1 + floor(random() * 5)::int, floor(random() * 15)::int,
                   CASE WHEN random() < 0.3 THEN current_date + 365 END
            FROM (SELECT f.id, cs.c, s, f.wanted, row_number() OVER (PARTITION BY f.id ORDER BY random()) AS r
                  FROM firms f
                  CROSS JOIN LATERAL (SELECT DISTINCT c FROM unnest(ARRAY[f.c1, f.c2]) AS u(c) WHERE c IS NOT NULL) AS cs
                  CROSS JOIN generate_series(0, @perCategory - 1) AS s) AS candidates
            WHERE r <= wanted
            """);
        await ExecuteAsync("""
            INSERT INTO "PartnerReputations" ("FirmId", "Count", "ScoreSum", "LastRatedAt")
            SELECT id, k, k + floor(random() * 4 * k)::int, now() - random() * interval '300 days'
            FROM (SELECT id, 1 + floor(random() * 20)::int AS k FROM firms WHERE random() < 0.5) AS rated
            """);
        await ExecuteAsync("""
            INSERT INTO "PartnerCapacities" ("FirmId", "FirstWeek", "FreeHours", "SnapshotAt")
            SELECT id, date_trunc('week', current_date)::date,
                   ARRAY(SELECT CASE WHEN random() < 0.7 - w * 0.02 THEN floor(random() * 10) ELSE 10 + floor(random() * 31) END::int
                         FROM generate_series(0, 25) AS w WHERE f.n > 0 ORDER BY w),
                   now()
            FROM firms f
            """);
        await ExecuteAsync("DROP TABLE firms; ANALYZE");
        await using var changes = new NpgsqlCommand("""SELECT count(*) FROM "IndexChanges" """, connection);
        return (skills, (long)(await changes.ExecuteScalarAsync())!);
    }

    private static async Task<Guid[]> FirmsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("""SELECT "FirmId" FROM "Partners" ORDER BY "FirmId" """);
        await using var reader = await command.ExecuteReaderAsync();
        var firms = new List<Guid>();
        while (await reader.ReadAsync())
        {
            firms.Add(reader.GetGuid(0));
        }
        return [.. firms];
    }

    /// <summary>The writer's statement, 20 times with the triggers and 20 without, interleaved: p50 ms of each (NaN without: not allowed).</summary>
    private static async Task<(double With, double Without)> TriggerCostAsync(NpgsqlDataSource dataSource, Guid[] firms)
    {
        var random = new Random(5);
        var with = new List<double>();
        var without = new List<double>();
        await using var connection = await dataSource.OpenConnectionAsync();
        try
        {
            for (var i = 0; i < 40; i++)
            {
                await using (var role = new NpgsqlCommand($"SET session_replication_role = {(i % 2 == 0 ? "origin" : "replica")}", connection))
                {
                    await role.ExecuteNonQueryAsync();
                }
                await using var update = new NpgsqlCommand(UpdateSql, connection);
                update.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", [.. Enumerable.Range(0, BatchSize).Select(_ => firms[random.Next(firms.Length)])]));
                var started = Stopwatch.GetTimestamp();
                await update.ExecuteNonQueryAsync();
                (i % 2 == 0 ? with : without).Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // not a superuser: no comparison
        }
        finally
        {
            await using var reset = new NpgsqlCommand("RESET session_replication_role", connection);
            await reset.ExecuteNonQueryAsync();
        }
        double Median(List<double> ms) => ms.Count == 0 ? double.NaN : ms.Order().ElementAt(ms.Count / 2);
        return (Median(with), Median(without));
    }

    private const string UpdateSql = """
        UPDATE "PartnerCapacities" SET "FreeHours"[1 + floor(random() * 26)::int] = floor(random() * 41)::int, "SnapshotAt" = now()
        WHERE "FirmId" = ANY(@ids)
        """;

    /// <summary>Each second, <paramref name="perSecond"/> distinct random partners' free hours for one week move, 100 to a statement.</summary>
    private static async Task<(long Written, double[] BatchMs)> WriteAsync(NpgsqlDataSource dataSource, Guid[] firms, int perSecond, CancellationToken ct)
    {
        var random = new Random(7);
        var batches = new List<double>();
        long written = 0;
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        await using var update = new NpgsqlCommand(UpdateSql, connection);
        var ids = new NpgsqlParameter<Guid[]>("ids", Array.Empty<Guid>());
        update.Parameters.Add(ids);
        await update.PrepareAsync(CancellationToken.None);
        var clock = Stopwatch.StartNew();
        try
        {
            for (var second = 0; !ct.IsCancellationRequested; second++)
            {
                var chosen = new HashSet<Guid>(perSecond);
                while (chosen.Count < Math.Min(perSecond, firms.Length))
                {
                    chosen.Add(firms[random.Next(firms.Length)]);
                }
                foreach (var batch in chosen.Chunk(BatchSize))
                {
                    ct.ThrowIfCancellationRequested();
                    ids.TypedValue = batch;
                    var started = Stopwatch.GetTimestamp();
                    written += await update.ExecuteNonQueryAsync(CancellationToken.None);
                    batches.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                var due = TimeSpan.FromSeconds(second + 1);
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed, ct);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the run is over
        }
        return (written, [.. batches]);
    }

    /// <summary>As the hosted refresher: RefreshAsync twice per refresh interval; how long it took and how many firms' profiles it replaced.</summary>
    private static async Task<List<(double Ms, int Firms)>> RefreshAsync(RankingIndexSource source, RankingIndex first, CancellationToken ct)
    {
        TimedScopes.Caller.Value = "refresher";
        var ticks = new List<(double, int)>();
        var previous = first;
        using var timer = new PeriodicTimer(source.RefreshInterval / 2); // as IndexRefresher ticks: twice per interval
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var started = Stopwatch.GetTimestamp();
                await source.RefreshAsync(CancellationToken.None); // its count is of change rows still in flight, not of those applied
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var current = await source.GetAsync(CancellationToken.None); // fresh: the one just built
                ticks.Add((ms, Moved(previous, current)));
                previous = current;
            }
        }
        catch (OperationCanceledException)
        {
            // the run is over
        }
        return ticks;
    }

    /// <summary>Profiles of <paramref name="after"/> that are not the very objects of <paramref name="before"/> (shared ones are unchanged).</summary>
    private static int Moved(RankingIndex before, RankingIndex after)
    {
        var moved = 0;
        for (var i = 0; i < after.Partners.Count; i++)
        {
            if (i >= before.Partners.Count || !ReferenceEquals(before.Partners[i], after.Partners[i]))
            {
                moved++;
            }
        }
        return moved;
    }

    /// <summary>Needs of 1–5 skills of one category, as fast as one core ranks them.</summary>
    private static async Task<(double[] Ms, double MeanQualified)> RankAsync(RankingIndexSource source, CancellationToken ct)
    {
        TimedScopes.Caller.Value = "ranker";
        var random = new Random(3);
        var monday = WorkingWeek.WeekStart(SystemClock.Instance.GetCurrentInstant().InUtc().Date).PlusWeeks(1);
        var referrer = Guid.NewGuid();
        var needs = Enumerable.Range(0, 256).Select(_ =>
        {
            var category = random.Next(SyntheticPartners.Categories);
            var skills = Enumerable.Range(0, SyntheticPartners.SkillsPerCategory).OrderBy(_ => random.Next()).Take(random.Next(1, 6))
                .Select((s, i) => new RequiredSkill(SyntheticPartners.Skill(category, s), SyntheticPartners.Skill(category, s), i < 2 ? 3 : 2)).ToArray();
            var hours = random.Next(1, 5) * 5;
            return new Need(referrer, skills, hours, hours * random.Next(2, 9), monday, monday.PlusWeeks(3), EngagementModes.HandOff, Urgency.Normal);
        }).ToArray();
        var latencies = new List<double>(1 << 16);
        long qualified = 0;
        for (var i = 0; !ct.IsCancellationRequested; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var index = await source.GetAsync(CancellationToken.None);
            var ranking = Ranker.Rank(index, needs[i % needs.Length], SystemClock.Instance.GetCurrentInstant(), 10);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            qualified += ranking.Qualified;
            if ((i & 63) == 63)
            {
                await Task.Yield(); // stays one logical ranker, but lets the others' continuations in
            }
        }
        return ([.. latencies], latencies.Count == 0 ? 0 : (double)qualified / latencies.Count);
    }

    /// <summary>Partners whose inputs differ between the two indexes (skill numbers may differ: compared by id).</summary>
    private static int Compare(RankingIndex incremental, RankingIndex reference)
    {
        var differ = Math.Abs(incremental.Partners.Count - reference.Partners.Count);
        foreach (var expected in reference.Partners)
        {
            var actual = incremental.Profile(expected.FirmId);
            if (actual is null || !actual.FreeHours.SequenceEqual(expected.FreeHours) || !actual.Levels.SequenceEqual(expected.Levels) ||
                actual.Skills.Length != expected.Skills.Length || actual.ReputationMean != expected.ReputationMean || actual.CapacityFrom != expected.CapacityFrom)
            {
                differ++;
            }
        }
        return differ;
    }

    private static double Max(double[] sorted) => sorted.Length == 0 ? double.NaN : sorted[^1];

    /// <summary>Scopes that report how long they were open and who (by <see cref="Caller"/>) opened them.</summary>
    private sealed class TimedScopes(IServiceScopeFactory inner, Action<string, double> record) : IServiceScopeFactory
    {
        public static readonly AsyncLocal<string?> Caller = new();

        public IServiceScope CreateScope() => new Scope(inner.CreateScope(), Caller.Value ?? "other", Stopwatch.GetTimestamp(), record);

        private sealed class Scope(IServiceScope inner, string by, long started, Action<string, double> record) : IServiceScope, IAsyncDisposable
        {
            public IServiceProvider ServiceProvider => inner.ServiceProvider;

            public void Dispose()
            {
                inner.Dispose();
                record(by, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            public async ValueTask DisposeAsync()
            {
                if (inner is IAsyncDisposable async)
                {
                    await async.DisposeAsync();
                }
                else
                {
                    inner.Dispose();
                }
                record(by, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }
}
