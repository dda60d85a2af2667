using System.Buffers;
using System.Net;
using Microsoft.Extensions.Options;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Marketplace.MailSink;

/// <summary>
/// The SMTP side: accepts every message for every recipient (no authentication, no relaying anywhere) and keeps it in
/// the <see cref="MailStore"/>.
/// </summary>
internal sealed partial class SmtpListener(MailStore store, IOptions<MailSinkOptions> options, ILogger<SmtpListener> logger) : BackgroundService
{
    private readonly TaskCompletionSource<IPEndPoint> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Where SMTP listens, once it does (the real port when 0 was configured).</summary>
    public Task<IPEndPoint> Listening => listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var endpoint = new IPEndPoint(IPAddress.Parse(settings.SmtpAddress), settings.SmtpPort);
        var smtpOptions = new SmtpServerOptionsBuilder()
            .ServerName("marketplace-mailsink")
            .MaxMessageSize(settings.MaxMessageSize)
            .Endpoint(e => e.Endpoint(endpoint).IsSecure(false).AuthenticationRequired(false).AllowUnsecureAuthentication(true))
            .Build();

        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) =>
        {
            if (e.LocalEndPoint is IPEndPoint local)
            {
                LogListening(logger, local);
                listening.TrySetResult(local);
            }
        };
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(new KeepingMessageStore(store, logger));

        var server = new SmtpServer.SmtpServer(smtpOptions, services);
        server.SessionFaulted += (_, e) => LogSessionFaulted(logger, e.Exception);
        try
        {
            await server.StartAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            listening.TrySetException(e);
            throw;
        }
        finally
        {
            listening.TrySetCanceled(CancellationToken.None);
        }
    }

    private sealed class KeepingMessageStore(MailStore store, ILogger logger) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var mail = store.Add(buffer.ToArray(), [.. transaction.To.Select(m => m.AsAddress())]);
            LogReceived(logger, mail.Id, string.Join(", ", mail.To), mail.Subject);
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    [LoggerMessage(LogLevel.Information, "SMTP listening on {Endpoint}")]
    private static partial void LogListening(ILogger logger, IPEndPoint endpoint);

    [LoggerMessage(LogLevel.Information, "Message {Id} for {To}: {Subject}")]
    private static partial void LogReceived(ILogger logger, long id, string to, string subject);

    [LoggerMessage(LogLevel.Warning, "An SMTP session failed")]
    private static partial void LogSessionFaulted(ILogger logger, Exception e);
}
