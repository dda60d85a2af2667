using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.ServiceDefaults;

/// <summary>
/// The RSA key Network signs access tokens with, and every service checks them with.
/// <c>Auth:SigningKey</c> holds a PEM (from a secret); otherwise <c>Auth:SigningKeyFile</c> names a file that
/// the first process to start creates (local development: under .infra/, never committed).
/// </summary>
public static class SigningKey
{
    public static RsaSecurityKey Load(IConfiguration config, IHostEnvironment environment)
    {
        var rsa = RSA.Create();
        if (config["Auth:SigningKey"] is { Length: > 0 } pem)
        {
            rsa.ImportFromPem(pem);
        }
        else
        {
            var file = config["Auth:SigningKeyFile"]
                ?? throw new InvalidOperationException("Set Auth:SigningKey (PEM) or Auth:SigningKeyFile.");
            rsa.ImportFromPem(LoadOrCreate(Path.GetFullPath(file, environment.ContentRootPath)));
        }
        return new RsaSecurityKey(rsa) { KeyId = KeyId(rsa) };
    }

    private static string LoadOrCreate(string path) => SecretFile.ReadOrCreate(path, () =>
    {
        using var fresh = RSA.Create(2048);
        return fresh.ExportPkcs8PrivateKeyPem();
    });

    private static string KeyId(RSA rsa) =>
        Convert.ToHexString(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16].ToLowerInvariant();
}
