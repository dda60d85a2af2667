using Microsoft.Extensions.Options;

namespace Marketplace.Notifications.Messages;

/// <summary>Absolute links into the marketplace's front door (the gateway): portal pages under /portal, the API under /api.</summary>
public sealed class PortalLinks(IOptions<NotificationsOptions> options)
{
    public const string Inbox = "/portal/inbox";
    public const string Partnerships = "/portal/partnerships";
    public const string Fees = "/portal/fees";
    public const string Profile = "/portal/profile";
    public const string Disputes = "/portal/operator/disputes";
    public const string CertificationsToReview = "/portal/operator/certifications";
    /// <summary>The portal's notification settings page (to be built in the portal).</summary>
    public const string Preferences = "/portal/account/notifications";

    public static string Referral(Guid id) => $"/portal/referrals/{id}";

    public string To(string path) => options.Value.PublicUrl.TrimEnd('/') + path;

    public string Unsubscribe(string token) => To(UnsubscribeApi + Uri.EscapeDataString(token));

    private const string UnsubscribeApi = "/api/notifications/unsubscribe?token=";

    /// <summary>The portal page that asks before unsubscribing, for the same token as an API unsubscribe address.</summary>
    public static string UnsubscribePage(string unsubscribeApiUrl) => unsubscribeApiUrl.Replace(UnsubscribeApi, "/portal/account/unsubscribed?token=", StringComparison.Ordinal);
}
