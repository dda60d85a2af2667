using System.Security.Cryptography;
using System.Text;

namespace Marketplace.ServiceDefaults;

/// <summary>
/// The secret in a link someone is given instead of a sign-in (a client's status page, a calendar feed, an account
/// mail): 256 random bits, URL-safe, and kept only as its SHA-256 so a copy of the database opens nothing.
/// </summary>
public static class SecretToken
{
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
