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

    private static string LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var fresh = RSA.Create(2048);
            var temp = $"{path}.{Guid.NewGuid():N}.tmp";
            File.WriteAllText(temp, fresh.ExportPkcs8PrivateKeyPem());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            try
            {
                File.Move(temp, path, overwrite: false); // several services may start at once: the first one wins
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temp);
            }
        }
        return File.ReadAllText(path);
    }

    private static string KeyId(RSA rsa) =>
        Convert.ToHexString(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16].ToLowerInvariant();
}
