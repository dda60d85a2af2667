using System.Collections.Frozen;
using System.Net.Sockets;
using Npgsql;

namespace Marketplace.ServiceDefaults;

/// <summary>Whether an exception means something this service depends on is down (not a bug): the caller may retry later.</summary>
public static class Dependencies
{
    /// <summary>What a 503 tells the caller: long enough for a restart or failover, short enough not to give up.</summary>
    public const int RetryAfterSeconds = 5;

    // By name: the resilience pipeline's refusals, without tying every service to Polly's assembly.
    private static readonly FrozenSet<string> ResilienceRefusals = new HashSet<string>(StringComparer.Ordinal)
    {
        "Polly.CircuitBreaker.BrokenCircuitException", "Polly.Timeout.TimeoutRejectedException", "Polly.RateLimiting.RateLimiterRejectedException",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The exception and what it wraps, outermost first.</summary>
    public static IEnumerable<Exception> Causes(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    public static bool AreDown(Exception exception)
    {
        foreach (var e in Causes(exception))
        {
            switch (e)
            {
                // PostgreSQL shutting down, not accepting connections, out of resources, or the connection failed.
                case PostgresException pg:
                    return pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
                        || pg.SqlState.StartsWith("08", StringComparison.Ordinal);
                case DependencyUnavailableException:
                case NpgsqlException: // not a server's verdict on the statement: the connection itself (refused, reset, timed out)
                case SocketException:
                case TimeoutException:
                case HttpRequestException:
                    return true;
            }
            if (ResilienceRefusals.Contains(e.GetType().FullName ?? ""))
            {
                return true;
            }
        }
        return false;
    }
}
