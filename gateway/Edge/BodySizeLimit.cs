namespace Marketplace.Gateway.Edge;

/// <summary>
/// A body announced larger than the limit is refused before anything is read or forwarded, with a 413 problem (a
/// chunked body that grows past it is stopped by Kestrel's own limit while being forwarded); so is an address longer
/// than any route needs, with a 414 problem, before a service's server refuses it without one.
/// </summary>
public sealed class BodySizeLimit(RequestDelegate next, EdgeOptions options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.Value?.Length + context.Request.QueryString.Value?.Length > options.MaxUrlLength)
        {
            await EdgeProblem.WriteAsync(context, StatusCodes.Status414UriTooLong, "The address is too long.",
                $"At most {options.MaxUrlLength:N0} characters of path and query.");
            return;
        }
        if (context.Request.ContentLength > options.MaxRequestBodyBytes)
        {
            await EdgeProblem.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "The request body is too large.",
                $"At most {options.MaxRequestBodyBytes:N0} bytes.");
            return;
        }
        await next(context);
    }
}
