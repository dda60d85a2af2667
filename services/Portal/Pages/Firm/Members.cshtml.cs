using Marketplace.Portal.Gateway;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Portal.Pages.Firm;

/// <summary>
/// Who is in the firm, with what role and whether each verified their address; Owners invite (Network mails the invitation;
/// the link is also shown once, to pass on by hand while Network still returns it) and change roles.
/// </summary>
public sealed class MembersModel(GatewayClient gateway) : PortalPage(gateway)
{
    public static readonly string[] Roles = ["Owner", "Dispatcher", "Engineer"];

    public MembersList Members { get; private set; } = new([], []);

    /// <summary>The signed-in person's own row (Network's member id is the token's subject).</summary>
    public bool IsMe(MemberItem m) => string.Equals(m.Id.ToString(), User.FindFirst(Marketplace.ServiceDefaults.MarketplaceClaims.Subject)?.Value, StringComparison.OrdinalIgnoreCase);

    /// <summary>The person is the firm's only Owner: the firm must keep one, so they can neither step down nor leave.</summary>
    public bool IsOnlyOwner(MemberItem m) => IsMe(m) && m.Role == "Owner" && Members.Members.Count(o => o.Role == "Owner") == 1;
    private string FirmUrl => $"/api/network/firms/{Me.FirmId}";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var members = await Gateway.GetAsync<MembersList>($"{FirmUrl}/members", ct);
        Members = Failed(members) ? new([], []) : members.Value!;
    }

    public async Task<IActionResult> OnPostInviteAsync(string email, string role, CancellationToken ct)
    {
        var invited = await Gateway.SendAsync<InvitationItem>(HttpMethod.Post, $"{FirmUrl}/invitations", new { email, role }, ct);
        return await AfterAsync(invited, $"Invited {email} as {role}: the invitation is on its way to them by mail.", () => OnGetAsync(ct));
    }

    public async Task<IActionResult> OnPostRoleAsync(Guid memberId, string role, CancellationToken ct) =>
        await AfterAsync(await Gateway.SendAsync(HttpMethod.Put, $"{FirmUrl}/members/{memberId}/role", new { role }, ct), $"Role changed to {role}.", () => OnGetAsync(ct));

    public async Task<IActionResult> OnPostRemoveAsync(Guid memberId, CancellationToken ct) =>
        await AfterAsync(await Gateway.SendAsync<Unit>(HttpMethod.Delete, $"{FirmUrl}/members/{memberId}", null, ct), "Member removed.", () => OnGetAsync(ct));
}

public sealed record MembersList(List<MemberItem> Members, List<InvitationItem> Invitations);
public sealed record MemberItem(Guid Id, string Name, string Email, string Role, bool EmailVerified);
public sealed record InvitationItem(Guid Id, string Email, string Role, DateTimeOffset ExpiresAt);
