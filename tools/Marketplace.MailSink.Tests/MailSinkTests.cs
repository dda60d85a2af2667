using System.Net;
using System.Net.Http.Json;
using System.Net.Mail;
using System.Net.Mime;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Shouldly;

namespace Marketplace.MailSink.Tests;

/// <summary>The sink as a mail sender and a test see it: real SMTP in, the JSON API and the viewer out, on loopback ports of its own.</summary>
public sealed class MailSinkTests : IAsyncLifetime
{
    private Sink sink = null!;

    public async ValueTask InitializeAsync() => sink = await Sink.StartAsync();

    public async ValueTask DisposeAsync() => await sink.DisposeAsync();

    [Fact]
    public async Task A_sent_message_is_read_back_from_the_API_newest_first_and_deleted()
    {
        await sink.SendAsync("dana@northwind.example", "First offer", "Answer at http://127.0.0.1:8080/portal/inbox.", "<p>First <a href=\"http://127.0.0.1:8080/portal/inbox\">offer</a></p>");
        await sink.SendAsync("olga@acme.example", "Second offer", "Plain only", html: null);

        var all = await sink.MessagesAsync();
        all.Select(m => m.GetProperty("subject").GetString()).ShouldBe(["Second offer", "First offer"]);
        var first = all[1];
        first.GetProperty("to").EnumerateArray().Select(t => t.GetString()).ShouldBe(["dana@northwind.example"]);
        first.GetProperty("from").GetString().ShouldBe("Marketplace <no-reply@marketplace.example>");
        first.GetProperty("text").GetString()!.ShouldContain("http://127.0.0.1:8080/portal/inbox");
        first.GetProperty("html").GetString()!.ShouldContain("<a href=\"http://127.0.0.1:8080/portal/inbox\">offer</a>");
        all[0].GetProperty("html").ValueKind.ShouldBe(JsonValueKind.Null);
        first.GetProperty("received").GetDateTimeOffset().ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));

        (await sink.MessagesAsync("?to=DANA@northwind.example")).Count.ShouldBe(1);

        using var deleted = await sink.Http.DeleteAsync("/api/messages", TestContext.Current.CancellationToken);
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await sink.MessagesAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_viewer_escapes_text_makes_links_clickable_and_sandboxes_the_HTML()
    {
        await sink.SendAsync("dana@northwind.example", "<b>Offer</b>", "See http://127.0.0.1:8080/portal/inbox. <script>alert(1)</script>", "<html><head></head><body><script>alert(1)</script><a href=\"http://127.0.0.1:8080/portal/inbox\">inbox</a></body></html>");
        var id = (await sink.MessagesAsync())[0].GetProperty("id").GetInt64();
        var ct = TestContext.Current.CancellationToken;

        var list = await sink.Http.GetStringAsync("/", ct);
        list.ShouldContain("&lt;b&gt;Offer&lt;/b&gt;");
        list.ShouldContain($"/messages/{id}");

        var page = await sink.Http.GetStringAsync($"/messages/{id}", ct);
        page.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        page.ShouldNotContain("<script>");
        page.ShouldContain("<a href=\"http://127.0.0.1:8080/portal/inbox\" rel=\"noreferrer\">http://127.0.0.1:8080/portal/inbox</a>.");
        page.ShouldContain($"<iframe title=\"The message's HTML\" sandbox=\"allow-popups");

        using var html = await sink.Http.GetAsync($"/messages/{id}/html", ct);
        html.Headers.GetValues("Content-Security-Policy").Single().ShouldStartWith("sandbox ");
        html.Headers.GetValues("Content-Security-Policy").Single().ShouldNotContain("allow-scripts");
        html.Headers.GetValues("Content-Security-Policy").Single().ShouldNotContain("allow-same-origin");
        (await html.Content.ReadAsStringAsync(ct)).ShouldContain("<head><base target=\"_top\"></head>");
    }

    [Fact]
    public async Task With_a_folder_a_restarted_sink_still_has_its_mail()
    {
        var folder = Directory.CreateTempSubdirectory("mailsink-").FullName;
        try
        {
            await using (var first = await Sink.StartAsync(folder))
            {
                await first.SendAsync("dana@northwind.example", "Kept", "Still here", html: null);
            }
            await using var second = await Sink.StartAsync(folder);
            var kept = (await second.MessagesAsync()).ShouldHaveSingleItem();
            kept.GetProperty("subject").GetString().ShouldBe("Kept");
            kept.GetProperty("to").EnumerateArray().Select(t => t.GetString()).ShouldBe(["dana@northwind.example"]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class Sink : IAsyncDisposable
    {
        private readonly WebApplication app;

        private Sink(WebApplication app, HttpClient http, int smtpPort)
        {
            this.app = app;
            Http = http;
            SmtpPort = smtpPort;
        }

        public HttpClient Http { get; }

        public int SmtpPort { get; }

        public static async Task<Sink> StartAsync(string? folder = null)
        {
            string[] args = ["--urls=http://127.0.0.1:0", "--MailSink:SmtpPort=0", "--Logging:LogLevel:Default=Warning"];
            var app = MailSinkApp.Create(folder is null ? args : [.. args, $"--MailSink:Folder={folder}"]);
            await app.StartAsync(TestContext.Current.CancellationToken);
            var listener = app.Services.GetService(typeof(SmtpListener)) as SmtpListener ?? throw new InvalidOperationException("no SMTP listener");
            var smtp = await listener.Listening.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            return new Sink(app, new HttpClient { BaseAddress = new Uri(app.Urls.First()) }, smtp.Port);
        }

        public async Task SendAsync(string to, string subject, string text, string? html)
        {
            using var message = new MailMessage(new MailAddress("no-reply@marketplace.example", "Marketplace"), new MailAddress(to)) { Subject = subject, Body = text };
            if (html is not null)
            {
                message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(html, null, MediaTypeNames.Text.Html));
            }
            using var client = new SmtpClient("127.0.0.1", SmtpPort);
            await client.SendMailAsync(message, TestContext.Current.CancellationToken);
        }

        public async Task<List<JsonElement>> MessagesAsync(string query = "") =>
            await Http.GetFromJsonAsync<List<JsonElement>>("/api/messages" + query, TestContext.Current.CancellationToken) ?? [];

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
