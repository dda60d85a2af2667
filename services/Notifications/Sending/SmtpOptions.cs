namespace Marketplace.Notifications.Sending;

/// <summary>The mail server messages leave through (section <c>Smtp</c>); the password from a secret or a mounted file.</summary>
public sealed class SmtpOptions
{
    public string Host { get; init; } = "";
    public int Port { get; init; } = 587;
    public SmtpSecurity Security { get; init; } = SmtpSecurity.StartTls;
    public string? Username { get; init; }
    public string? Password { get; init; }
    public string? PasswordFile { get; init; }
    public string FromAddress { get; init; } = "";
    public string FromName { get; init; } = "Marketplace";
    /// <summary>How long one SMTP command may take before the server counts as unreachable.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public string? Secret() => Password ?? (PasswordFile is { } file ? File.ReadAllText(file).Trim() : null);
}

public enum SmtpSecurity
{
    /// <summary>Plain SMTP, for a mail sink on loopback only.</summary>
    None,
    /// <summary>STARTTLS, required (port 587).</summary>
    StartTls,
    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
}
