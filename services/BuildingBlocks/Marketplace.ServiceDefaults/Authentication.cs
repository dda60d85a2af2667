using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.ServiceDefaults;

/// <summary>The claims every access token carries, and the roles a firm's members have.</summary>
public static class MarketplaceClaims
{
    public const string Subject = "sub";
    public const string FirmId = "firm_id";
    public const string Role = "role";
    public const string Name = "name";
    public const string Scope = "scope";
    /// <summary>
    /// The member's security stamp when the token was issued (members' tokens only): once Network rotates it (removal,
    /// role change, sign-out) the token is refused everywhere within the services' cache window (30 s).
    /// </summary>
    public const string SecurityStamp = "stamp";
    /// <summary>Network's issuer unless <c>Auth:Issuer</c> says otherwise.</summary>
    public const string DefaultIssuer = "https://marketplace.local/";
    public const string Audience = "marketplace-api";
}

public static class Roles
{
    public const string Owner = "Owner";
    public const string Dispatcher = "Dispatcher";
    public const string Engineer = "Engineer";
    /// <summary>A machine client using the client-credentials grant on behalf of its firm.</summary>
    public const string Machine = "Machine";
    /// <summary>The platform's operators (a configured machine client): they curate the skills taxonomy.</summary>
    public const string Admin = "Admin";
}

/// <summary>
/// Scopes that let a machine client act for any firm. Only clients the operators configure with them get them (Matching's);
/// a firm's own integration client has none and acts for its own firm only.
/// </summary>
public static class PlatformScopes
{
    /// <summary>Read every firm's plan and place, confirm and release holds on any firm's engineers (Matching does, on acceptance).</summary>
    public const string SchedulingAnyFirm = "scheduling.holds.any";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { SchedulingAnyFirm };
}

public static class AuthenticationExtensions
{
    /// <summary>
    /// Validates the JWT access tokens Network issues: signature, issuer, audience and lifetime; and, for a member's token,
    /// that its security stamp is still the member's (<see cref="NetworkSessionCheck"/>; Network replaces the check with
    /// a look at its own database). A token without a stamp (a machine client's) has no session to check.
    /// </summary>
    public static IHostApplicationBuilder AddMarketplaceAuthentication(this IHostApplicationBuilder builder)
    {
        var key = SigningKey.Load(builder.Configuration, builder.Environment);
        var issuer = builder.Configuration["Auth:Issuer"] ?? MarketplaceClaims.DefaultIssuer;
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = issuer,
                ValidAudience = MarketplaceClaims.Audience,
                IssuerSigningKey = key,
                NameClaimType = MarketplaceClaims.Name,
                RoleClaimType = MarketplaceClaims.Role,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            o.Events = new JwtBearerEvents
            {
                OnTokenValidated = SessionStampEvents.OnTokenValidatedAsync,
                OnChallenge = SessionStampEvents.OnChallengeAsync,
            };
        });
        // The system clock: the one IdentityModel checks a token's lifetime against.
        builder.Services.AddSingleton(new ValidatedTokens(TimeProvider.System));
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<ValidatedTokens>((o, tokens) =>
        {
            o.TokenHandlers.Clear();
            o.TokenHandlers.Add(tokens);
        });
        builder.Services.AddOptions<SessionCheckOptions>().BindConfiguration("Auth:SessionCheck")
            .Validate(o => o.CacheFor > TimeSpan.Zero && o.CacheFor <= TimeSpan.FromSeconds(30), "Auth:SessionCheck:CacheFor must be more than 0 and at most 30 seconds.")
            .Validate(o => o.Timeout > TimeSpan.Zero, "Auth:SessionCheck:Timeout must be positive.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient(NetworkSessionCheck.ClientName);
        builder.Services.TryAddSingleton<ISessionStampCheck, NetworkSessionCheck>();
        builder.Services.AddAuthorization();
        return builder;
    }
}
