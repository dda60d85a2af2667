using Marketplace.Messaging;
using Marketplace.Network.Data;
using Marketplace.Network.Firms;
using Marketplace.Network.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Network.SignIn;

public sealed class OperatorOptions
{
    /// <summary>The platform's operators (people who review certifications and settle fee disputes): configured, never registered.</summary>
    public List<PlatformOperator> Operators { get; init; } = [];
}

/// <summary>An operator's account; the password given directly or as a file (a mounted secret).</summary>
public sealed record PlatformOperator(string Email, string Name = "Marketplace operator", string? Password = null, string? PasswordFile = null)
{
    public string Secret => Password ?? (PasswordFile is { } file ? File.ReadAllText(file).Trim()
        : throw new InvalidOperationException($"Operator {Email} has neither Password nor PasswordFile."));
}

/// <summary>
/// Creates each configured operator once, as a member with the Admin role in the platform's own firm ("Marketplace
/// operations", which takes no referrals). Because the address then belongs to a member, nobody can register it
/// first and no member can be given the Admin role through the API. An operator's address counts as verified (the
/// platform configured it; nobody claimed it), and joining is announced (MemberChanged, role Admin) so Notifications can
/// reach operators too.
/// </summary>
internal sealed class OperatorSeeder(IServiceScopeFactory scopes, IOptions<OperatorOptions> options, TimeProvider clock) : IHostedService
{
    public const string FirmName = "Marketplace operations";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Operators.Count == 0)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NetworkDbContext>();
        foreach (var person in options.Value.Operators)
        {
            var email = Member.NormalizeEmail(person.Email);
            if (await db.Members.FirstOrDefaultAsync(m => m.Email == email, cancellationToken) is { } known)
            {
                // An operator seeded before addresses were verified: verified now, and announced once.
                if (known.Role == ServiceDefaults.Roles.Admin && known.VerifyEmail(clock.GetUtcNow()))
                {
                    db.AddIntegrationEvent(known.Changed(clock.GetUtcNow()), known.FirmId.ToString());
                    await db.SaveChangesAsync(cancellationToken);
                }
                continue;
            }
            var firmId = await db.Firms.Where(f => f.Name == FirmName && !f.TakesReferrals).Select(f => (Guid?)f.Id).FirstOrDefaultAsync(cancellationToken);
            var member = firmId is { } existing
                ? Member.Create(existing, person.Name, email, ServiceDefaults.Roles.Admin, person.Secret, clock)
                : Register(db, person, email);
            member.VerifyEmail(clock.GetUtcNow());
            db.Members.Add(member);
            db.AddIntegrationEvent(member.Changed(clock.GetUtcNow()), member.FirmId.ToString());
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private Member Register(NetworkDbContext db, PlatformOperator person, string email)
    {
        var (firm, first, registered) = Firm.Register(FirmName, "UTC", takesReferrals: false, person.Name, email, person.Secret, clock);
        db.Firms.Add(firm);
        db.AddIntegrationEvent(registered, firm.Id.ToString());
        first.GrantOperator();
        return first;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
