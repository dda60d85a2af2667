using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Gateway.Edge;

/// <summary>
/// A body announced larger than the limit is refused before anything is read or forwarded, with a 413 problem (a
/// chunked body that grows past it is stopped by Kestrel's own limit while being forwarded); so is an address longer
/// than any route needs, with a 414 problem, before a service's server refuses it without one.
/// </summary>
public sealed class BodySizeLimit(RequestDelegate next, EdgeOptions options)
{
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        if (context.Request.Path.Value?.Length + context.Request.QueryString.Value?.Length > options.MaxUrlLength)
        {
            context.Response.StatusCode = StatusCodes.Status414UriTooLong;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status414UriTooLong, Title = "The address is too long.", Detail = $"At most {options.MaxUrlLength:N0} characters of path and query.",
                },
            });
            return;
        }
        if (context.Request.ContentLength > options.MaxRequestBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge, Title = "The request body is too large.",
                    Detail = $"At most {options.MaxRequestBodyBytes:N0} bytes.",
                },
            });
            return;
        }
        await next(context);
    }
}
