using Marketplace.Network.Data;
using Marketplace.ServiceDefaults;

namespace Marketplace.Network.SignIn;

public static class SignInExtensions
{
    /// <summary>
    /// Network is the token issuer: OpenIddict's token endpoint with the password grant (members) and the
    /// client-credentials grant (machine clients), issuing signed, unencrypted JWT access tokens that every
    /// service validates with the same public key.
    /// </summary>
    public static IHostApplicationBuilder AddSignIn(this IHostApplicationBuilder builder)
    {
        var issuer = new Uri(builder.Configuration["Auth:Issuer"] ?? MarketplaceClaims.DefaultIssuer);
        var key = SigningKey.Load(builder.Configuration, builder.Environment);
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<NetworkDbContext>())
            .AddServer(o =>
            {
                o.SetIssuer(issuer);
                o.SetTokenEndpointUris("connect/token");
                o.AllowPasswordFlow().AllowClientCredentialsFlow();
                // The portal signs members in without a client secret it could not keep.
                o.AcceptAnonymousClients();
                o.SetAccessTokenLifetime(TimeSpan.FromHours(1));
                o.DisableAccessTokenEncryption();
                o.DisableTokenStorage();
                o.AddSigningKey(key);
                o.AddEphemeralEncryptionKey();
                o.UseAspNetCore().EnableTokenEndpointPassthrough().DisableTransportSecurityRequirement();
            });
        builder.Services.AddOptions<MachineClientOptions>().BindConfiguration("Auth")
            .Validate(o => o.Clients.All(c => c.Scopes.All(PlatformScopes.All.Contains)), $"Auth:Clients:*:Scopes may name only {string.Join(", ", PlatformScopes.All)}.")
            .ValidateOnStart();
        builder.Services.AddHostedService<MachineClientSeeder>();
        builder.Services.AddOptions<OperatorOptions>().BindConfiguration("Platform")
            .Validate(o => o.Operators.All(p => p.Email.Contains('@') && (p.Password ?? p.PasswordFile) is not null), "Platform:Operators need an Email and a Password or PasswordFile.")
            .ValidateOnStart();
        builder.Services.AddHostedService<OperatorSeeder>();
        return builder;
    }
}
