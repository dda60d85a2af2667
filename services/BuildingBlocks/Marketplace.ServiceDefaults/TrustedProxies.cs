using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Marketplace.ServiceDefaults;

public sealed class TrustedProxyOptions
{
    /// <summary>Addresses or CIDR networks whose X-Forwarded-For is believed; empty: nobody's.</summary>
    public List<string> TrustedProxies { get; init; } = [];
}

/// <summary>
/// Forwarded headers are believed only from the proxies named in <c>{section}:TrustedProxies</c> (addresses or CIDR
/// networks); from anyone else they are ignored, so a caller cannot choose the address its limits count against.
/// One hop: each trusted proxy vouches for the address right before it.
/// </summary>
public static class TrustedProxies
{
    public static IHostApplicationBuilder AddTrustedProxies(this IHostApplicationBuilder builder, string section)
    {
        builder.Services.AddOptions<TrustedProxyOptions>().BindConfiguration(section)
            .Validate(o => o.TrustedProxies.All(IsValid), $"{section}:TrustedProxies must be IP addresses or CIDR networks.").ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<Microsoft.Extensions.Options.IOptions<TrustedProxyOptions>>((f, trusted) =>
        {
            // Empty lists would mean "trust every proxy" to the middleware: with nobody configured, forwarded headers are off.
            f.ForwardedHeaders = trusted.Value.TrustedProxies.Count == 0 ? ForwardedHeaders.None : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default: here only what is configured (both network lists, old and new).
            f.KnownProxies.Clear();
            f.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // the obsolete list still holds the loopback default
            f.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
            foreach (var entry in trusted.Value.TrustedProxies)
            {
                if (entry.Contains('/'))
                {
                    f.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
                }
                else
                {
                    f.KnownProxies.Add(IPAddress.Parse(entry));
                }
            }
        });
        return builder;
    }

    private static bool IsValid(string entry) => entry.Contains('/') ? System.Net.IPNetwork.TryParse(entry, out _) : IPAddress.TryParse(entry, out _);
}
