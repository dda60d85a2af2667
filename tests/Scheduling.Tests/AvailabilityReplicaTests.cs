using System.Net;
using Marketplace.Calendar;
using Marketplace.Scheduling.Data;
using Marketplace.Testing;
using NodaTime;
using Shouldly;

namespace Marketplace.Scheduling.Tests;

/// <summary>Two replicas of Scheduling on one database: what one writes, the other's availability index shows.</summary>
public sealed class AvailabilityReplicaTests : IAsyncLifetime
{
    private const string Interval = "00:00:00.200";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10); // the interval, with room for a slow machine
    private static readonly Guid Firm = Guid.NewGuid();
    private static readonly string Owner = TestTokens.For(Firm, "Owner");
    private ServiceUnderTest<SchedulingDbContext> _a = null!;
    private TestVirtualHost _vhost = null!;
    private ServiceFactory<SchedulingDbContext> _b = null!;
    private HttpClient _bClient = null!;

    public async ValueTask InitializeAsync()
    {
        _a = await ServiceUnderTest<SchedulingDbContext>.StartAsync("scheduling", new Dictionary<string, string?> { ["Scheduling:AvailabilityRefreshInterval"] = Interval });
        // Replica B: another Scheduling process on A's database (its own broker virtual host: only the database is shared).
        _vhost = await TestVirtualHost.CreateAsync();
        var settings = ServiceSettings.For("scheduling", _a.Db, _vhost.ConnectionString);
        settings["Scheduling:AvailabilityRefreshInterval"] = Interval;
        _b = new ServiceFactory<SchedulingDbContext>(settings);
        _bClient = _b.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _bClient.Dispose();
        await _b.DisposeAsync();
        await _vhost.DisposeAsync();
        await _a.DisposeAsync();
    }

    private static LocalDate ThisWeek => WorkingWeek.WeekStart(SystemClock.Instance.GetCurrentInstant().InUtc().Date);

    /// <summary>The firm's earliest start on replica B for 20 h a week over two weeks from next week, or null.</summary>
    private async Task<string?> EarliestOnBAsync()
    {
        var view = await _bClient.CallAsync(HttpMethod.Get,
            $"/api/scheduling/availability?firmIds={Firm}&hoursPerWeek=20&effortHours=40&notBefore={ThisWeek.PlusWeeks(1):yyyy-MM-dd}", Owner, null, HttpStatusCode.OK);
        return view.GetProperty("firms").EnumerateArray().Select(f => f.GetProperty("earliestStart").GetString()).SingleOrDefault();
    }

    private static async Task<bool> OnB(Func<Task<string?>> read, string? expected) =>
        await Eventually.TrueAsync(async () => await read() == expected, Within, TimeSpan.FromMilliseconds(50));

    [Fact]
    public async Task A_capacity_change_written_through_one_replica_is_seen_by_the_others_index_within_its_interval()
    {
        (await EarliestOnBAsync()).ShouldBeNull(); // B has built its index, and the firm has no engineer yet

        var ana = Guid.NewGuid();
        await _a.Client.CallAsync(HttpMethod.Put, $"/api/scheduling/engineers/{ana}/capacity", Owner, new { name = "Ana", hoursPerWeek = 20 }, HttpStatusCode.OK);
        (await OnB(EarliestOnBAsync, $"{ThisWeek.PlusWeeks(1):yyyy-MM-dd}")).ShouldBeTrue("replica B never saw the engineer replica A added");

        // A hold placed through A takes next week and the one after; B moves the start on, never having written anything.
        var hold = await _a.Client.CallAsync(HttpMethod.Post, "/api/scheduling/holds", Owner,
            new { engineerId = ana, referralId = Guid.NewGuid(), hoursPerWeek = 20, firstWeek = ThisWeek.PlusWeeks(1).ToDateOnly(), weeks = 2 }, HttpStatusCode.Created);
        (await OnB(EarliestOnBAsync, $"{ThisWeek.PlusWeeks(3):yyyy-MM-dd}")).ShouldBeTrue("replica B never saw the hold replica A placed");

        // And the hours given back through A are free again on B.
        await _a.Client.CallAsync(HttpMethod.Delete, $"/api/scheduling/holds/{hold.GetProperty("id").GetGuid()}", Owner, null, HttpStatusCode.NoContent);
        (await OnB(EarliestOnBAsync, $"{ThisWeek.PlusWeeks(1):yyyy-MM-dd}")).ShouldBeTrue("replica B never saw the release on replica A");
    }

    [Fact]
    public async Task A_hold_refused_on_a_replica_whose_index_was_behind_makes_its_next_answer_look_at_the_changes()
    {
        // Replica C looks for other replicas' changes only once an hour: what it knows comes from its own writes.
        var settings = ServiceSettings.For("scheduling", _a.Db, _vhost.ConnectionString);
        settings["Scheduling:AvailabilityRefreshInterval"] = "01:00:00";
        var ana = Guid.NewGuid();
        await _a.Client.CallAsync(HttpMethod.Put, $"/api/scheduling/engineers/{ana}/capacity", Owner, new { name = "Ana", hoursPerWeek = 20 }, HttpStatusCode.OK);
        await using var c = new ServiceFactory<SchedulingDbContext>(settings);
        using var cClient = c.CreateClient(); // C starts, and builds its index, after Ana was added
        async Task<string?> EarliestOnC() => (await cClient.CallAsync(HttpMethod.Get,
                $"/api/scheduling/availability?firmIds={Firm}&hoursPerWeek=20&effortHours=40&notBefore={ThisWeek.PlusWeeks(1):yyyy-MM-dd}", Owner, null, HttpStatusCode.OK))
            .GetProperty("firms").EnumerateArray().Select(f => f.GetProperty("earliestStart").GetString()).SingleOrDefault();
        (await EarliestOnC()).ShouldBe($"{ThisWeek.PlusWeeks(1):yyyy-MM-dd}");
        object Hold() => new { engineerId = ana, referralId = Guid.NewGuid(), hoursPerWeek = 20, firstWeek = ThisWeek.PlusWeeks(1).ToDateOnly(), weeks = 2 };

        await _a.Client.CallAsync(HttpMethod.Post, "/api/scheduling/holds", Owner, Hold(), HttpStatusCode.Created);
        (await EarliestOnC()).ShouldBe($"{ThisWeek.PlusWeeks(1):yyyy-MM-dd}"); // behind: A's hold is not in C's index yet

        // Someone planned with C's stale answer and asks C for the same hours: the ledger refuses, and C stops believing it.
        await cClient.CallAsync(HttpMethod.Post, "/api/scheduling/holds", Owner, Hold(), HttpStatusCode.Conflict);
        (await EarliestOnC()).ShouldBe($"{ThisWeek.PlusWeeks(3):yyyy-MM-dd}");
    }
}
