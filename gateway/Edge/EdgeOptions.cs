namespace Marketplace.Gateway.Edge;

/// <summary>The front door's limits, from the "Gateway" section.</summary>
public sealed class EdgeOptions
{
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
    /// <summary>Path and query; Kestrel's own request-line limit is set above it so this answer, with a body, comes first.</summary>
    public int MaxUrlLength { get; set; } = 4096;
    public List<string> CorsOrigins { get; set; } = [];
    public RateLimits RateLimits { get; set; } = new();
}

/// <summary>Token buckets: per firm for signed-in callers, per IP address for anonymous ones and for every sign-in.</summary>
public sealed class RateLimits
{
    /// <summary>Sign-in, registration and invitation acceptance, per caller address whatever token is attached (guessing passwords is per address here and per account in Network).</summary>
    public int SignInPerMinute { get; set; } = 10;
    public int SignInBurst { get; set; } = 10;
    public int FirmPerSecond { get; set; } = 100;
    public int FirmBurst { get; set; } = 200;
    public int AnonymousPerSecond { get; set; } = 20;
    public int AnonymousBurst { get; set; } = 40;
}
