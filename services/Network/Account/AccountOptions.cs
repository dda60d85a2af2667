namespace Marketplace.Network.Account;

/// <summary>How accounts are looked after (section <c>Accounts</c>): where links in account mails lead, and what verification gates.</summary>
public sealed class AccountOptions
{
    /// <summary>
    /// The portal's public address, with the path its pages live under (the gateway serves them at /portal): account
    /// mails link to its pages account/verify, account/reset and join below it.
    /// </summary>
    public string PortalUrl { get; init; } = "http://127.0.0.1:8080/portal";

    /// <summary>
    /// A firm is announced as taking referrals only once one of its Owners has verified their address (the firm's wish
    /// otherwise waits). Off only where nobody can read the mail (a demo seeded without a mail viewer, black-box tests
    /// that do not read mail); a firm registered while it is off needs no verification.
    /// </summary>
    public bool VerifyBeforeReferrals { get; init; } = true;

    /// <summary>Account mails (verification, password reset) one address gets at most per hour, whoever asks for them.</summary>
    public int MailsPerAddressPerHour { get; init; } = 5;

    /// <summary>Invitations one firm may send in a day (each is a mail to someone who did not ask for it).</summary>
    public int InvitationsPerFirmPerDay { get; init; } = 50;

    public static bool IsValidPortalUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);

    /// <summary>A portal page with the one-time token as its query (the token is base64url already; escaped all the same).</summary>
    public string Link(string page, string token) => $"{PortalUrl.TrimEnd('/')}/{page}?token={Uri.EscapeDataString(token)}";
}
