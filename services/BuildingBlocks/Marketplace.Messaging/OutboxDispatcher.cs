using System.Diagnostics;
using System.Text.Json;
using Marketplace.ServiceDefaults;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Messaging;

/// <summary>
/// Publishes outbox rows with publisher confirms and marks them sent. Rows are claimed with
/// FOR UPDATE SKIP LOCKED so several instances share the work; an instance publishes an aggregate's rows
/// only while it holds every unsent row before them, one after another, so per-aggregate order holds.
/// Delivery is at least once (a crash between publish and commit republishes); inboxes absorb the repeat.
/// </summary>
public sealed partial class OutboxDispatcher<TDbContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    MessageTypes types,
    OutboxSignal signal,
    OutboxLag lag,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher<TDbContext>> log) : BackgroundService
    where TDbContext : DbContext
{
    private readonly OutboxOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var published = 0;
            try
            {
                published = await DispatchBatchAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogBatchFailed(log, ex);
            }

            try
            {
                await ReportLagAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogBatchFailed(log, ex);
            }

            if (published == 0)
            {
                try { await signal.WaitAsync(_options.PollInterval, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private DateTimeOffset _lagReportedAt = DateTimeOffset.MinValue;

    /// <summary>At most every few seconds: the age of the oldest unsent row, for the outbox-lag gauge.</summary>
    private async Task ReportLagAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now - _lagReportedAt < TimeSpan.FromSeconds(5))
        {
            return;
        }
        _lagReportedAt = now;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var oldest = await db.Set<OutboxMessage>().Where(m => m.SentAt == null).MinAsync(m => (DateTimeOffset?)m.CreatedAt, ct);
        lag.Report(typeof(TDbContext).Name, oldest is { } created ? now - created : TimeSpan.Zero);
    }

    /// <summary>
    /// Claims one batch, publishes it with no database transaction open, and records the outcome; returns how many
    /// rows were published. A claim is a lease: the rows' next attempt moves past the publishing, so another instance
    /// (and this one) leaves them alone, and a crash only delays them until the lease runs out.
    /// </summary>
    public async Task<int> DispatchBatchAsync(CancellationToken ct)
    {
        var claimedAt = clock.GetUtcNow();
        var claim = await ClaimAsync(claimedAt, ct);
        if (claim.Count == 0)
        {
            return 0;
        }
        var deadline = claimedAt + _options.ClaimLease - _options.PublishTimeout; // no publish may outlive the lease
        var counts = await Task.WhenAll(claim.GroupBy(m => m.AggregateKey).Select(rows => PublishInOrderAsync(rows, deadline, ct)));
        await RecordAsync(claim, ct);
        return counts.Sum();
    }

    /// <summary>Leases the rows this instance may publish now: for each aggregate, its unsent rows in order up to the first one held elsewhere.</summary>
    private async Task<List<OutboxMessage>> ClaimAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var batch = await db.Set<OutboxMessage>().FromSql($"""
            SELECT * FROM "OutboxMessages"
            WHERE "SentAt" IS NULL AND "NextAttemptAt" <= {now}
            ORDER BY "Sequence" LIMIT {_options.BatchSize}
            FOR UPDATE SKIP LOCKED
            """).AsNoTracking().ToListAsync(ct);
        if (batch.Count == 0)
        {
            return [];
        }

        // Every unsent row of these aggregates up to the batch's end, whoever holds it.
        var keys = batch.Select(m => m.AggregateKey).Distinct().ToList();
        var last = batch[^1].Sequence;
        var pending = await db.Set<OutboxMessage>()
            .Where(m => m.SentAt == null && keys.Contains(m.AggregateKey) && m.Sequence <= last)
            .OrderBy(m => m.Sequence)
            .Select(m => new { m.AggregateKey, m.Sequence })
            .ToListAsync(ct);
        var locked = batch.ToDictionary(m => m.Sequence);

        // An aggregate's rows only up to the first unsent row we do not hold (leased by another instance, or backing
        // off): what follows it must wait, or the aggregate's order breaks. The rest of the batch stays as it was.
        var claim = pending.GroupBy(p => p.AggregateKey)
            .SelectMany(g => g.Select(p => locked.GetValueOrDefault(p.Sequence)).TakeWhile(m => m is not null).Select(m => m!))
            .OrderBy(m => m.Sequence).ToList();
        var leasedUntil = now + _options.ClaimLease;
        foreach (var row in claim)
        {
            row.NextAttemptAt = leasedUntil;
        }
        // One statement for the whole claim (a row at a time was most of the dispatcher's statements under load).
        var sequences = claim.Select(m => m.Sequence).ToArray();
        await db.Database.ExecuteSqlAsync($"""UPDATE "OutboxMessages" SET "NextAttemptAt" = {leasedUntil} WHERE "Sequence" = ANY({sequences})""", ct);
        await tx.CommitAsync(ct);
        return claim;
    }

    /// <summary>
    /// Publishes an aggregate's claimed rows in order until one fails (it backs off) or the lease runs short; the rows
    /// after that are released untried — the next claim stops at the unsent row before them, so they never overtake it.
    /// </summary>
    private async Task<int> PublishInOrderAsync(IEnumerable<OutboxMessage> rows, DateTimeOffset deadline, CancellationToken ct)
    {
        var sent = 0;
        var stopped = false;
        foreach (var row in rows)
        {
            if (stopped || clock.GetUtcNow() > deadline)
            {
                row.NextAttemptAt = clock.GetUtcNow();
                stopped = true;
                continue;
            }
            try
            {
                await PublishAsync(row, ct);
                row.SentAt = clock.GetUtcNow();
                sent++;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                row.Attempts++;
                row.LastError = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
                row.NextAttemptAt = clock.GetUtcNow() + _options.Backoff(row.Attempts);
                LogPublishFailed(log, row.MessageId, row.Attempts, ex);
                stopped = true;
            }
        }
        return sent;
    }

    /// <summary>Writes what publishing found: sent, backing off, or released. A crash before this republishes after the lease.</summary>
    private async Task RecordAsync(List<OutboxMessage> claim, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        // One statement for every row's outcome, each with its own values; recorded even when stopping.
        var sequences = claim.Select(m => m.Sequence).ToArray();
        var sent = claim.Select(m => m.SentAt).ToArray();
        var next = claim.Select(m => m.NextAttemptAt).ToArray();
        var attempts = claim.Select(m => m.Attempts).ToArray();
        var errors = claim.Select(m => m.LastError).ToArray();
        await db.Database.ExecuteSqlAsync($"""
            UPDATE "OutboxMessages" AS m
            SET "SentAt" = u.sent, "NextAttemptAt" = u.next, "Attempts" = u.attempts, "LastError" = u.error
            FROM unnest({sequences}, {sent}, {next}, {attempts}, {errors}) AS u(sequence, sent, next, attempts, error)
            WHERE m."Sequence" = u.sequence
            """, CancellationToken.None);
    }

    private async Task PublishAsync(OutboxMessage row, CancellationToken ct)
    {
        var type = types.Find(row.MessageType)
            ?? throw new InvalidOperationException($"Unknown message type '{row.MessageType}'.");
        var message = JsonSerializer.Deserialize(row.Body, type, Outbox.Json)
            ?? throw new InvalidOperationException($"Empty body in outbox row {row.Sequence}.");

        // Continue the trace of the request that wrote the row.
        ActivityContext.TryParse(row.TraceParent, null, out var parent);
        using var activity = Telemetry.ActivitySource.StartActivity("outbox publish", ActivityKind.Internal, parent);
        activity?.SetTag("messaging.message.id", row.MessageId);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.PublishTimeout);
        await bus.Publish(message, type, ctx => ctx.MessageId = row.MessageId, timeout.Token);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox batch failed")]
    private static partial void LogBatchFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing outbox message {MessageId} failed (attempt {Attempts})")]
    private static partial void LogPublishFailed(ILogger logger, Guid messageId, int attempts, Exception ex);
}
