using Marketplace.Network.Account;

namespace Marketplace.Network.Members;

/// <summary>
/// An Owner's invitation for someone to join the firm with a role. The token is 256 random bits, mailed to the
/// invitee (and, for now, shown once to the Owner); only its hash is stored, so a database reader cannot accept on anyone's behalf.
/// </summary>
public sealed class Invitation
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public Guid Id { get; private set; }
    public Guid FirmId { get; private set; }
    public string Email { get; private set; } = "";
    public string Role { get; private set; } = "";
    public string TokenHash { get; private set; } = "";
    public string InvitedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? AcceptedAt { get; private set; }
    public Guid? MemberId { get; private set; }

    private Invitation() { }

    public static (Invitation Invitation, string Token) Create(Guid firmId, string email, string role, string invitedBy, TimeProvider clock)
    {
        var token = AccountToken.NewSecret();
        var now = clock.GetUtcNow();
        return (new Invitation
        {
            Id = Guid.CreateVersion7(), FirmId = firmId, Email = Member.NormalizeEmail(email), Role = role, TokenHash = Hash(token),
            InvitedBy = invitedBy, CreatedAt = now, ExpiresAt = now + Lifetime,
        }, token);
    }

    public static string Hash(string token) => AccountToken.Hash(token);

    public bool IsOpen(DateTimeOffset now) => AcceptedAt is null && now < ExpiresAt;

    /// <summary>The invited person joins under the invited e-mail address and role.</summary>
    public Member Accept(string name, string password, TimeProvider clock)
    {
        if (!IsOpen(clock.GetUtcNow()))
        {
            throw new InvalidOperationException("This invitation has been used or has expired.");
        }
        var member = Member.Create(FirmId, name, Email, Role, password, clock);
        (AcceptedAt, MemberId) = (clock.GetUtcNow(), member.Id);
        return member;
    }
}
