namespace Marketplace.Portal;

public static class Home
{
    // A placeholder until the portal's pages exist; it calls only the gateway.
    private const string Page = """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Marketplace</title>
          <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}</style>
        </head>
        <body>
          <main>
            <h1>Marketplace</h1>
            <p>Route the job you should not do yourself to a specialist partner, before the project blows up.</p>
            <form action="/api/catalog/skills" method="get">
              <label for="q">Find a skill</label>
              <input id="q" name="q" placeholder="e.g. M365 migration">
              <button type="submit">Search</button>
            </form>
            <p><a href="/docs">API documentation</a></p>
          </main>
        </body>
        </html>
        """;

    public static WebApplication MapHome(this WebApplication app)
    {
        app.MapGet("/", () => Results.Content(Page, "text/html; charset=utf-8")).ExcludeFromDescription();
        return app;
    }
}
