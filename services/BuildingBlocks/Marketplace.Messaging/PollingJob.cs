using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Marketplace.Messaging;

/// <summary>
/// A job driven from the database on a timer, never by in-memory timers per item: each tick runs batches
/// until one finds nothing to do; a failed batch is logged and tried again on the next tick.
/// </summary>
public abstract partial class PollingJob(ILogger log) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    /// <summary>One batch; returns how many items it handled (0 ends the tick).</summary>
    public abstract Task<int> RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                try
                {
                    while (await RunOnceAsync(stoppingToken) > 0)
                    {
                        // a full batch: there may be more due
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogFailed(log, GetType().Name, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Job} failed; it runs again on the next tick")]
    private static partial void LogFailed(ILogger logger, string job, Exception ex);
}
