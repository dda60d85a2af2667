using System.Net;
using System.Net.Sockets;
using Marketplace.Matching.Webhooks;
using Microsoft.Extensions.Options;
using Shouldly;

namespace Marketplace.Matching.Tests;

/// <summary>
/// The address rule and the guard without a web host. Nothing here opens a socket to anything but loopback: refusals
/// are asked of <see cref="WebhookTargetGuard.AllowedAddressesAsync"/> and <see cref="WebhookTargetGuard.CheckAsync"/>,
/// which never connect, and the one connect test listens on 127.0.0.1 itself.
/// </summary>
public sealed class WebhookAddressRuleTests
{
    private static readonly WebhookAddressRule Strict = new(allowLoopback: false);

    [Theory]
    // loopback and unspecified
    [InlineData("127.0.0.1")] [InlineData("127.255.255.254")] [InlineData("::1")] [InlineData("0.0.0.0")] [InlineData("::")] [InlineData("0.1.2.3")]
    // RFC 1918
    [InlineData("10.0.0.1")] [InlineData("10.255.255.255")] [InlineData("172.16.0.1")] [InlineData("172.31.255.254")] [InlineData("192.168.1.1")]
    // link-local and cloud metadata
    [InlineData("169.254.169.254")] [InlineData("169.254.0.1")] [InlineData("fe80::1")] [InlineData("febf:ffff::1")] [InlineData("fd00:ec2::254")]
    // CGNAT, unique-local, site-local
    [InlineData("100.64.0.1")] [InlineData("100.127.255.254")] [InlineData("fc00::1")] [InlineData("fdff:ffff::1")] [InlineData("fec0::1")]
    // multicast, broadcast, reserved
    [InlineData("224.0.0.1")] [InlineData("239.255.255.250")] [InlineData("ff02::1")] [InlineData("ff0e::1")] [InlineData("255.255.255.255")] [InlineData("240.0.0.1")]
    // IETF assignments, benchmarking, documentation, Teredo
    [InlineData("192.0.0.8")] [InlineData("198.18.0.1")] [InlineData("198.19.255.254")] [InlineData("192.0.2.1")] [InlineData("198.51.100.1")]
    [InlineData("203.0.113.1")] [InlineData("2001:db8::1")] [InlineData("2001::1")] [InlineData("3fff::1")]
    // IPv6 forms that carry an inside IPv4 address: mapped, compatible, SIIT, NAT64, 6to4
    [InlineData("::ffff:127.0.0.1")] [InlineData("::ffff:10.0.0.1")] [InlineData("::ffff:169.254.169.254")] [InlineData("::ffff:192.168.0.1")]
    [InlineData("::ffff:0.0.0.0")] [InlineData("::127.0.0.1")] [InlineData("::10.0.0.1")] [InlineData("::ffff:0:127.0.0.1")]
    [InlineData("64:ff9b::7f00:1")] [InlineData("64:ff9b::a9fe:a9fe")] [InlineData("2002:7f00:1::1")] [InlineData("2002:a00:1::")]
    public void Forbids_addresses_inside(string address) => Strict.Allows(IPAddress.Parse(address)).ShouldBeFalse(address);

    [Theory]
    [InlineData("8.8.8.8")] [InlineData("93.184.215.14")] [InlineData("11.0.0.1")] [InlineData("223.255.255.254")]
    // just outside the neighbouring ranges
    [InlineData("172.15.255.255")] [InlineData("172.32.0.1")] [InlineData("100.63.255.255")] [InlineData("100.128.0.1")] [InlineData("169.253.255.255")]
    [InlineData("192.169.0.1")] [InlineData("198.17.255.255")] [InlineData("198.20.0.1")]
    [InlineData("2606:4700:4700::1111")] [InlineData("2a00:1450:4001:80b::200e")]
    [InlineData("::ffff:8.8.8.8")] [InlineData("64:ff9b::808:808")] [InlineData("2002:808:808::1")]
    public void Allows_public_addresses(string address) => Strict.Allows(IPAddress.Parse(address)).ShouldBeTrue(address);

    [Fact]
    public void The_loopback_setting_opens_loopback_and_nothing_else()
    {
        var rule = new WebhookAddressRule(allowLoopback: true);
        foreach (var loopback in new[] { "127.0.0.1", "127.5.6.7", "::1", "::ffff:127.0.0.1" })
        {
            rule.Allows(IPAddress.Parse(loopback)).ShouldBeTrue(loopback);
        }
        foreach (var inside in new[] { "0.0.0.0", "::", "10.0.0.1", "192.168.0.1", "169.254.169.254", "fd00:ec2::254", "fe80::1", "::ffff:10.0.0.1" })
        {
            rule.Allows(IPAddress.Parse(inside)).ShouldBeFalse(inside);
        }
    }

    private static WebhookTargetGuard Guard(IWebhookHostResolver resolver, bool allowLoopback = false) =>
        new(resolver, Options.Create(new WebhookOptions { WebhooksAllowLoopback = allowLoopback }));

    [Theory]
    [InlineData("https://127.0.0.1:9443/", WebhookTargetVerdict.Inside)]
    [InlineData("https://localhost:5102/", WebhookTargetVerdict.Inside)]
    [InlineData("https://LOCALHOST./", WebhookTargetVerdict.Inside)]
    [InlineData("https://[::1]:5103/", WebhookTargetVerdict.Inside)]
    [InlineData("https://0x7f000001:15673/", WebhookTargetVerdict.Inside)]
    [InlineData("https://2130706433/", WebhookTargetVerdict.Inside)]
    [InlineData("https://017700000001/", WebhookTargetVerdict.Inside)]
    [InlineData("https://127.1/", WebhookTargetVerdict.Inside)]
    [InlineData("https://169.254.169.254/latest/meta-data/", WebhookTargetVerdict.Inside)]
    [InlineData("https://10.0.0.1/", WebhookTargetVerdict.Inside)]
    [InlineData("https://[::ffff:127.0.0.1]/", WebhookTargetVerdict.Inside)]
    [InlineData("https://[fd00:ec2::254]/", WebhookTargetVerdict.Inside)]
    [InlineData("https://app.localhost/", WebhookTargetVerdict.Inside)]
    [InlineData("https://printer.local/", WebhookTargetVerdict.Inside)]
    [InlineData("https://metadata.google.internal/", WebhookTargetVerdict.Inside)]
    [InlineData("https://metadata/", WebhookTargetVerdict.Inside)]
    [InlineData("https://inside.example.com/", WebhookTargetVerdict.Inside)]
    [InlineData("https://private.example.com/", WebhookTargetVerdict.Inside)]
    [InlineData("https://mixed.example.com/", WebhookTargetVerdict.Inside)]
    [InlineData("https://user:secret@public.example.com/", WebhookTargetVerdict.CarriesCredentials)]
    [InlineData("https://134744072/", WebhookTargetVerdict.UnusualHost)] // 8.8.8.8, but nobody writes a public receiver so
    [InlineData("https://8.8.8.8./", WebhookTargetVerdict.UnusualHost)]
    [InlineData("https://08.8.8.8/", WebhookTargetVerdict.UnusualHost)]
    [InlineData("https://nowhere.example.com/", WebhookTargetVerdict.DoesNotResolve)]
    [InlineData("https://public.example.com/hooks", WebhookTargetVerdict.Allowed)]
    [InlineData("https://8.8.8.8/hooks", WebhookTargetVerdict.Allowed)]
    [InlineData("https://[2606:4700:4700::1111]/hooks", WebhookTargetVerdict.Allowed)]
    public async Task Registration_judges_the_host(string url, WebhookTargetVerdict expected)
    {
        var resolver = new FakeWebhookResolver()
            .Answer("inside.example.com", "127.0.0.1")
            .Answer("private.example.com", "10.0.0.1")
            .Answer("mixed.example.com", "93.184.215.14", "10.0.0.1")
            .Answer("public.example.com", "93.184.215.14");
        (await Guard(resolver).CheckAsync(new Uri(url), TestContext.Current.CancellationToken)).ShouldBe(expected, url);
    }

    [Fact]
    public async Task Names_that_point_inside_by_convention_are_never_looked_up()
    {
        var resolver = new FakeWebhookResolver();
        foreach (var url in new[] { "https://localhost/", "https://a.localhost/", "https://x.local/", "https://metadata.google.internal/", "https://127.0.0.1/" })
        {
            (await Guard(resolver).CheckAsync(new Uri(url), TestContext.Current.CancellationToken)).ShouldBe(WebhookTargetVerdict.Inside, url);
        }
        resolver.Asked.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("127.0.0.1")] [InlineData("10.0.0.1")] [InlineData("169.254.169.254")] [InlineData("fd00:ec2::254")] [InlineData("::ffff:127.0.0.1")]
    [InlineData("93.184.215.14", "192.168.0.10")]
    public async Task Delivery_refuses_a_name_that_now_resolves_inside(params string[] answer)
    {
        var resolver = new FakeWebhookResolver().Answer("hooks.example.com", answer);
        await Should.ThrowAsync<WebhookAddressRefusedException>(() => Guard(resolver).AllowedAddressesAsync("hooks.example.com", TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("127.0.0.1")] [InlineData("169.254.169.254")] [InlineData("::1")] [InlineData("10.0.0.1")]
    public async Task Delivery_refuses_an_inside_address_written_in_the_url(string literal) =>
        await Should.ThrowAsync<WebhookAddressRefusedException>(() => Guard(new FakeWebhookResolver()).AllowedAddressesAsync(literal, TestContext.Current.CancellationToken));

    [Fact]
    public async Task The_connect_callback_refuses_a_rebound_name_before_any_connection()
    {
        var ct = TestContext.Current.CancellationToken;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var resolver = new FakeWebhookResolver().Answer("hooks.example.com", "127.0.0.1");

        await Should.ThrowAsync<WebhookAddressRefusedException>(async () => await Guard(resolver).ConnectAsync(new DnsEndPoint("hooks.example.com", port), ct));
        listener.Pending().ShouldBeFalse("the guard connected before it refused");

        // With loopback allowed the same callback connects, to the address it checked.
        await using var stream = await Guard(resolver, allowLoopback: true).ConnectAsync(new DnsEndPoint("hooks.example.com", port), ct);
        using var accepted = await listener.AcceptTcpClientAsync(ct);
        ((IPEndPoint)accepted.Client.RemoteEndPoint!).Address.ShouldBe(IPAddress.Loopback);
    }

    [Fact]
    public void The_delivery_client_follows_no_redirect_and_uses_no_proxy()
    {
        using var handler = Guard(new FakeWebhookResolver()).CreateHandler();
        handler.AllowAutoRedirect.ShouldBeFalse();
        handler.UseProxy.ShouldBeFalse();
        handler.ConnectCallback.ShouldNotBeNull();
    }
}
