using System.Text.Json;
using Marketplace.ServiceDefaults;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Marketplace.Network.SignIn;

public sealed class MachineClientOptions
{
    /// <summary>Machine clients from configuration (secrets come from the environment, never from a committed file).</summary>
    public List<MachineClient> Clients { get; init; } = [];
}

/// <summary>
/// A client for the client-credentials grant; Role is Machine unless it is the platform's Admin client. The secret is
/// given directly or as a file (a mounted secret; locally the one scripts/infra.sh writes under .infra/keys).
/// </summary>
public sealed record MachineClient(string ClientId, Guid FirmId, string? ClientSecret = null, string? Role = null, string? ClientSecretFile = null)
{
    /// <summary>Platform scopes beyond its own firm (a settable list: the configuration binder fills collections through properties).</summary>
    public List<string> Scopes { get; init; } = [];

    public string Secret => ClientSecret ?? (ClientSecretFile is { } file ? File.ReadAllText(file).Trim()
        : throw new InvalidOperationException($"Machine client {ClientId} has neither ClientSecret nor ClientSecretFile."));
}

/// <summary>Registers the configured machine clients for the client-credentials grant, each acting for one firm.</summary>
internal sealed class MachineClientSeeder(IServiceScopeFactory scopes, IOptions<MachineClientOptions> options) : IHostedService
{
    public const string FirmIdProperty = "firm_id";
    public const string RoleProperty = "role";
    /// <summary>Platform scopes (see <see cref="PlatformScopes"/>) the client may act with beyond its own firm; none unless configured.</summary>
    public const string ScopesProperty = "platform_scopes";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        foreach (var client in options.Value.Clients)
        {
            var existing = await applications.FindByClientIdAsync(client.ClientId, cancellationToken);
            var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = client.ClientId,
                ClientSecret = client.Secret,
                ClientType = ClientTypes.Confidential,
                DisplayName = client.ClientId,
                Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
            };
            descriptor.Properties[FirmIdProperty] = JsonSerializer.SerializeToElement(client.FirmId.ToString());
            descriptor.Properties[RoleProperty] = JsonSerializer.SerializeToElement(client.Role == Roles.Admin ? Roles.Admin : Roles.Machine);
            descriptor.Properties[ScopesProperty] = JsonSerializer.SerializeToElement(client.Scopes);
            if (existing is null)
            {
                await applications.CreateAsync(descriptor, cancellationToken);
            }
            else
            {
                await applications.UpdateAsync(existing, descriptor, cancellationToken); // a rotated secret takes effect on restart
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
