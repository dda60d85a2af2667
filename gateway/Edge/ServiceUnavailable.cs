using System.Globalization;
using Marketplace.ServiceDefaults;
using Yarp.ReverseProxy.Forwarder;

namespace Marketplace.Gateway.Edge;

/// <summary>
/// A service behind the gateway that cannot be reached (down, restarting, no healthy replica) is a 503 problem with
/// Retry-After, not YARP's bare 502/503: the caller learns to try again shortly, and nothing about the inside.
/// </summary>
public static class ServiceUnavailable
{
    public static async Task WhenForwardingFailsAsync(HttpContext context, Func<Task> next)
    {
        await next();
        var failed = context.GetForwarderErrorFeature() is { Error: not ForwarderError.None and not ForwarderError.RequestCanceled };
        // Also YARP's own bodiless 503 when no destination is healthy.
        if (!context.Response.HasStarted && (failed || context.Response.StatusCode == StatusCodes.Status503ServiceUnavailable))
        {
            context.Response.Headers.RetryAfter = Dependencies.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await EdgeProblem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Service unavailable.",
                "This part of the marketplace is unavailable for a moment; try again shortly.");
        }
    }
}
