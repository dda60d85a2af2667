using System.Collections.Frozen;
namespace Marketplace.ServiceDefaults;

/// <summary>
/// One password rule for the API and the portal: 12 to 128 characters, not a well-known password, not one character
/// or a keyboard run repeated. Length does most of the work; the list stops the guesses attackers try first.
/// </summary>
public static class PasswordRule
{
    public const int MinLength = 12;
    public const int MaxLength = 128;

    // The most common passwords of 12 characters or more in public breach corpora, and the shapes people pad to length.
    private static readonly FrozenSet<string> Common = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "123456789012", "1234567890123", "12345678901234", "123456789123", "1234567890qwerty", "qwertyuiop123", "qwertyuiopasdf",
        "qwertyuiopasdfghjkl", "qwerty123456", "qwerty1234567", "password1234", "password12345", "password123456", "password123!",
        "passw0rd1234", "p@ssw0rd1234", "p@ssword1234", "iloveyou1234", "1q2w3e4r5t6y", "1qaz2wsx3edc", "zaq12wsxcde3", "abc123456789",
        "abcdefghijkl", "abcdefg12345", "aaaaaaaaaaaa", "111111111111", "000000000000", "0123456789ab", "changeme1234", "welcome12345",
        "welcome123456", "letmein12345", "administrator", "administrator1", "admin1234567", "adminadmin123", "superman1234", "football1234",
        "baseball1234", "princess1234", "sunshine1234", "starwars1234", "trustno11234", "monkey123456", "dragon123456", "master123456",
        "michael12345", "jennifer1234", "computer1234", "internet1234", "marketplace1", "marketplace123", "correcthorse", "correcthorsebattery",
        "correcthorsebatterystaple", "mypassword123", "secretpassword", "passwordpassword", "password1password1", "nopassword123",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The sentence saying what is wrong, or null when the password will do.</summary>
    public static string? Problem(string? password)
    {
        if (password is null || password.Length < MinLength || password.Length > MaxLength)
        {
            return $"The password must be {MinLength} to {MaxLength} characters.";
        }
        if (Common.Contains(password) || password.Distinct().Count() < 5 || IsRun(password))
        {
            return "This password is too easy to guess: it is a well-known password or a simple pattern. Try a few unrelated words.";
        }
        return null;
    }

    /// <summary>"0123456789ab", "abcdefghijkl": each character one more than the one before, for most of the length.</summary>
    private static bool IsRun(string password)
    {
        var steps = 0;
        for (var i = 1; i < password.Length; i++)
        {
            steps += password[i] - password[i - 1] == 1 ? 1 : 0;
        }
        return steps >= password.Length * 3 / 4;
    }
}
