using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Marketplace.MailSink;

/// <summary>One message as it arrived: the envelope recipients, the raw bytes and the parts people read.</summary>
internal sealed record StoredMail(
    long Id,
    DateTimeOffset Received,
    IReadOnlyList<string> To,
    string From,
    string HeaderTo,
    string Cc,
    string Subject,
    string? Text,
    string? Html,
    IReadOnlyList<string> Attachments,
    byte[] Raw,
    string? FileName);

/// <summary>
/// The last <see cref="MailSinkOptions.MaxMessages"/> messages in memory, newest last; with a folder configured also
/// on disk (one .eml each, with the envelope in two X-MailSink headers) and read back at start.
/// </summary>
internal sealed partial class MailStore
{
    private const string ReceivedHeader = "X-MailSink-Received";
    private const string EnvelopeToHeader = "X-MailSink-Envelope-To";

    private readonly Lock gate = new();
    private readonly LinkedList<StoredMail> messages = new();
    private readonly MailSinkOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<MailStore> logger;
    private long lastId;

    public MailStore(IOptions<MailSinkOptions> options, TimeProvider time, ILogger<MailStore> logger)
    {
        this.options = options.Value;
        this.time = time;
        this.logger = logger;
        if (!string.IsNullOrEmpty(this.options.Folder))
        {
            Directory.CreateDirectory(this.options.Folder);
            Load(this.options.Folder);
        }
    }

    public int Count
    {
        get { lock (gate) { return messages.Count; } }
    }

    public StoredMail Add(byte[] raw, IReadOnlyList<string> envelopeTo)
    {
        var received = time.GetUtcNow();
        string? fileName = null;
        if (!string.IsNullOrEmpty(options.Folder))
        {
            fileName = Path.Combine(options.Folder,
                $"{received.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfffffff", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}.eml");
            var envelope = $"{ReceivedHeader}: {received.ToString("O", CultureInfo.InvariantCulture)}\r\n{EnvelopeToHeader}: {string.Join(", ", envelopeTo)}\r\n";
            using var file = File.Create(fileName);
            file.Write(Encoding.ASCII.GetBytes(envelope));
            file.Write(raw);
        }
        lock (gate)
        {
            var mail = Parse(++lastId, received, envelopeTo, raw, fileName);
            messages.AddLast(mail);
            Trim();
            return mail;
        }
    }

    /// <summary>Newest first; only those delivered to <paramref name="to"/> when it is given.</summary>
    public IReadOnlyList<StoredMail> Newest(string? to = null)
    {
        lock (gate)
        {
            return [.. messages.Reverse().Where(m => string.IsNullOrEmpty(to) || m.To.Contains(to, StringComparer.OrdinalIgnoreCase))];
        }
    }

    public StoredMail? Find(long id)
    {
        lock (gate)
        {
            return messages.FirstOrDefault(m => m.Id == id);
        }
    }

    public bool Delete(long id)
    {
        lock (gate)
        {
            var node = messages.First;
            while (node is not null && node.Value.Id != id)
            {
                node = node.Next;
            }
            if (node is null)
            {
                return false;
            }
            messages.Remove(node);
            DeleteFile(node.Value);
            return true;
        }
    }

    public int Clear()
    {
        lock (gate)
        {
            var count = messages.Count;
            foreach (var mail in messages)
            {
                DeleteFile(mail);
            }
            messages.Clear();
            return count;
        }
    }

    private void Trim()
    {
        while (messages.Count > Math.Max(1, options.MaxMessages))
        {
            DeleteFile(messages.First!.Value);
            messages.RemoveFirst();
        }
    }

    private void DeleteFile(StoredMail mail)
    {
        if (mail.FileName is null)
        {
            return;
        }
        try
        {
            File.Delete(mail.FileName);
        }
        catch (IOException e)
        {
            LogDeleteFailed(logger, mail.FileName, e);
        }
    }

    private void Load(string folder)
    {
        var files = Directory.GetFiles(folder, "*.eml").Order(StringComparer.Ordinal).ToList();
        foreach (var file in files.Skip(Math.Max(0, files.Count - options.MaxMessages)))
        {
            try
            {
                var bytes = File.ReadAllBytes(file);
                var (received, to, raw) = SplitEnvelope(bytes, File.GetLastWriteTimeUtc(file));
                messages.AddLast(Parse(++lastId, received, to, raw, file));
            }
            catch (IOException e)
            {
                LogLoadFailed(logger, file, e);
            }
        }
        foreach (var stale in files.Take(Math.Max(0, files.Count - options.MaxMessages)))
        {
            File.Delete(stale);
        }
        if (messages.Count > 0)
        {
            LogLoaded(logger, messages.Count, folder);
        }
    }

    // The two envelope lines this store writes before the message itself.
    private static (DateTimeOffset Received, IReadOnlyList<string> To, byte[] Raw) SplitEnvelope(byte[] bytes, DateTime written)
    {
        var received = new DateTimeOffset(written, TimeSpan.Zero);
        IReadOnlyList<string> to = [];
        var offset = 0;
        for (var line = 0; line < 2; line++)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', offset);
            if (end < 0)
            {
                break;
            }
            var text = Encoding.ASCII.GetString(bytes, offset, end - offset).TrimEnd('\r');
            if (text.StartsWith(ReceivedHeader + ":", StringComparison.OrdinalIgnoreCase)
                && DateTimeOffset.TryParse(text[(ReceivedHeader.Length + 1)..].Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            {
                received = at;
            }
            else if (text.StartsWith(EnvelopeToHeader + ":", StringComparison.OrdinalIgnoreCase))
            {
                to = text[(EnvelopeToHeader.Length + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            }
            else
            {
                break;
            }
            offset = end + 1;
        }
        return (received, to, bytes[offset..]);
    }

    private StoredMail Parse(long id, DateTimeOffset received, IReadOnlyList<string> to, byte[] raw, string? fileName)
    {
        try
        {
            using var stream = new MemoryStream(raw, writable: false);
            using var message = MimeMessage.Load(stream);
            return new StoredMail(
                id, received, to,
                Display(message.From),
                Display(message.To),
                Display(message.Cc),
                message.Subject ?? "",
                message.TextBody,
                message.HtmlBody,
                [.. message.Attachments.Select(a => a.ContentDisposition?.FileName ?? a.ContentType.Name ?? a.ContentType.MimeType)],
                raw,
                fileName);
        }
        catch (FormatException e)
        {
            LogUnparsable(logger, id, e);
            return new StoredMail(id, received, to, "", "", "", "(could not be parsed as MIME)", Encoding.UTF8.GetString(raw), null, [], raw, fileName);
        }
    }

    // "Dana Dispatcher <dana@northwind.example>", without the quotes and encoding a header would need.
    private static string Display(InternetAddressList addresses) =>
        string.Join(", ", addresses.Mailboxes.Select(m => string.IsNullOrEmpty(m.Name) ? m.Address : $"{m.Name} <{m.Address}>"));

    [LoggerMessage(LogLevel.Warning, "Message {Id} is not valid MIME; kept as text")]
    private static partial void LogUnparsable(ILogger logger, long id, Exception e);

    [LoggerMessage(LogLevel.Warning, "Could not read {File}")]
    private static partial void LogLoadFailed(ILogger logger, string file, Exception e);

    [LoggerMessage(LogLevel.Warning, "Could not delete {File}")]
    private static partial void LogDeleteFailed(ILogger logger, string file, Exception e);

    [LoggerMessage(LogLevel.Information, "{Count} messages read back from {Folder}")]
    private static partial void LogLoaded(ILogger logger, int count, string folder);
}
