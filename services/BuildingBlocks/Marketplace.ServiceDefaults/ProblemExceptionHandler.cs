using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Marketplace.ServiceDefaults;

/// <summary>
/// Client mistakes that surface as exceptions (malformed JSON, wrong types) answer with their 4xx; a dependency that is
/// down (the database, another service) a 503 with Retry-After, so callers try again later; anything else is a 500
/// whose body says nothing about the internals.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, kind, title, sentence) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "malformed-request", "Malformed request", "The request is malformed"),
            System.Text.Json.JsonException => (StatusCodes.Status400BadRequest, "malformed-request", "Malformed request", "The request body is not valid JSON"),
            // The form reader's verdict on a body it cannot decode (e.g. NUL characters in a value).
            InvalidDataException => (StatusCodes.Status400BadRequest, "malformed-request", "Malformed request", "The request body cannot be read"),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => (499, "client-closed", "Client closed the request", "The client closed the request"),
            // PostgreSQL refuses text it cannot store (a NUL in a JSON string or a query value): the caller's input, not a fault.
            _ when Unstorable(exception) => (StatusCodes.Status400BadRequest, "malformed-request", "Malformed request",
                "The request contains a character that cannot be stored, such as NUL (\\u0000)"),
            // Two requests' locks crossed, or a serializable transaction lost: nothing was saved; the same request again works.
            _ when Dependencies.Causes(exception).Any(e => e is Npgsql.PostgresException { SqlState: "40P01" or "40001" }) =>
                (StatusCodes.Status409Conflict, "changed-concurrently", "Changed at the same moment",
                    "Someone changed this at the same moment; load it again and repeat the change"),
            DependencyUnavailableException down => (StatusCodes.Status503ServiceUnavailable, "unavailable", "Unavailable for a moment", down.Message),
            _ when Dependencies.AreDown(exception) => (StatusCodes.Status503ServiceUnavailable, "unavailable", "Unavailable for a moment",
                "This is unavailable for a moment; try again shortly"),
            _ => (StatusCodes.Status500InternalServerError, "unexpected", "Unexpected error", "An unexpected error occurred"),
        };
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            LogDependencyDown(log, exception.GetType().Name, exception.Message);
            httpContext.Response.Headers.RetryAfter = Dependencies.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (status >= 500)
        {
            LogUnhandled(log, exception);
        }

        // The sentence for people first; for a malformed request, the parser's reason after it (what a developer needs).
        var detail = status is >= 400 and < 500 && kind == "malformed-request" && !Unstorable(exception) ? $"{sentence}: {exception.Message}" : $"{sentence.TrimEnd('.')}.";
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = status, Type = Problems.TypeOf(kind), Title = title, Detail = detail },
            Exception = exception,
        });
    }

    private static bool Unstorable(Exception exception) =>
        Dependencies.Causes(exception).Any(e => e is Npgsql.PostgresException { SqlState: "22021" or "22P05" });

    [LoggerMessage(Level = LogLevel.Warning, Message = "A dependency is down ({Type}: {Message}); answered 503")]
    private static partial void LogDependencyDown(ILogger logger, string type, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);
}
