using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.Testing;

/// <summary>
/// Access tokens signed with the test process's key, for callers the API cannot create yet (a Dispatcher,
/// an Engineer) and for forged or expired tokens. Services under test validate them exactly as Network's own.
/// </summary>
public static class TestTokens
{
    private static readonly Lazy<RsaSecurityKey> Key = new(() =>
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(TestKeys.SigningKeyPem);
        return new RsaSecurityKey(rsa);
    });

    public static string For(Guid firmId, string role, string? subject = null, TimeSpan? lifetime = null, RsaSecurityKey? signedWith = null, string? scope = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(30));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://marketplace.local/",
            Audience = "marketplace-api",
            IssuedAt = expires < now ? expires - TimeSpan.FromMinutes(5) : now,
            NotBefore = expires < now ? expires - TimeSpan.FromMinutes(5) : now,
            Expires = expires,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = subject ?? Guid.NewGuid().ToString(),
                ["firm_id"] = firmId.ToString(),
                ["role"] = role,
                ["name"] = role + " of " + firmId.ToString()[..8],
            }.Concat(scope is null ? [] : [new KeyValuePair<string, object>("scope", scope)]).ToDictionary(),
            SigningCredentials = new SigningCredentials(signedWith ?? Key.Value, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>A machine client as Matching's is configured: the platform scope to hold any firm's engineers.</summary>
    public static string Platform(Guid firmId) => For(firmId, "Machine", "matching", scope: "scheduling.holds.any");

    /// <summary>A member's token as Network would sign it, with the security stamp given (a made-up one: as good as a token from before a sign-out).</summary>
    public static string WithStamp(Guid firmId, string role, string subject, string stamp, TimeSpan? lifetime = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://marketplace.local/",
            Audience = "marketplace-api",
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromMinutes(10)),
            Claims = new Dictionary<string, object> { ["sub"] = subject, ["firm_id"] = firmId.ToString(), ["role"] = role, ["name"] = role, ["stamp"] = stamp },
            SigningCredentials = new SigningCredentials(Key.Value, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>Right shape, wrong signer.</summary>
    public static string Forged(Guid firmId, string role) => For(firmId, role, signedWith: new RsaSecurityKey(RSA.Create(2048)));

    public static string Expired(Guid firmId, string role) => For(firmId, role, lifetime: TimeSpan.FromMinutes(-10));
}
