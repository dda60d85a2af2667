namespace Marketplace.Portal;

/// <summary>The zones the portal's pickers offer; the APIs take any IANA zone.</summary>
public static class Zones
{
    public static readonly string[] Common = ["UTC", "Europe/London", "Europe/Berlin", "Europe/Madrid", "America/New_York", "America/Chicago",
        "America/Denver", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Kolkata", "Asia/Singapore", "Australia/Sydney", "Pacific/Auckland"];

    /// <summary>
    /// A zone worth asking the APIs for: a common one, or an IANA id (a browser's own zone, "Region/City") this machine knows;
    /// anything else is left out rather than sent on.
    /// </summary>
    public static bool IsKnown(string? zone) =>
        zone is not null && (Common.Contains(zone) || zone.Length <= 64 && zone.Contains('/') && zone.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+')
            && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _));

    /// <summary>Today where the zone's clocks are (UTC's today for a zone this machine does not know).</summary>
    public static DateOnly Today(string? zone, DateTimeOffset now) =>
        DateOnly.FromDateTime(zone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var found) ? TimeZoneInfo.ConvertTime(now, found).DateTime : now.UtcDateTime);
}
