using System.Collections.Concurrent;
using Marketplace.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Marketplace.Matching.Benchmarks;

/// <summary>
/// The neighbours Matching calls that the ceiling run does not start, in the harness's process on one loopback port:
/// Catalog's skill names; Network's token endpoint for Matching's machine client (it signs a platform token with the
/// test key, as Network would grant Matching's client); and, with <c>--scheduling stub</c>, Scheduling itself: every
/// firm has one engineer with the hours asked free from the day asked, and every hold is granted.
/// </summary>
public static class NeighbourStubs
{
    public static async Task<WebApplication> StartAsync(bool scheduling)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        // The harness, not this host, decides when the run ends: the default console lifetime would take Ctrl-C and
        // SIGTERM for itself and stop only the stubs, leaving the run going without them.
        builder.Services.AddSingleton<IHostLifetime, HarnessLifetime>();
        var app = builder.Build();
        app.MapGet("/api/catalog/skills/{id}", (string id) => Results.Ok(new { id, name = "SQL Server", categoryId = "data" }));
        var platform = Guid.NewGuid();
        app.MapPost("/connect/token", () => Results.Ok(new
        {
            access_token = TestTokens.For(platform, "Machine", "matching", TimeSpan.FromHours(4), scope: "scheduling.holds.any"),
            token_type = "Bearer", expires_in = 4 * 3600,
        }));
        if (scheduling)
        {
            MapScheduling(app);
        }
        await app.StartAsync();
        return app;
    }

    /// <summary>Scheduling's answers to Matching, shaped as the real service's (AvailabilityApi, HoldsApi, FirmCalendarsApi).</summary>
    private static void MapScheduling(WebApplication app)
    {
        var holds = new ConcurrentDictionary<Guid, HoldView>();
        app.MapGet("/api/scheduling/availability", (Guid[] firmIds, int hoursPerWeek, int effortHours, DateOnly? notBefore) =>
        {
            var start = notBefore ?? DateOnly.FromDateTime(DateTime.UtcNow);
            var weeks = (effortHours + hoursPerWeek - 1) / hoursPerWeek;
            var finish = start.AddDays(7 * weeks - 3);
            return Results.Ok(new
            {
                searchedWeeks = 26, considered = firmIds.Length, canStart = firmIds.Length,
                firms = firmIds.Select(f => new
                {
                    firmId = f, firmName = "", earliestStart = start, projectedFinish = finish, weeks,
                    startsAt = start.ToDateTime(new TimeOnly(9, 0)), finishesAt = finish.ToDateTime(new TimeOnly(17, 0)),
                    engineers = new[] { new { engineerId = EngineerOf(f), name = (string?)null, hoursPerWeek } },
                }),
                notAvailable = Array.Empty<Guid>(),
            });
        });
        app.MapGet("/api/scheduling/availability/answer", (string tz) =>
            Results.Ok(new { answer = "A partner can start next week.", earliestStart = (DateOnly?)null, projectedFinish = (DateOnly?)null, timeZone = tz }));
        app.MapGet("/api/scheduling/firms/{id:guid}", (Guid id) => Results.Ok(new { id, name = "", timeZone = "Europe/London" }));
        app.MapPost("/api/scheduling/holds", (HoldRequest request) =>
        {
            var hold = new HoldView(Guid.CreateVersion7(), request.EngineerId, request.ReferralId, request.HoursPerWeek, request.FirstWeek, request.Weeks, "Hold",
                DateTimeOffset.UtcNow.AddHours(24));
            holds[hold.Id] = hold;
            return Results.Created($"/api/scheduling/holds/{hold.Id}", hold);
        });
        app.MapPost("/api/scheduling/holds/{id:guid}/confirm", (Guid id) => holds.TryGetValue(id, out var hold)
            ? Results.Ok(holds[id] = hold with { Status = "Booking", ExpiresAt = null })
            : Results.NotFound());
        app.MapDelete("/api/scheduling/holds/{id:guid}", (Guid id) => holds.TryRemove(id, out _) ? Results.NoContent() : Results.NotFound());
    }

    /// <summary>The stub's one engineer of a firm: the same id every time, as a real plan names the same people.</summary>
    private static Guid EngineerOf(Guid firm)
    {
        var bytes = firm.ToByteArray();
        bytes[0] ^= 0xE5;
        return new Guid(bytes);
    }

    private sealed class HarnessLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed record HoldRequest(Guid EngineerId, Guid ReferralId, int HoursPerWeek, DateOnly FirstWeek, int Weeks);

    private sealed record HoldView(Guid Id, Guid EngineerId, Guid ReferralId, int HoursPerWeek, DateOnly FirstWeek, int Weeks, string Status, DateTimeOffset? ExpiresAt);
}
