using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Marketplace.Notifications.Tests;

/// <summary>
/// An SMTP server on a loopback port of the test's own (the SmtpServer package): keeps every mail, refuses the
/// mailboxes in <see cref="Refused"/> with 550, and can be stopped and started again on the same port.
/// </summary>
public sealed class MailSink : IAsyncDisposable
{
    private SmtpServer.SmtpServer? _server;
    private CancellationTokenSource? _stop;
    private Task? _running;

    public int Port { get; } = FreePort();
    public ConcurrentQueue<MimeMessage> Received { get; } = new();
    /// <summary>Addresses the server answers 550 for (lower case).</summary>
    public ConcurrentDictionary<string, bool> Refused { get; } = new();
    /// <summary>How often each address was offered as a recipient (RCPT TO), accepted or not.</summary>
    public ConcurrentDictionary<string, int> Offered { get; } = new();

    public IReadOnlyList<MimeMessage> To(string email) =>
        [.. Received.Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, email, StringComparison.OrdinalIgnoreCase)))];

    public void Start()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        _server = new SmtpServer.SmtpServer(options, services);
        _stop = new CancellationTokenSource();
        _running = _server.StartAsync(_stop.Token);
    }

    public async Task StopAsync()
    {
        if (_server is null)
        {
            return;
        }
        await _stop!.CancelAsync();
        _server.Shutdown();
        try
        {
            await _running!;
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
        _stop.Dispose();
        _server = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Store(MailSink sink) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            sink.Received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter(MailSink sink) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            var address = $"{to.User}@{to.Host}".ToLowerInvariant();
            sink.Offered.AddOrUpdate(address, 1, (_, n) => n + 1);
            return Task.FromResult(!sink.Refused.ContainsKey(address));
        }
    }
}

public static class MailText
{
    public static string Text(this MimeMessage mail) => mail.TextBody ?? "";

    public static string Html(this MimeMessage mail) => mail.HtmlBody ?? "";
}
