namespace Marketplace.DemoSeed;

/// <summary>The public holidays a demo firm keeps, by where its clock is (none where the holiday package has no calendar).</summary>
public static class DemoHolidays
{
    private static readonly Dictionary<string, (string Country, string? Region)> ByZone = new()
    {
        ["America/Chicago"] = ("US", null), ["America/Denver"] = ("US", null), ["America/Los_Angeles"] = ("US", null),
        ["America/New_York"] = ("US", null), ["America/Toronto"] = ("CA", "ON"), ["America/Sao_Paulo"] = ("BR", null),
        ["Australia/Sydney"] = ("AU", "NSW"), ["Australia/Perth"] = ("AU", "WA"), ["Asia/Tokyo"] = ("JP", null),
        ["Europe/London"] = ("GB", "ENG"), ["Europe/Dublin"] = ("IE", null), ["Europe/Berlin"] = ("DE", "BE"),
        ["Europe/Madrid"] = ("ES", null), ["Europe/Paris"] = ("FR", null), ["Europe/Prague"] = ("CZ", null),
        ["Europe/Rome"] = ("IT", null), ["Europe/Stockholm"] = ("SE", null), ["Europe/Warsaw"] = ("PL", null),
    };

    public static string CountryOf(string zone) => ByZone.TryGetValue(zone, out var h) ? h.Country : "";

    public static string RegionOf(string zone) => ByZone.TryGetValue(zone, out var h) ? h.Region ?? "" : "";
}
