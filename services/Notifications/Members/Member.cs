using Marketplace.ServiceDefaults;

namespace Marketplace.Notifications.Members;

/// <summary>A firm's member as mail reaches them, projected from Network's MemberChanged. The id is their token's subject.</summary>
public sealed class Member
{
    public Guid MemberId { get; init; }
    public Guid FirmId { get; set; }
    public string Email { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>Owner, Dispatcher, Engineer, or Admin (the platform's operators).</summary>
    public string Role { get; set; } = "";
    public bool EmailVerified { get; set; }
    public bool Removed { get; set; }
    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>Owners and dispatchers answer offers for the firm.</summary>
    public bool TakesOffers => Role is Roles.Owner or Roles.Dispatcher;

    /// <summary>Addresses are compared and remembered (dead ones) in one spelling.</summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();
}
