using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Gateway.Edge;

/// <summary>The gateway's own refusals, written as problem details like every other error.</summary>
public static class EdgeProblem
{
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
