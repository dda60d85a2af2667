using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Marketplace.Matching.Webhooks;

/// <summary>Resolves a host name to its addresses; DNS in production, a fake in tests (a public-looking name that answers 127.0.0.1).</summary>
public interface IWebhookHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct);
}

/// <summary>The system resolver.</summary>
public sealed class DnsWebhookHostResolver : IWebhookHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Dns.GetHostAddressesAsync(host, ct);
}

/// <summary>What registration thinks of a webhook URL's host.</summary>
public enum WebhookTargetVerdict
{
    Allowed,
    /// <summary>user:password@ in the URL: it would be sent as a header to the receiver and kept in our logs.</summary>
    CarriesCredentials,
    /// <summary>A host written as 2130706433, 0x7f000001, 017700000001, 1.2.3.4. and the like: nobody means a public receiver that way.</summary>
    UnusualHost,
    /// <summary>Loopback, private, link-local, metadata … or a name that resolves (at least partly) to such an address.</summary>
    Inside,
    DoesNotResolve,
}

/// <summary>A delivery's connection was refused because the receiver's name resolved to an address <see cref="WebhookAddressRule"/> forbids.</summary>
public sealed class WebhookAddressRefusedException(string host)
    : Exception($"The webhook host '{host}' resolved to an address webhooks may not connect to.");

/// <summary>
/// Keeps firm-supplied webhook URLs outside Matching's own network: registration refuses hosts that point inside, and
/// the delivery client's connect callback resolves the host itself and connects only to an address it has just
/// checked, so a name that answers differently at delivery (DNS rebinding) still cannot reach inside.
/// </summary>
public sealed class WebhookTargetGuard(IWebhookHostResolver resolver, IOptions<WebhookOptions> options)
{
    /// <summary>Registration waits at most this long for DNS; a name that takes longer is treated as not resolving.</summary>
    public static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Names that by convention never leave the local machine or network, whatever DNS says today.</summary>
    private static readonly string[] InsideSuffixes = [".localhost", ".local", ".internal", ".localdomain", ".home.arpa"];

    private readonly WebhookAddressRule _rule = new(options.Value.WebhooksAllowLoopback);

    /// <summary>Checks a webhook URL's host at registration; resolves names (nothing connects).</summary>
    public async Task<WebhookTargetVerdict> CheckAsync(Uri url, CancellationToken ct)
    {
        if (url.UserInfo.Length > 0)
        {
            return WebhookTargetVerdict.CarriesCredentials;
        }
        switch (url.HostNameType)
        {
            case UriHostNameType.IPv4 or UriHostNameType.IPv6:
                // Uri has already turned 0x7f000001, 2130706433 or 0177.0.0.1 into 127.0.0.1: judge the address it will connect to.
                if (!_rule.Allows(IPAddress.Parse(url.Host.Trim('[', ']'))))
                {
                    return WebhookTargetVerdict.Inside;
                }
                return url.HostNameType == UriHostNameType.IPv4 && HostAsWritten(url) != url.Host ? WebhookTargetVerdict.UnusualHost : WebhookTargetVerdict.Allowed;
            case UriHostNameType.Dns:
                var name = url.IdnHost.TrimEnd('.').ToLowerInvariant();
                if (IsLocalName(name))
                {
                    return WebhookTargetVerdict.Inside;
                }
                if (LooksNumeric(name))
                {
                    return WebhookTargetVerdict.UnusualHost;
                }
                var addresses = await TryResolveAsync(name, ct);
                return addresses is null or [] ? WebhookTargetVerdict.DoesNotResolve
                    : addresses.All(_rule.Allows) ? WebhookTargetVerdict.Allowed : WebhookTargetVerdict.Inside;
            default:
                return WebhookTargetVerdict.UnusualHost;
        }
    }

    /// <summary>
    /// The addresses a delivery may connect to for <paramref name="host"/>, resolved now. Throws
    /// <see cref="WebhookAddressRefusedException"/> when any answer is forbidden: a name that mixes a public and an inside
    /// address is refused whole, as at registration.
    /// </summary>
    public async Task<IPAddress[]> AllowedAddressesAsync(string host, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await resolver.ResolveAsync(host, ct);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }
        if (!addresses.All(_rule.Allows))
        {
            throw new WebhookAddressRefusedException(host);
        }
        return addresses;
    }

    /// <summary>The delivery client's connect callback: connects to the checked addresses themselves, never to the name again.</summary>
    public async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken ct)
    {
        SocketException? last = null;
        foreach (var address in await AllowedAddressesAsync(endpoint.Host, ct))
        {
            var target = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(target, endpoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex; // the next address may answer
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last!;
    }

    /// <summary>The primary handler of the webhook client.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        // A redirect would send the delivery to an address registration never saw; a 3xx is a failed delivery instead.
        AllowAutoRedirect = false,
        // Through a proxy the connect callback would check the proxy's address, not the receiver's.
        UseProxy = false,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, ct),
    };

    private async Task<IPAddress[]?> TryResolveAsync(string name, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ResolveTimeout);
        try
        {
            return await resolver.ResolveAsync(name, timeout.Token).WaitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return null;
        }
    }

    /// <summary>"localhost", its subdomains, local-only suffixes, and single-label names (intranet shortcuts such as "metadata").</summary>
    private static bool IsLocalName(string name) =>
        name == "localhost" || !name.Contains('.') || InsideSuffixes.Any(suffix => name.EndsWith(suffix, StringComparison.Ordinal));

    /// <summary>A name whose last label is a number (1.2.3.4., 08.1.1.1, 0x7f.1): resolvers may read it as an address, and no public name ends so.</summary>
    private static bool LooksNumeric(string name)
    {
        var last = name[(name.LastIndexOf('.') + 1)..];
        return last.Length > 0 && (last.All(char.IsAsciiDigit) || last.StartsWith("0x", StringComparison.Ordinal));
    }

    /// <summary>The IPv4 host as the firm typed it (Uri keeps only the canonical form in Host).</summary>
    private static string HostAsWritten(Uri url)
    {
        var text = url.OriginalString.Trim();
        var start = text.IndexOf("://", StringComparison.Ordinal) + 3;
        var end = text.IndexOfAny(['/', '?', '#', '\\'], start);
        var authority = end < 0 ? text[start..] : text[start..end];
        var host = authority[(authority.LastIndexOf('@') + 1)..];
        var colon = host.IndexOf(':');
        return colon < 0 ? host : host[..colon];
    }
}
