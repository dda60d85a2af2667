using System.Security.Cryptography;
using Marketplace.Network.Data;
using Marketplace.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Marketplace.Network.SignIn;

public static class SignInExtensions
{
    /// <summary>How long an access token lives: what a removed member or a changed role could still do without the stamp check.</summary>
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromMinutes(10);

    /// <summary>How long a refresh token lives unused; each refresh issues a new one for as long again (sliding, rolling).</summary>
    public static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromDays(14);

    /// <summary>
    /// Network is the token issuer: OpenIddict's token endpoint with the password grant (members), the refresh-token grant
    /// (members who asked for <c>offline_access</c>) and the client-credentials grant (machine clients), issuing signed,
    /// unencrypted JWT access tokens that every service validates with the same public key.
    /// <para>
    /// Tokens and authorizations are stored: refresh tokens roll (each use redeems it and issues a new one), and with no
    /// reuse leeway at all a refresh token presented a second time is refused and its whole family (the authorization and
    /// every token of it) revoked, whoever holds the newest one. Refresh tokens are references (an opaque handle; the
    /// payload stays in the database), encrypted with a key derived from the signing key so every replica and restart reads them.
    /// </para>
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
                o.AllowPasswordFlow().AllowClientCredentialsFlow().AllowRefreshTokenFlow();
                o.RegisterScopes(Scopes.OfflineAccess);
                // The portal signs members in without a client secret it could not keep.
                o.AcceptAnonymousClients();
                o.SetAccessTokenLifetime(AccessTokenLifetime);
                o.SetRefreshTokenLifetime(RefreshTokenLifetime);
                // Zero: a redeemed refresh token is never good again, not even a moment later. The portal shares one
                // refresh among a person's concurrent requests itself, so it never presents the same token twice.
                o.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                o.UseReferenceRefreshTokens();
                o.DisableAccessTokenEncryption();
                o.AddSigningKey(key);
                o.AddEncryptionKey(EncryptionKey(key));
                o.UseAspNetCore().EnableTokenEndpointPassthrough().DisableTransportSecurityRequirement();
            });
        // Network checks a token's session stamp in its own database, not over HTTP to itself.
        builder.Services.Replace(ServiceDescriptor.Scoped<ISessionStampCheck, MemberStampCheck>());
        builder.Services.AddHostedService<TokenPruner>();
        builder.Services.AddOptions<MachineClientOptions>().BindConfiguration("Auth")
            .Validate(o => o.Clients.All(c => c.Scopes.All(PlatformScopes.All.Contains)), $"Auth:Clients:*:Scopes may name only {string.Join(", ", PlatformScopes.All)}.")
            .ValidateOnStart();
        builder.Services.AddHostedService<MachineClientSeeder>();
        builder.Services.AddOptions<OperatorOptions>().BindConfiguration("Platform")
            .Validate(o => o.Operators.All(p => p.Email.Contains('@') && (p.Password ?? p.PasswordFile) is not null), "Platform:Operators need an Email and a Password or PasswordFile.")
            .ValidateOnStart();
        builder.Services.AddHostedService<OperatorSeeder>();
        builder.Services.AddOptions<SignInThrottleOptions>().BindConfiguration("SignIn:Throttle")
            .Validate(o => o.FreeFailures >= 1 && o.LockAfter > o.FreeFailures && o.FirstWait >= TimeSpan.Zero && o.MaxWait >= o.FirstWait && o.LockFor > TimeSpan.Zero,
                "SignIn:Throttle needs FreeFailures ≥ 1, LockAfter > FreeFailures, 0 ≤ FirstWait ≤ MaxWait and a positive LockFor.")
            .ValidateOnStart();
        return builder;
    }

    /// <summary>
    /// The key refresh tokens are encrypted with: derived (HKDF) from the signing key, so it is the same on every replica
    /// and after a restart (an ephemeral key would end every session with the process), and never the signing key itself.
    /// </summary>
    private static SymmetricSecurityKey EncryptionKey(RsaSecurityKey signing)
    {
        var secret = signing.Rsa.ExportPkcs8PrivateKey();
        try
        {
            return new SymmetricSecurityKey(HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt: [], info: "marketplace/network/token-encryption/v1"u8.ToArray()))
            {
                KeyId = $"{signing.KeyId}-enc",
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
