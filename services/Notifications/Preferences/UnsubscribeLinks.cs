using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Marketplace.ServiceDefaults;

namespace Marketplace.Notifications.Preferences;

/// <summary>
/// Unsubscribe tokens: "{member}.{kind}.{HMAC-SHA256}". Anyone holding the mail may stop that kind of mail for that
/// member without signing in, and nobody can make a token for another member or kind without the key.
/// </summary>
public sealed class UnsubscribeLinks
{
    private readonly byte[] _key;

    public UnsubscribeLinks(IOptions<NotificationsOptions> options, IHostEnvironment environment) =>
        _key = Encoding.UTF8.GetBytes(options.Value.UnsubscribeKey is { Length: > 0 } key ? key
            : LoadOrCreate(Path.GetFullPath(options.Value.UnsubscribeKeyFile!, environment.ContentRootPath)));

    public string TokenFor(Guid memberId, string kind) => $"{memberId:N}.{kind}.{Sign(memberId, kind)}";

    /// <summary>The member and kind a genuine token names; null for anything forged or malformed.</summary>
    public (Guid MemberId, string Kind)? Read(string? token)
    {
        var parts = token?.Split('.') ?? [];
        if (parts.Length != 3 || !Guid.TryParseExact(parts[0], "N", out var memberId) || parts[1].Length is 0 or > 64)
        {
            return null;
        }
        var expected = Encoding.ASCII.GetBytes(Sign(memberId, parts[1]));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[2])) ? (memberId, parts[1]) : null;
    }

    private string Sign(Guid memberId, string kind) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"unsubscribe:{memberId:N}:{kind}")));

    private static string LoadOrCreate(string path) =>
        SecretFile.ReadOrCreate(path, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))).Trim();
}
