namespace Marketplace.Portal;

/// <summary>The zones the portal's pickers offer; the APIs take any IANA zone.</summary>
public static class Zones
{
    public static readonly string[] Common = ["UTC", "Europe/London", "Europe/Berlin", "Europe/Madrid", "America/New_York", "America/Chicago",
        "America/Denver", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Kolkata", "Asia/Singapore", "Australia/Sydney", "Pacific/Auckland"];
}
