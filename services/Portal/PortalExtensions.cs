using Marketplace.Portal.Account;
using Marketplace.Portal.Gateway;
using Marketplace.Portal.Keys;
using Marketplace.Portal.Navigation;
using Marketplace.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;

namespace Marketplace.Portal;

public static class PortalExtensions
{
    /// <summary>The operator's pages (review queues): only for people with the Admin role; anyone else is sent home.</summary>
    public const string OperatorPolicy = "operator";

    /// <summary>Server-rendered pages for people, calling only the gateway (<c>Gateway:Url</c>).</summary>
    public static IHostApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorPages(o =>
        {
            // /Settings: the person's own settings (notification preferences, a fresh verification link), under /portal/account/.
            o.Conventions.AuthorizeFolder("/Referrals").AuthorizeFolder("/Insights").AuthorizeFolder("/Partner").AuthorizeFolder("/Firm").AuthorizeFolder("/Settings").AuthorizePage("/Index")
                .AuthorizeFolder("/Operator", OperatorPolicy);
            // The pages anyone may open: clients' links, and signing in, registering, joining, verifying an address,
            // resetting a password and unsubscribing (each from a link in a mail).
            o.Conventions.AllowAnonymousToFolder("/Client").AllowAnonymousToFolder("/Account");
        }).AddMvcOptions(o =>
        {
            o.Filters.Add<AddressBannerFilter>();
            o.Filters.Add<WorkloadPrefetch>();
        });
        builder.Services.AddSingleton<VerifiedMembers>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<WorkloadSource>();
        builder.AddPortalKeyRing();
        builder.Services.AddPortalAuth();
        builder.Services.AddAuthorizationBuilder().AddPolicy(OperatorPolicy, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin));
        builder.Services.AddHttpContextAccessor();
        builder.AddTrustedProxies("Portal");
        builder.Services.AddScoped<GatewayClient>();
        builder.Services.AddTransient<ForwardedFor>();
        builder.Services.AddHttpClient(GatewayClient.Name, (sp, c) =>
            c.BaseAddress = new Uri(sp.GetRequiredService<IConfiguration>()["Gateway:Url"] ?? "http://127.0.0.1:8080"))
            .AddHttpMessageHandler<ForwardedFor>()
            // A person's click is not repeated behind their back: only reads are retried (posts that may be are idempotent by key).
            .AddStandardResilienceHandler(o => o.Retry.DisableForUnsafeHttpMethods());
        return builder;
    }

    /// <summary>
    /// First in the pipeline: the person's address and scheme as the gateway vouches for them (so cookies are Secure
    /// behind a TLS-terminating ingress), and no page may be framed by another site.
    /// </summary>
    public static WebApplication UsePortalEdge(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.Use((context, next) =>
        {
            context.Response.Headers.XFrameOptions = "DENY";
            context.Response.Headers.ContentSecurityPolicy = "frame-ancestors 'none'";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers["Referrer-Policy"] = "same-origin"; // status and availability links carry their token in the path
            return next(context);
        });
        // The stylesheet and the icon, under /portal/ as the gateway routes only that (and "/") here; before signing in is
        // looked at, so they cost no cookie work. The layout asks for them with a version of their content (?v=…): those
        // answers keep for a year, any other only until the next look.
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl =
                file.Context.Request.Query.ContainsKey("v") ? "public, max-age=31536000, immutable" : "no-cache",
        });
        return app;
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        app.MapGet("/", () => Results.Redirect("/portal")).ExcludeFromDescription();
        app.MapRazorPages();
        return app;
    }
}
