namespace Marketplace.Portal;

public static class PortalExtensions
{
    public const string Gateway = "gateway";

    /// <summary>Server-rendered pages that call only the gateway (<c>Gateway:Url</c>).</summary>
    public static IHostApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorPages();
        builder.Services.AddHttpClient(Gateway, (sp, c) =>
            c.BaseAddress = new Uri(sp.GetRequiredService<IConfiguration>()["Gateway:Url"] ?? "http://127.0.0.1:8080"))
            .AddStandardResilienceHandler();
        return builder;
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        app.MapHome();
        app.MapRazorPages();
        return app;
    }
}
