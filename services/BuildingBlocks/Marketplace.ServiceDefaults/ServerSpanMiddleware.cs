using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Marketplace.ServiceDefaults;

/// <summary>
/// Finishes ASP.NET Core's own server span the way OpenTelemetry names it ("POST /api/matching/referrals/", with the
/// route and status), which the framework leaves to an instrumentation package that costs far more per request;
/// health probes are not traffic, so their spans are not recorded.
/// </summary>
public sealed class ServerSpanMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpActivityFeature>()?.Activity is not { IsAllDataRequested: true } span)
        {
            await next(context);
            return;
        }
        if (context.Request.Path.StartsWithSegments("/health"))
        {
            span.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            await next(context);
            return;
        }
        try
        {
            await next(context);
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
            span.DisplayName = route is null ? context.Request.Method : $"{context.Request.Method} {route}";
            if (route is not null)
            {
                span.SetTag("http.route", route);
            }
            span.SetTag("http.response.status_code", context.Response.StatusCode);
            if (context.Response.StatusCode >= StatusCodes.Status500InternalServerError)
            {
                span.SetStatus(ActivityStatusCode.Error);
            }
        }
    }
}
