namespace Marketplace.MailSink;

/// <summary>The "MailSink" configuration section (command line: <c>--MailSink:SmtpPort=2525</c>; environment: <c>MailSink__SmtpPort</c>).</summary>
internal sealed class MailSinkOptions
{
    public const string Section = "MailSink";

    /// <summary>The address the SMTP listener binds to; loopback unless a container needs more.</summary>
    public string SmtpAddress { get; set; } = "127.0.0.1";

    /// <summary>The SMTP port; 0 takes a free one (tests).</summary>
    public int SmtpPort { get; set; } = 1025;

    /// <summary>How many messages are kept; the oldest go first.</summary>
    public int MaxMessages { get; set; } = 1000;

    /// <summary>The largest message accepted, in bytes.</summary>
    public int MaxMessageSize { get; set; } = 10 * 1024 * 1024;

    /// <summary>When set, every message is also written there as an .eml file and read back at start, so a restart keeps the mail.</summary>
    public string? Folder { get; set; }
}
