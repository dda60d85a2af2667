using Marketplace.Contracts;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Identity;

namespace Marketplace.Network.Members;

/// <summary>A person of a firm who signs in; the role decides what they may do for the firm.</summary>
public sealed class Member
{
    public const int MaxName = 200;
    public const int MaxEmail = 320;

    private static readonly PasswordHasher<Member> Hasher = new();

    public Guid Id { get; private set; }
    public Guid FirmId { get; private set; }
    public string Name { get; private set; } = "";
    public string Email { get; private set; } = "";
    public string Role { get; private set; } = "";
    public string PasswordHash { get; private set; } = "";
    public DateTimeOffset JoinedAt { get; private set; }

    /// <summary>When the member proved the address is theirs (a verification link, or a password reset by mail); null until then.</summary>
    public DateTimeOffset? EmailVerifiedAt { get; private set; }

    public bool EmailVerified => EmailVerifiedAt is not null;

    /// <summary>
    /// Carried by every access token issued to the member (claim "stamp"); rotated when what those tokens say is no
    /// longer so or their sessions must end (a role change, signing out, a new password), and the services then refuse
    /// them within their cache window. Removal deletes the member, which ends the stamp with it.
    /// </summary>
    public Guid SecurityStamp { get; private set; }

    /// <summary>
    /// Carried by the member's refresh tokens only; rotated when every sign-in must end (signing out, a new password), so
    /// nothing issued before can be refreshed. A role change leaves it: the next refresh carries the new role.
    /// </summary>
    public Guid SignInStamp { get; private set; }

    private Member() { }

    public static Member Create(Guid firmId, string name, string email, string role, string password, TimeProvider clock)
    {
        var member = new Member
        {
            Id = Guid.CreateVersion7(),
            FirmId = firmId,
            Name = name.Trim(),
            Email = NormalizeEmail(email),
            Role = role,
            JoinedAt = clock.GetUtcNow(),
            SecurityStamp = Guid.NewGuid(),
            SignInStamp = Guid.NewGuid(),
        };
        member.PasswordHash = Hasher.HashPassword(member, password);
        return member;
    }

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>A hash no password matches, checked for unknown addresses so they cost what a member's wrong password costs.</summary>
    private static readonly string NobodysHash = Hasher.HashPassword(null!, Guid.NewGuid().ToString());

    /// <summary>Checks the password against <see cref="NobodysHash"/> and answers false: nobody signs in as nobody.</summary>
    public static bool CheckAgainstNobody(string password)
    {
        _ = Hasher.VerifyHashedPassword(null!, NobodysHash, password);
        return false;
    }

    public bool HasPassword(string password) =>
        Hasher.VerifyHashedPassword(this, PasswordHash, password) is not PasswordVerificationResult.Failed;

    public static bool IsRole(string? role) => role is Roles.Owner or Roles.Dispatcher or Roles.Engineer;

    /// <summary>The address is the member's: they followed a link mailed to it. True when this changed anything.</summary>
    public bool VerifyEmail(DateTimeOffset now)
    {
        if (EmailVerified)
        {
            return false;
        }
        EmailVerifiedAt = now;
        return true;
    }

    /// <summary>
    /// A new password chosen through a link mailed to the member: every session ends (whoever held one), and the address
    /// counts as verified, since only its reader could follow the link. True when the address was not verified before.
    /// </summary>
    public bool ResetPassword(string password, DateTimeOffset now)
    {
        PasswordHash = Hasher.HashPassword(this, password);
        EndSessions();
        return VerifyEmail(now);
    }

    /// <summary>The member as other services need to reach them, after a change (or their removal).</summary>
    public MemberChanged Changed(DateTimeOffset at, bool removed = false) =>
        new(Guid.NewGuid(), at, FirmId, Id, Email, Name, Role, EmailVerified, removed);

    /// <summary>Only the operator seeder makes a platform operator; no request can.</summary>
    internal void GrantOperator() => Role = Roles.Admin;

    /// <summary>
    /// A new role: the member's access tokens with the old one stop working; refreshing gives tokens with the new one.
    /// True when the role is another one than before.
    /// </summary>
    public bool ChangeRole(string role)
    {
        if (!IsRole(role))
        {
            throw new ArgumentException($"'{role}' is not a member role.", nameof(role));
        }
        if (Role == role)
        {
            return false;
        }
        Role = role;
        SecurityStamp = Guid.NewGuid();
        return true;
    }

    /// <summary>Ends every session of the member (signing out everywhere; a password change must call it too): no access token or refresh token issued so far is good any more.</summary>
    public void EndSessions()
    {
        SecurityStamp = Guid.NewGuid();
        SignInStamp = Guid.NewGuid();
    }
}
