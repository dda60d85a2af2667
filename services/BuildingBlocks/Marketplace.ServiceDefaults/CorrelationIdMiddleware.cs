using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Marketplace.ServiceDefaults;

/// <summary>
/// One id a caller (or support) can quote for a request and everything it caused: taken from X-Correlation-Id when it
/// is sane, otherwise the trace id; put on every log line of the request, echoed on the response, and carried on as
/// W3C baggage so the services it calls log the same id.
/// </summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> log)
{
    public const string Header = "X-Correlation-Id";
    public const string Baggage = "correlation.id";

    public async Task InvokeAsync(HttpContext context)
    {
        var activity = Activity.Current;
        var id = Sane(context.Request.Headers[Header].ToString()) ?? Sane(activity?.GetBaggageItem(Baggage))
            ?? activity?.TraceId.ToString() ?? context.TraceIdentifier;
        activity?.SetBaggage(Baggage, id);
        activity?.SetTag(Baggage, id);
        // Once: behind the gateway the app's own header comes back through the proxy first.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers.TryAdd(Header, id);
            return Task.CompletedTask;
        });
        using (log.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
        {
            await next(context);
        }
    }

    private static string? Sane(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 100 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? value : null;
}
