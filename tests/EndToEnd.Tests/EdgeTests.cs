extern alias gateway;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Marketplace.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Shouldly;

namespace Marketplace.EndToEnd.Tests;

/// <summary>The front door on its own, in front of a stub that records what reaches it: edge authentication, rate limits, size limits, CORS, readiness, docs.</summary>
public sealed class EdgeTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _reached = new();
    private volatile bool _downstreamReady = true;
    private WebApplication _stub = null!;
    private ServiceFactory<gateway::Program> _gateway = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _stub = builder.Build();
        _stub.MapGet("/health/ready", () => _downstreamReady ? Results.Ok() : Results.StatusCode(503));
        _stub.MapGet("/openapi/v1.json", () => Results.Text("""{"openapi":"3.1.0","info":{"title":"stub","version":"1"},"paths":{}}""", "application/json"));
        _stub.Map("/{**path}", (HttpContext context) =>
        {
            _reached.Enqueue($"{context.Request.Method} {context.Request.Path}");
            return Results.Ok(new { reached = true });
        });
        await _stub.StartAsync();
        _gateway = new ServiceFactory<gateway::Program>(Settings());
        _client = _gateway.CreateClient();
    }

    /// <summary>The gateway's settings over the stub, and any extra for one test.</summary>
    private Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var stub = _stub.Urls.First() + "/";
        var settings = new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = TestKeys.SigningKeyPem,
            ["Gateway:MaxRequestBodyBytes"] = "1000",
            ["Gateway:CorsOrigins:0"] = "https://portal.example",
            ["Gateway:RateLimits:AnonymousBurst"] = "5",
            ["Gateway:RateLimits:AnonymousPerSecond"] = "1",
            ["Gateway:RateLimits:FirmBurst"] = "8",
            ["Gateway:RateLimits:FirmPerSecond"] = "1",
        };
        foreach (var cluster in new[] { "catalog", "network", "scheduling", "matching", "notifications", "portal" })
        {
            settings[$"ReverseProxy:Clusters:{cluster}:Destinations:d1:Address"] = stub;
        }
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }
        return settings;
    }

    /// <summary>A gateway on a real loopback socket (the connection's address matters here), with extra settings.</summary>
    private async Task<T> WithGatewayAsync<T>(Func<HttpClient, Task<T>> use, params (string Key, string Value)[] extra)
    {
        await using var factory = new ServiceFactory<gateway::Program>(Settings([("Gateway:RateLimits:SignInBurst", "3"), ("Gateway:RateLimits:SignInPerMinute", "1"), .. extra]));
        using var client = new HttpClient { BaseAddress = factory.StartOnLoopback() };
        return await use(client);
    }

    private static async Task<HttpStatusCode> SignInAsync(HttpClient client, string? token, string? forwardedFor = null)
    {
        using var request = token is null ? new HttpRequestMessage(HttpMethod.Post, "/connect/token") : Accounts.Authorized(HttpMethod.Post, "/connect/token", token);
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = "x@y.example", ["password"] = "guess" });
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    [Fact]
    public async Task Sign_ins_are_limited_per_address_whatever_token_comes_with_them_and_forwarded_addresses_count_only_from_trusted_proxies()
    {
        // A free account's token buys no extra guesses: the sign-in bucket is the address's, and the firm's own bucket is untouched.
        var token = Firm();
        var statuses = await WithGatewayAsync(async client =>
        {
            var signIns = new List<HttpStatusCode>();
            for (var i = 0; i < 5; i++)
            {
                signIns.Add(await SignInAsync(client, i % 2 == 0 ? token : null));
            }
            signIns.Add(await client.StatusAsync(HttpMethod.Post, "/api/network/firms/", null, new { name = "x" })); // registration, trailing slash or not
            signIns.Add(await client.StatusAsync(HttpMethod.Get, "/api/network/me", token));
            return signIns;
        });
        statuses.ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests,
            HttpStatusCode.TooManyRequests, HttpStatusCode.OK]);

        // Nobody trusted: a made-up X-Forwarded-For does not buy a fresh bucket.
        var spoofed = await WithGatewayAsync(async client =>
        {
            var answers = new List<HttpStatusCode>();
            for (var i = 1; i <= 5; i++)
            {
                answers.Add(await SignInAsync(client, null, $"203.0.113.{i}"));
            }
            return answers;
        });
        spoofed.ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests]);

        // The portal (on loopback here) is trusted: each person it forwards has a bucket of their own.
        var forwarded = await WithGatewayAsync(async client =>
        {
            var answers = new List<HttpStatusCode>();
            foreach (var person in new[] { "203.0.113.7", "203.0.113.8" })
            {
                for (var i = 0; i < 4; i++)
                {
                    answers.Add(await SignInAsync(client, null, person));
                }
            }
            return answers;
        }, ("Gateway:TrustedProxies:0", "127.0.0.1"));
        forwarded.Count(s => s == HttpStatusCode.OK).ShouldBe(6);
        forwarded.Count(s => s == HttpStatusCode.TooManyRequests).ShouldBe(2);
    }

    [Fact]
    public async Task A_service_that_cannot_be_reached_is_a_503_problem_with_Retry_After_not_a_bare_502()
    {
        // Matching's address is a closed loopback port: what a killed service looks like to the gateway.
        var (status, retryAfter, type, body) = await WithGatewayAsync(async client =>
        {
            using var response = await client.SendAsync(Accounts.Authorized(HttpMethod.Get, "/api/matching/referrals", Firm()), TestContext.Current.CancellationToken);
            return (response.StatusCode, response.Headers.RetryAfter?.Delta, response.Content.Headers.ContentType?.MediaType,
                await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }, ("ReverseProxy:Clusters:matching:Destinations:d1:Address", "http://127.0.0.1:9/"));

        status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        retryAfter.ShouldBe(TimeSpan.FromSeconds(5));
        type.ShouldBe("application/problem+json");
        body.ShouldNotContain("127.0.0.1");
    }

    [Fact]
    public async Task The_gateways_metrics_are_for_the_platforms_operator_only()
    {
        (await _client.StatusAsync(HttpMethod.Get, "/metrics", null)).ShouldBe(HttpStatusCode.Unauthorized);
        (await _client.StatusAsync(HttpMethod.Get, "/metrics", Firm())).ShouldBe(HttpStatusCode.Forbidden);
        (await _client.StatusAsync(HttpMethod.Get, "/metrics", TestTokens.For(Guid.NewGuid(), "Admin"))).ShouldBe(HttpStatusCode.OK);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _stub.DisposeAsync();
    }

    private static string Firm() => TestTokens.For(Guid.NewGuid(), "Owner");

    [Fact]
    public async Task Protected_routes_are_refused_at_the_edge_and_public_ones_pass_without_a_token()
    {
        foreach (var url in new[] { "/api/matching/referrals", "/api/network/me", "/api/scheduling/availability?skill=x", "/api/catalog/partners/00000000-0000-0000-0000-000000000001/skills" })
        {
            var (status, body) = await _client.SendAsync(HttpMethod.Get, url, null);
            status.ShouldBe(HttpStatusCode.Unauthorized, url);
            body.ShouldContain("\"status\":401");
        }
        (await _client.StatusAsync(HttpMethod.Post, "/api/catalog/skills", null, new { name = "x" })).ShouldBe(HttpStatusCode.Unauthorized); // taxonomy changes need a token
        _reached.ShouldBeEmpty();

        (await _client.StatusAsync(HttpMethod.Get, "/api/catalog/skills?q=m365", null)).ShouldBe(HttpStatusCode.OK);
        (await _client.StatusAsync(HttpMethod.Post, "/api/network/firms", null, new { name = "New firm" })).ShouldBe(HttpStatusCode.OK);
        (await _client.StatusAsync(HttpMethod.Get, "/status/some-share-token", null)).ShouldBe(HttpStatusCode.OK);
        (await _client.StatusAsync(HttpMethod.Get, "/api/network/me", Firm())).ShouldBe(HttpStatusCode.OK);
        _reached.ShouldBe(["GET /api/catalog/skills", "POST /api/network/firms", "GET /status/some-share-token", "GET /api/network/me"]);
        (await _client.StatusAsync(HttpMethod.Get, "/api/network/me", TestTokens.Forged(Guid.NewGuid(), "Owner"))).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Anonymous_callers_are_limited_per_address_and_firms_per_firm_with_a_429_that_says_when_to_retry()
    {
        var anonymous = new List<HttpResponseMessage>();
        for (var i = 0; i < 7; i++)
        {
            anonymous.Add(await _client.GetAsync("/api/catalog/skills?q=az", TestContext.Current.CancellationToken));
        }
        anonymous.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(5);
        var refused = anonymous.Last();
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeGreaterThanOrEqualTo(1);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        anonymous.ForEach(r => r.Dispose());

        // A signed-in firm has a bucket of its own, and another firm another one.
        var (first, second) = (Firm(), Firm());
        var firstStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            firstStatuses.Add(await _client.StatusAsync(HttpMethod.Get, "/api/network/me", first));
        }
        firstStatuses.Count(s => s == HttpStatusCode.OK).ShouldBe(8);
        firstStatuses.Last().ShouldBe(HttpStatusCode.TooManyRequests);
        (await _client.StatusAsync(HttpMethod.Get, "/api/network/me", second)).ShouldBe(HttpStatusCode.OK);
        (await _client.StatusAsync(HttpMethod.Get, "/health/ready", null)).ShouldBe(HttpStatusCode.OK); // never limited
    }

    [Fact]
    public async Task Calendar_feeds_pass_without_a_token_for_reads_only_and_share_the_anonymous_callers_bucket()
    {
        // Calendar apps send no credentials: the secret address is all; a write to it never reaches Scheduling.
        (await _client.StatusAsync(HttpMethod.Get, "/feeds/some-feed-secret.ics", null)).ShouldBe(HttpStatusCode.OK);
        (await _client.StatusAsync(HttpMethod.Head, "/feeds/some-feed-secret.ics", null)).ShouldBe(HttpStatusCode.OK);
        (await _client.SendAsync(HttpMethod.Post, "/feeds/some-feed-secret.ics", null, new { x = 1 })).Status.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed);
        (await _client.SendAsync(HttpMethod.Delete, "/feeds/some-feed-secret.ics", null)).Status.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed);
        _reached.ShouldBe(["GET /feeds/some-feed-secret.ics", "HEAD /feeds/some-feed-secret.ics"]);

        // Guessing addresses costs what any anonymous caller's requests cost: the address's bucket (burst 5 here) runs out.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add(await _client.StatusAsync(HttpMethod.Get, $"/feeds/guess-{i}.ics", null));
        }
        statuses.ShouldContain(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_unread_with_a_413_problem()
    {
        using var request = Accounts.Authorized(HttpMethod.Post, "/api/matching/referrals", Firm());
        request.Content = new StringContent(new string('x', 2000), Encoding.UTF8, "application/json");
        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        _reached.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_portals_origin_gets_CORS_answers_and_others_do_not()
    {
        foreach (var (origin, allowed) in new[] { ("https://portal.example", true), ("https://evil.example", false) })
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/matching/referrals");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
            using var response = await _client.SendAsync(preflight, TestContext.Current.CancellationToken);
            response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values).ShouldBe(allowed, origin);
            if (allowed)
            {
                values!.Single().ShouldBe(origin);
            }
        }
    }

    [Fact]
    public async Task Readiness_follows_the_services_behind_and_docs_list_every_service()
    {
        async Task<HttpStatusCode> Health(string path)
        {
            using var response = await _client.GetAsync(path, TestContext.Current.CancellationToken);
            return response.StatusCode;
        }
        (await Health("/health/ready")).ShouldBe(HttpStatusCode.OK);
        _downstreamReady = false;
        (await Health("/health/ready")).ShouldBe(HttpStatusCode.ServiceUnavailable); // health answers are plain text, for probes
        (await Health("/health/live")).ShouldBe(HttpStatusCode.OK);

        var (status, document) = await _client.SendAsync(HttpMethod.Get, "/openapi/scheduling.json", null);
        (status, document).ShouldBe((HttpStatusCode.OK, """{"openapi":"3.1.0","info":{"title":"stub","version":"1"},"paths":{}}"""));
        var page = await _client.GetStringAsync("/docs/", TestContext.Current.CancellationToken);
        foreach (var service in new[] { "catalog", "network", "scheduling", "matching", "notifications" })
        {
            page.ShouldContain($"{service}.json", Case.Sensitive, page[^Math.Min(page.Length, 3000)..]);
        }
    }
}
