using System.Net;
using System.Net.Sockets;

namespace Marketplace.Matching.Webhooks;

/// <summary>
/// Which IP addresses a webhook may connect to: public unicast only. A firm supplies the URL, so without this rule
/// Matching would connect for it to its own loopback services, the private network it runs in, or the cloud metadata
/// endpoint. The same rule answers at registration and, again, for every address a delivery connects to.
/// </summary>
public sealed class WebhookAddressRule(bool allowLoopback)
{
    /// <summary>IPv4 ranges nothing public lives on (RFC 6890 special-purpose registry and friends).</summary>
    private static readonly IPNetwork[] ForbiddenV4 =
    [
        IPNetwork.Parse("0.0.0.0/8"),        // "this network", incl. the unspecified 0.0.0.0
        IPNetwork.Parse("10.0.0.0/8"),       // RFC 1918
        IPNetwork.Parse("100.64.0.0/10"),    // carrier-grade NAT
        IPNetwork.Parse("127.0.0.0/8"),      // loopback
        IPNetwork.Parse("169.254.0.0/16"),   // link-local, incl. the metadata endpoint 169.254.169.254
        IPNetwork.Parse("172.16.0.0/12"),    // RFC 1918
        IPNetwork.Parse("192.0.0.0/24"),     // IETF protocol assignments
        IPNetwork.Parse("192.0.2.0/24"),     // documentation
        IPNetwork.Parse("192.88.99.0/24"),   // old 6to4 relay anycast
        IPNetwork.Parse("192.168.0.0/16"),   // RFC 1918
        IPNetwork.Parse("198.18.0.0/15"),    // benchmarking
        IPNetwork.Parse("198.51.100.0/24"),  // documentation
        IPNetwork.Parse("203.0.113.0/24"),   // documentation
        IPNetwork.Parse("224.0.0.0/4"),      // multicast
        IPNetwork.Parse("240.0.0.0/4"),      // reserved, incl. the broadcast 255.255.255.255
    ];

    /// <summary>Only global unicast is public in IPv6; everything else (::, ::1, fc00::/7, fe80::/10, ff00::/8 …) lies outside it.</summary>
    private static readonly IPNetwork GlobalUnicastV6 = IPNetwork.Parse("2000::/3");

    /// <summary>Parts of global unicast that are not public receivers either.</summary>
    private static readonly IPNetwork[] ForbiddenV6 =
    [
        IPNetwork.Parse("2001::/23"),     // IETF protocol assignments: Teredo, benchmarking, ORCHID
        IPNetwork.Parse("2001:db8::/32"), // documentation
        IPNetwork.Parse("3fff::/20"),     // documentation
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>Whether a webhook may connect to <paramref name="address"/>.</summary>
    public bool Allows(IPAddress address)
    {
        // An IPv6 form that carries an IPv4 address reaches that IPv4 address, so it is judged as one:
        // ::ffff:127.0.0.1 is loopback, 64:ff9b::a00:1 is 10.0.0.1 through NAT64.
        if (EmbeddedIPv4(address) is { } v4)
        {
            return Allows(v4);
        }
        if (allowLoopback && IPAddress.IsLoopback(address))
        {
            return true;
        }
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => !ForbiddenV4.Any(range => range.Contains(address)),
            AddressFamily.InterNetworkV6 => GlobalUnicastV6.Contains(address) && !ForbiddenV6.Any(range => range.Contains(address)),
            _ => false,
        };
    }

    /// <summary>The IPv4 address an IPv6 address stands for (mapped, compatible, SIIT, NAT64, 6to4), or null.</summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }
        var bytes = address.GetAddressBytes();
        var firstEightZero = bytes.AsSpan(0, 8).IndexOfAnyExcept((byte)0) < 0;
        // ::a.b.c.d (IPv4-compatible, deprecated) and ::ffff:0:a.b.c.d (SIIT); :: and ::1 stay IPv6.
        var compatible = firstEightZero && bytes.AsSpan(8, 4).IndexOfAnyExcept((byte)0) < 0 && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.IPv6Loopback);
        var siit = firstEightZero && bytes[8] == 0xff && bytes[9] == 0xff && bytes[10] == 0 && bytes[11] == 0;
        if (compatible || siit || Nat64.Contains(address))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }
        return SixToFour.Contains(address) ? new IPAddress(bytes.AsSpan(2, 4)) : null;
    }
}
