using Marketplace.ServiceDefaults;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Marketplace.Matching.Tests;

/// <summary>
/// Scheduling as far as Matching's accepts and confirmations use it, with hours that run out: engineers with free hours
/// a week, a plan that names the first engineer with room (or splits the hours across a firm's engineers), holds that
/// take the hours or answer 409 as Scheduling does when another accept took them first, releases that give them back.
/// A test can stop plans until several have arrived (so they all see the same hours), stop holds or confirmations
/// until it lets them go (a slow Scheduling), and make plans, holds or confirmations fail.
/// </summary>
public sealed class FakeScheduling : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _hours = new();
    private readonly ConcurrentDictionary<Guid, FirmHours> _firms = new();
    private readonly ConcurrentDictionary<Guid, (Engineer Engineer, int Hours)> _live = new();
    private TaskCompletionSource? _planBarrier;
    private int _plansToWaitFor;
    private int _refused;
    private int _plans;

    public ConcurrentBag<(Guid HoldId, Guid Engineer, Guid Referral, int Hours)> Holds { get; } = [];
    public ConcurrentBag<Guid> Confirmed { get; } = [];
    public ConcurrentBag<Guid> Released { get; } = [];
    /// <summary>Holds refused because the engineer's hours were gone (409).</summary>
    public int Refused => Volatile.Read(ref _refused);
    public int Plans => Volatile.Read(ref _plans);
    /// <summary>Availability answers 503 while set.</summary>
    public bool PlansFail { get; set; }
    /// <summary>Confirmations answer 500 while set.</summary>
    public bool ConfirmsFail { get; set; }
    /// <summary>Holds on these engineers answer 500.</summary>
    public ConcurrentDictionary<Guid, bool> FailingEngineers { get; } = new();
    /// <summary>Holds on these engineers are refused (409) every time, as if another accept always got there first.</summary>
    public ConcurrentDictionary<Guid, bool> TakenEngineers { get; } = new();
    /// <summary>The next hold on these engineers finds all their hours just taken by another accept: 409, and a new plan looks elsewhere.</summary>
    public ConcurrentDictionary<Guid, bool> TakenOnce { get; } = new();
    /// <summary>While set, holds wait for it (a slow Scheduling); <see cref="HoldWaiting"/> says one is waiting.</summary>
    public TaskCompletionSource? HoldGate { get; set; }
    public TaskCompletionSource HoldWaiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    /// <summary>While set, confirmations wait for it; <see cref="ConfirmWaiting"/> says one is waiting.</summary>
    public TaskCompletionSource? ConfirmGate { get; set; }
    public TaskCompletionSource ConfirmWaiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public string Url => _app.Urls.First();

    /// <summary>Hours still free on an engineer.</summary>
    public int Free(Guid engineer)
    {
        lock (_hours)
        {
            return _firms.Values.SelectMany(f => f.Engineers).Single(e => e.Id == engineer).Free;
        }
    }

    /// <summary>Holds placed and neither released nor refused.</summary>
    public IReadOnlyCollection<Guid> Live => [.. _live.Keys];

    private FakeScheduling(WebApplication app) => _app = app;

    public sealed class Engineer(Guid id, string name, int free)
    {
        public Guid Id { get; } = id;
        public string Name { get; } = name;
        public int Free { get; set; } = free;
    }

    private sealed record FirmHours(List<Engineer> Engineers, bool Split);

    /// <summary>A firm's engineers and their free hours a week; <paramref name="split"/>: a plan gives every engineer a share.</summary>
    public List<Guid> Firm(Guid firm, bool split, params (string Name, int Free)[] engineers)
    {
        var list = engineers.Select(e => new Engineer(Guid.NewGuid(), e.Name, e.Free)).ToList();
        _firms[firm] = new FirmHours(list, split);
        return [.. list.Select(e => e.Id)];
    }

    /// <summary>The next <paramref name="count"/> plans are answered from the same hours: each waits until all have been planned.</summary>
    public void PlanTogether(int count)
    {
        _plansToWaitFor = count;
        _planBarrier = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public static async Task<FakeScheduling> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeScheduling(app);
        app.MapGet("/api/scheduling/availability", async (Guid[] firmIds, int hoursPerWeek, int effortHours, string? notBefore) =>
        {
            Interlocked.Increment(ref fake._plans);
            if (fake.PlansFail)
            {
                return Results.Problem(title: "Scheduling is restarting", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            var start = DateOnly.Parse(notBefore ?? DateTime.UtcNow.ToString("yyyy-MM-dd"), System.Globalization.CultureInfo.InvariantCulture);
            var weeks = (effortHours + hoursPerWeek - 1) / hoursPerWeek;
            var firms = new List<object>();
            lock (fake._hours)
            {
                foreach (var id in firmIds.Where(fake._firms.ContainsKey))
                {
                    var firm = fake._firms[id];
                    var shares = firm.Split
                        ? firm.Engineers.Select(e => (e, Hours: hoursPerWeek / firm.Engineers.Count)).ToList()
                        : firm.Engineers.Where(e => e.Free >= hoursPerWeek).Take(1).Select(e => (e, Hours: hoursPerWeek)).ToList();
                    if (shares.Count > 0 && shares.All(s => s.e.Free >= s.Hours))
                    {
                        firms.Add(new
                        {
                            firmId = id, earliestStart = start, projectedFinish = start.AddDays(7 * weeks - 3),
                            engineers = shares.Select(s => new { engineerId = s.e.Id, hoursPerWeek = s.Hours }),
                        });
                    }
                }
            }
            // Answered from the hours as they are now, but sent only once the others have theirs: no hold comes in between.
            if (Volatile.Read(ref fake._planBarrier) is { } barrier)
            {
                if (Interlocked.Decrement(ref fake._plansToWaitFor) == 0)
                {
                    fake._planBarrier = null;
                    barrier.TrySetResult();
                }
                await barrier.Task.WaitAsync(TimeSpan.FromSeconds(5));
            }
            return Results.Ok(new { searchedWeeks = 26, firms, notAvailable = Array.Empty<Guid>() });
        });
        app.MapPost("/api/scheduling/holds", async (HoldBody body) =>
        {
            if (fake.HoldGate is { } gate)
            {
                fake.HoldWaiting.TrySetResult();
                await gate.Task;
            }
            if (fake.FailingEngineers.ContainsKey(body.EngineerId))
            {
                return Results.Problem(title: "Scheduling failed", statusCode: StatusCodes.Status500InternalServerError);
            }
            var id = Guid.NewGuid();
            lock (fake._hours)
            {
                var engineer = fake._firms.Values.SelectMany(f => f.Engineers).Single(e => e.Id == body.EngineerId);
                if (fake.TakenOnce.TryRemove(engineer.Id, out _))
                {
                    engineer.Free = 0;
                }
                if (engineer.Free < body.HoursPerWeek || fake.TakenEngineers.ContainsKey(engineer.Id))
                {
                    Interlocked.Increment(ref fake._refused);
                    return Problems.NotEnoughCapacity($"{engineer.Name} does not have {body.HoursPerWeek} h free in every one of those weeks.");
                }
                engineer.Free -= body.HoursPerWeek;
                fake._live[id] = (engineer, body.HoursPerWeek);
            }
            fake.Holds.Add((id, body.EngineerId, body.ReferralId, body.HoursPerWeek));
            return Results.Created($"/api/scheduling/holds/{id}", new { id, status = "Hold" });
        });
        app.MapPost("/api/scheduling/holds/{id:guid}/confirm", async (Guid id) =>
        {
            if (fake.ConfirmGate is { } gate)
            {
                fake.ConfirmWaiting.TrySetResult();
                await gate.Task;
            }
            if (fake.ConfirmsFail || !fake._live.ContainsKey(id))
            {
                return fake.ConfirmsFail ? Results.Problem(title: "Scheduling failed", statusCode: StatusCodes.Status500InternalServerError)
                    : Problems.Conflict("Only a live hold can be confirmed.");
            }
            fake.Confirmed.Add(id);
            return Results.Ok(new { id, status = "Booking" });
        });
        app.MapDelete("/api/scheduling/holds/{id:guid}", (Guid id) =>
        {
            lock (fake._hours)
            {
                if (fake._live.TryRemove(id, out var held))
                {
                    held.Engineer.Free += held.Hours;
                }
            }
            fake.Released.Add(id);
            return Results.NoContent();
        });
        await app.StartAsync();
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        HoldGate?.TrySetResult();
        ConfirmGate?.TrySetResult();
        await _app.DisposeAsync();
    }

    public sealed record HoldBody(Guid EngineerId, Guid ReferralId, int HoursPerWeek, DateOnly FirstWeek, int Weeks);
}
