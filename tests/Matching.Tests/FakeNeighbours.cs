using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Marketplace.Matching.Tests;

/// <summary>
/// Catalog and Scheduling as far as Matching calls them, on one loopback socket: skill names, earliest starts per
/// firm, and holds that are recorded so a test can see exactly what Matching asked for.
/// </summary>
public sealed class FakeNeighbours : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ConcurrentDictionary<Guid, (DateOnly Start, DateOnly Finish, Guid Engineer, int Hours)> Starts { get; } = new();
    public ConcurrentBag<(Guid HoldId, Guid Engineer, Guid Referral, int Hours, DateOnly FirstWeek, int Weeks)> Holds { get; } = [];
    public ConcurrentBag<Guid> Confirmed { get; } = [];
    public ConcurrentBag<Guid> Released { get; } = [];
    /// <summary>The firms each client's availability answer was asked among, newest last.</summary>
    public ConcurrentQueue<Guid[]> AnswersAsked { get; } = new();
    public string Url => _app.Urls.First();

    private FakeNeighbours(WebApplication app) => _app = app;

    public static async Task<FakeNeighbours> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeNeighbours(app);
        app.MapGet("/api/catalog/skills/{id}", (string id) => id.StartsWith("unknown", StringComparison.Ordinal)
            ? Results.NotFound() : Results.Ok(new { id, name = id == "sql-server" ? "SQL Server" : id, categoryId = "data" }));
        app.MapGet("/api/scheduling/availability", (Guid[] firmIds) => Results.Ok(new
        {
            searchedWeeks = 26,
            firms = firmIds.Where(fake.Starts.ContainsKey).Select(f => new
            {
                firmId = f, earliestStart = fake.Starts[f].Start, projectedFinish = fake.Starts[f].Finish,
                engineers = new[] { new { engineerId = fake.Starts[f].Engineer, hoursPerWeek = fake.Starts[f].Hours } },
            }),
            notAvailable = firmIds.Where(f => !fake.Starts.ContainsKey(f)),
        }));
        app.MapGet("/api/scheduling/availability/answer", (Guid[] firmIds, string skill, string tz) =>
        {
            fake.AnswersAsked.Enqueue(firmIds);
            return Results.Ok(new { answer = $"{skill} specialists can start on Monday.", earliestStart = (DateOnly?)null, projectedFinish = (DateOnly?)null, timeZone = tz });
        });
        app.MapPost("/api/scheduling/holds", (HoldBody body) =>
        {
            var id = Guid.NewGuid();
            fake.Holds.Add((id, body.EngineerId, body.ReferralId, body.HoursPerWeek, body.FirstWeek, body.Weeks));
            return Results.Created($"/api/scheduling/holds/{id}", new { id, status = "Hold" });
        });
        app.MapPost("/api/scheduling/holds/{id:guid}/confirm", (Guid id) =>
        {
            fake.Confirmed.Add(id);
            return Results.Ok(new { id, status = "Booking" });
        });
        app.MapDelete("/api/scheduling/holds/{id:guid}", (Guid id) =>
        {
            fake.Released.Add(id);
            return Results.NoContent();
        });
        await app.StartAsync();
        return fake;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    public sealed record HoldBody(Guid EngineerId, Guid ReferralId, int HoursPerWeek, DateOnly FirstWeek, int Weeks);
}
