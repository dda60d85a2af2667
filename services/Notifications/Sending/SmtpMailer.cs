using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Marketplace.Notifications.Messages;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Marketplace.Notifications.Sending;

/// <summary>Sends a batch of messages over one SMTP connection with MailKit and says how each went.</summary>
public sealed class SmtpMailer(IOptions<SmtpOptions> options)
{
    public async Task<IReadOnlyList<SendResult>> SendAsync(IReadOnlyList<Message> messages, CancellationToken ct)
    {
        var o = options.Value;
        using var client = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(o.Host, o.Port, Socket(o.Security), ct);
            if (!string.IsNullOrEmpty(o.Username))
            {
                await client.AuthenticateAsync(o.Username, o.Secret() ?? "", ct);
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Unreachable, refusing or misconfigured: nothing was handed over, so everything waits for a retry.
            return [.. messages.Select(m => new SendResult(m, SendOutcome.Retry, $"The mail server could not be used: {e.Message}"))];
        }
        var results = new List<SendResult>(messages.Count);
        foreach (var message in messages)
        {
            if (!client.IsConnected)
            {
                results.Add(new SendResult(message, SendOutcome.Retry, "The connection to the mail server was lost."));
                continue;
            }
            results.Add(await SendOneAsync(client, message, o, ct));
        }
        if (client.IsConnected)
        {
            try { await client.DisconnectAsync(true, ct); }
            catch (Exception e) when (e is IOException or ProtocolException or SmtpCommandException) { /* sent is sent */ }
        }
        return results;
    }

    private static async Task<SendResult> SendOneAsync(SmtpClient client, Message message, SmtpOptions o, CancellationToken ct)
    {
        try
        {
            await client.SendAsync(Compose(message, o), ct);
            return new SendResult(message, SendOutcome.Sent, null);
        }
        catch (SmtpCommandException e) when (e.ErrorCode == SmtpErrorCode.RecipientNotAccepted && (int)e.StatusCode >= 500)
        {
            return new SendResult(message, SendOutcome.AddressRefused, $"{(int)e.StatusCode} {e.Message}");
        }
        catch (SmtpCommandException e) when (e.ErrorCode == SmtpErrorCode.MessageNotAccepted && (int)e.StatusCode >= 500)
        {
            return new SendResult(message, SendOutcome.MessageRefused, $"{(int)e.StatusCode} {e.Message}");
        }
        catch (ParseException e)
        {
            // An address no mail system can take (a space, a comma, nothing before the @): no retry will change that.
            return new SendResult(message, SendOutcome.AddressRefused, $"not an address: {e.Message}");
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // 4xx, our sender refused, a dropped connection: worth trying again later.
            return new SendResult(message, SendOutcome.Retry, e is SmtpCommandException c ? $"{(int)c.StatusCode} {c.Message}" : e.Message);
        }
    }

    private static MimeMessage Compose(Message message, SmtpOptions o)
    {
        var mail = new MimeMessage
        {
            Subject = message.Subject,
            // Stable per message: a resend after a lost acknowledgement can be recognised as the same mail.
            MessageId = $"{message.Id:N}@{MailboxAddress.Parse(o.FromAddress).Domain}",
            Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody(),
        };
        mail.From.Add(new MailboxAddress(o.FromName, o.FromAddress));
        mail.To.Add(new MailboxAddress(message.Name, message.Email));
        if (message.UnsubscribeUrl is { } unsubscribe)
        {
            mail.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
            mail.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"); // RFC 8058: the API takes a POST too
        }
        return mail;
    }

    private static SecureSocketOptions Socket(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };
}

public enum SendOutcome
{
    Sent,
    /// <summary>Try again later: nothing is lost while the server is away.</summary>
    Retry,
    /// <summary>The server refused the mailbox for good (5xx): the address is dead.</summary>
    AddressRefused,
    /// <summary>The server refused this message for good (5xx): only this one fails.</summary>
    MessageRefused,
}

public sealed record SendResult(Message Message, SendOutcome Outcome, string? Error);
