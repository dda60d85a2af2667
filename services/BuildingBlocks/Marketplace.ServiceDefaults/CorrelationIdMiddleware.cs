using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using System.Buffers;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace Marketplace.ServiceDefaults;

/// <summary>
/// One id a caller (or support) can quote for a request and everything it caused: taken from X-Correlation-Id when it
/// is sane, otherwise the trace id; echoed on the response and carried on as W3C baggage, so the services it calls
/// have the same id; every log line written meanwhile carries it (<see cref="CorrelationIdLogProcessor"/>).
/// </summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next)
{
    public const string Header = "X-Correlation-Id";
    public const string Baggage = "correlation.id";

    public Task InvokeAsync(HttpContext context)
    {
        var activity = Activity.Current;
        var id = Sane(context.Request.Headers[Header].ToString()) ?? Sane(activity?.GetBaggageItem(Baggage))
            ?? activity?.TraceId.ToString() ?? context.TraceIdentifier;
        activity?.SetBaggage(Baggage, id);
        activity?.SetTag(Baggage, id);
        // Once: behind the gateway the app's own header comes back through the proxy first.
        context.Response.OnStarting(static state =>
        {
            var (response, id) = ((HttpResponse, string))state;
            response.Headers.TryAdd(Header, id);
            return Task.CompletedTask;
        }, (context.Response, id));
        return next(context);
    }

    private static readonly SearchValues<char> Allowed = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");

    private static string? Sane(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 100 && !value.AsSpan().ContainsAnyExcept(Allowed) ? value : null;
}

/// <summary>
/// Puts the request's correlation id on each log record as it is written (read from the tag the middleware set),
/// instead of a logging scope opened on every request whether or not anything is logged.
/// </summary>
public sealed class CorrelationIdLogProcessor : BaseProcessor<LogRecord>
{
    public const string Attribute = "CorrelationId";

    public override void OnEnd(LogRecord data)
    {
        // The id the middleware checked and tagged on the request's span (not the caller's raw baggage, which a log line
        // written before the middleware ran would otherwise carry), found from whichever span of this process is current.
        for (var span = Activity.Current; span is not null; span = span.Parent)
        {
            if (span.GetTagItem(CorrelationIdMiddleware.Baggage) is string id)
            {
                data.Attributes = [.. data.Attributes ?? [], new KeyValuePair<string, object?>(Attribute, id)];
                return;
            }
        }
    }
}
