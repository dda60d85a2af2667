using System.Security.Cryptography;

namespace Marketplace.Testing;

/// <summary>One signing key per test process, handed to every service under test (never a developer's key file).</summary>
public static class TestKeys
{
    private static readonly Lazy<string> Pem = new(() =>
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKeyPem();
    });

    public static string SigningKeyPem => Pem.Value;
}
