using System.Text;
using Microsoft.Extensions.Options;

namespace Marketplace.MailSink;

/// <summary>The web side: the mail viewer's pages, the JSON API and the health endpoints.</summary>
public static class MailSinkApp
{
    public const string DefaultUrls = "http://127.0.0.1:8025";

    // The viewer's own pages: nothing but their own styles and the message frame.
    private const string PagePolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    // A message's HTML: no scripts, no forms, no same-origin access (sandbox without allow-same-origin); a link the
    // reader clicks may open the page it points to, at the top or in a new tab.
    internal const string MessagePolicy =
        "sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation; " +
        "default-src 'none'; style-src 'unsafe-inline'; img-src data: http: https:; font-src data:; frame-ancestors 'self'";

    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // Loopback by default; --urls or ASPNETCORE_URLS (the container image sets it) say otherwise.
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }
        builder.Services.AddOptions<MailSinkOptions>().Bind(builder.Configuration.GetSection(MailSinkOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<MailStore>();
        builder.Services.AddSingleton<SmtpListener>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SmtpListener>());
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.WriteIndented = true);

        var app = builder.Build();
        var listener = app.Services.GetRequiredService<SmtpListener>();

        app.MapGet("/health/live", () => Results.Text("Healthy"));
        app.MapGet("/health/ready", () => listener.Listening.IsCompletedSuccessfully
            ? Results.Text("Healthy")
            : Results.Text("SMTP is not listening", statusCode: StatusCodes.Status503ServiceUnavailable));

        var api = app.MapGroup("/api/messages");
        api.MapGet("/", (MailStore store, string? to) => Results.Ok(store.Newest(to).Select(MessageJson.Of)));
        api.MapGet("/{id:long}", (MailStore store, long id) => store.Find(id) is { } mail ? Results.Ok(MessageJson.Of(mail)) : Results.NotFound());
        api.MapDelete("/", (MailStore store, HttpContext http) =>
        {
            // Everything, or nothing: a filter here (as on GET) would read as "only these" and yet clear everyone's mail.
            if (http.Request.Query.Count > 0)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Filters are not supported here",
                    detail: "DELETE /api/messages clears every message; delete one with DELETE /api/messages/{id}.");
            }
            store.Clear();
            return Results.NoContent();
        });
        api.MapDelete("/{id:long}", (MailStore store, long id) => store.Delete(id) ? Results.NoContent() : Results.NotFound());

        app.MapGet("/", (HttpContext http, MailStore store, IOptions<MailSinkOptions> options, string? to) =>
            Page(http, Pages.List(store.Newest(to), to, listener.Listening.IsCompletedSuccessfully ? listener.Listening.Result.ToString() : "not listening", options.Value.MaxMessages)));
        app.MapGet("/messages/{id:long}", (HttpContext http, MailStore store, long id) =>
            store.Find(id) is { } mail ? Page(http, Pages.Message(mail)) : Results.NotFound());
        app.MapGet("/messages/{id:long}/html", (HttpContext http, MailStore store, long id) =>
        {
            if (store.Find(id) is not { Html: { } html })
            {
                return Results.NotFound();
            }
            http.Response.Headers.ContentSecurityPolicy = MessagePolicy;
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers["Referrer-Policy"] = "no-referrer";
            return Results.Content(Pages.WithBaseTarget(html), "text/html; charset=utf-8", Encoding.UTF8);
        });
        app.MapGet("/messages/{id:long}/raw", (MailStore store, long id) =>
            store.Find(id) is { } mail ? Results.File(mail.Raw, "message/rfc822", $"message-{mail.Id}.eml") : Results.NotFound());
        // The page's "delete all" button: a plain form post from the viewer itself (another site's form is refused).
        app.MapPost("/messages/delete", (HttpContext http, MailStore store) =>
        {
            var origin = http.Request.Headers.Origin.ToString();
            if (origin.Length > 0 && !string.Equals(origin, $"{http.Request.Scheme}://{http.Request.Host}", StringComparison.OrdinalIgnoreCase))
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }
            store.Clear();
            return Results.Redirect("/");
        });
        return app;
    }

    private static IResult Page(HttpContext http, string html)
    {
        http.Response.Headers.ContentSecurityPolicy = PagePolicy;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8);
    }
}

/// <summary>What <c>GET /api/messages</c> answers for each message.</summary>
internal sealed record MessageJson(long Id, DateTimeOffset Received, string From, IReadOnlyList<string> To, string Subject, string? Text, string? Html, IReadOnlyList<string> Attachments)
{
    public static MessageJson Of(StoredMail mail) => new(mail.Id, mail.Received, mail.From, mail.To, mail.Subject, mail.Text, mail.Html, mail.Attachments);
}
