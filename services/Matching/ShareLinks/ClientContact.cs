using System.Net.Mail;
using System.Security.Claims;
using Marketplace.ServiceDefaults;

namespace Marketplace.Matching.ShareLinks;

/// <summary>
/// Whom a client contacts about a link the referrer sent: a name and an e-mail address the referrer chooses on the link,
/// or else the member who made it (by name; tokens carry no address). Shown on the client's page, so only what the
/// referrer put there or its own member's name.
/// </summary>
public sealed record ClientContact(string? Name, string? Email)
{
    public const int MaxName = 200, MaxEmail = 254, MaxTitle = 200;

    /// <summary>Checks the chosen contact (both optional; blank is none).</summary>
    public static Validation Check(Validation v, string? name, string? email) => v
        .Text(name, "contactName", MaxName, required: false)
        .Require(name is null || !name.Any(char.IsControl), "contactName", "contactName must be a name on one line.")
        .Require(string.IsNullOrWhiteSpace(email) || (email.Length <= MaxEmail && MailAddress.TryCreate(email.Trim(), out var address) && address.Address == email.Trim()
            && !email.Any(char.IsControl)), "contactEmail", $"contactEmail must be one e-mail address such as office@example.com (at most {MaxEmail} characters).");

    /// <summary>The contact to keep on the link: what the referrer chose, else the member making it by name.</summary>
    public static ClientContact Chosen(string? name, string? email, ClaimsPrincipal maker)
    {
        var (n, e) = (Blank(name), Blank(email, MaxEmail));
        return new(n ?? (e is null ? Blank(maker.FindFirstValue(MarketplaceClaims.Name)) : null), e);
    }

    public static ClientContact? Of(string? name, string? email) => name is null && email is null ? null : new(name, email);

    private static string? Blank(string? text, int max = MaxName) => string.IsNullOrWhiteSpace(text) ? null : text.Trim() is var t && t.Length > max ? t[..max] : t;
}
