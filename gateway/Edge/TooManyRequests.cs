using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Marketplace.Gateway.Edge;

/// <summary>A 429 that says when to come back, as problem details.</summary>
public static class TooManyRequests
{
    public static async ValueTask WriteAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        rejected.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await EdgeProblem.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests.", $"Slow down: try again in {retryAfter} s.");
    }
}
