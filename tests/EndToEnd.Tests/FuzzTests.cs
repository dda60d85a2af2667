using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Marketplace.Testing;
using Shouldly;

namespace Marketplace.EndToEnd.Tests;

/// <summary>
/// A bounded, seeded fuzz run through the gateway against every service: broken and mistyped JSON, huge bodies,
/// bad ids and query values, wrong content types, and missing, expired, forged or garbage tokens. Nothing may
/// answer 5xx, and every error must be problem details.
/// </summary>
[Collection(MarketplaceCollection.Name)]
public sealed class FuzzTests(MarketplaceFixture system)
{
    private const int Requests = 10_000;
    private static readonly Guid SomeId = Guid.Parse("0193a1b2-0000-7000-8000-000000000042");

    private static readonly (string Method, string Path)[] Routes =
    [
        ("GET", "/api/catalog/skills?q={q}&limit={n}"), ("GET", "/api/catalog/skills/{id}"), ("GET", "/api/catalog/categories"),
        ("POST", "/api/catalog/skills"), ("PUT", "/api/catalog/partners/{guid}/skills"), ("GET", "/api/catalog/partners/{guid}/skills"),
        ("GET", "/api/catalog/demand?weeks={n}"),
        ("POST", "/api/network/firms"), ("PUT", "/api/network/firms/{guid}"), ("GET", "/api/network/firms/{guid}"), ("GET", "/api/network/me"),
        ("POST", "/api/network/partnerships"), ("POST", "/api/network/partnerships/{guid}/accept"), ("PUT", "/api/network/partnerships/{guid}/agreement"),
        ("POST", "/api/network/ratings"), ("POST", "/api/network/invitations/accept"), ("GET", "/api/network/directory?skill={q}&minLevel={n}"),
        ("POST", "/connect/token"),
        ("PUT", "/api/scheduling/engineers/{guid}/capacity"), ("GET", "/api/scheduling/engineers/{guid}/weeks?from={q}&weeks={n}"),
        ("POST", "/api/scheduling/engineers/{guid}/time-off"), ("POST", "/api/scheduling/holds"), ("POST", "/api/scheduling/holds/{guid}/confirm"),
        ("DELETE", "/api/scheduling/holds/{guid}"), ("GET", "/api/scheduling/availability?skill={q}&hoursPerWeek={n}&effortHours={n}&notBefore={q}&firmIds={id}"),
        ("GET", "/api/scheduling/availability/answer?skill={q}&hoursPerWeek={n}&effortHours={n}&tz={q}"),
        ("POST", "/api/matching/referrals"), ("GET", "/api/matching/referrals/{guid}"), ("GET", "/api/matching/referrals/{guid}/candidates"),
        ("POST", "/api/matching/referrals/{guid}/confirm"), ("POST", "/api/matching/referrals/{guid}/complete"), ("POST", "/api/matching/referrals/{guid}/cancel"),
        ("GET", "/api/matching/offers"), ("POST", "/api/matching/offers/{guid}/accept"), ("POST", "/api/matching/offers/{guid}/decline"),
        ("GET", "/api/matching/offers/{guid}/questions"), ("POST", "/api/matching/offers/{guid}/questions"),
        ("GET", "/api/matching/offers/{guid}/questions/{guid}"), ("POST", "/api/matching/offers/{guid}/questions/{guid}/answer"),
        ("POST", "/api/matching/offers/{guid}/extend"), ("GET", "/api/matching/referrals/{guid}/offers"),
        ("POST", "/api/matching/referrals/{guid}/share-links"), ("GET", "/status/{q}"), ("POST", "/api/matching/webhooks"), ("GET", "/api/matching/fees"),
        ("POST", "/api/network/partnerships/{guid}/agreement/{n}/accept"), ("POST", "/api/network/partnerships/{guid}/agreement/{n}/reject"),
        ("POST", "/api/matching/fees/{guid}/confirm"), ("POST", "/api/matching/fees/{guid}/dispute"), ("POST", "/api/matching/fees/{guid}/settle"),
        ("GET", "/api/matching/fees/export.csv?month={q}"), ("GET", "/api/matching/fees/disputes"),
        ("GET", "/api/matching/availability-links"), ("DELETE", "/api/matching/availability-links/{guid}"), ("GET", "/api/matching/referrals/{guid}/timeline"),
        ("GET", "/api/catalog/certification-reviews?status={q}"), ("POST", "/api/catalog/certification-reviews/{guid}/approve"),
        ("POST", "/api/catalog/certification-reviews/{guid}/reject"),
        ("POST", "/api/scheduling/feeds"), ("GET", "/api/scheduling/feeds"), ("GET", "/api/scheduling/feeds/{guid}"), ("DELETE", "/api/scheduling/feeds/{guid}"),
        ("GET", "/feeds/{q}.ics"), ("GET", "/status/{q}/calendar.ics"),
        ("POST", "/api/matching/referrals/{guid}/next-wave"), ("POST", "/api/matching/referrals/{guid}/repost"), ("GET", "/api/matching/offers/counts"),
        ("POST", "/api/matching/offers/read"), ("POST", "/api/matching/availability-links"), ("GET", "/availability/{q}?tz={q}"),
        ("GET", "/api/scheduling/capacity-grid?from={q}&weeks={n}"),
        ("GET", "/api/nowhere/{q}"),
        // The portal's pages: without a cookie they send people to sign in; forms refuse posts without their antiforgery token.
        ("GET", "/portal/status/{q}"), ("GET", "/portal/availability/{q}?tz={q}"), ("GET", "/portal/referrals/{guid}"), ("GET", "/portal/join?token={q}"),
        ("POST", "/portal/sign-in"), ("POST", "/portal/register"), ("POST", "/portal/referrals/new"), ("POST", "/portal/inbox?handler=Accept&offerId={guid}"),
        ("GET", "/portal/partnerships?skill={q}"), ("GET", "/portal/calendar-feeds"), ("POST", "/portal/calendar-feeds?handler=Revoke&id={guid}"),
        ("POST", "/portal/inbox?handler=Ask&offerId={guid}"), ("POST", "/portal/referrals/{guid}?handler=Extend&offerId={guid}"),
        ("POST", "/portal/inbox?handler=Decline&offerId={guid}"), ("POST", "/portal/referrals/{guid}?handler=NextWave"),
        ("POST", "/portal/referrals/{guid}?handler=Repost"), ("GET", "/portal/capacity?from={q}"),
        ("GET", "/portal/account/verify?token={q}"), ("GET", "/portal/account/reset?token={q}"), ("GET", "/portal/account/unsubscribed?token={q}"),
        ("GET", "/portal/account/notifications"), ("POST", "/portal/account/verify"), ("POST", "/portal/account/reset"), ("POST", "/portal/account/forgot"),
        ("POST", "/portal/account/verification"), ("POST", "/api/network/account/verify"), ("POST", "/api/network/account/password-reset"),
        ("POST", "/api/network/account/password-reset/complete"), ("GET", "/api/notifications/unsubscribe?token={q}"), ("GET", "/api/notifications/preferences"),
    ];

    private static readonly string[] Bodies =
    [
        "{", "[]", "null", "\"text\"", "42", "{\"summary\":123,\"skills\":\"sql\"}", "{\"effortHours\":\"lots\",\"hoursPerWeek\":1e999}",
        "{\"name\":null,\"hoursPerWeek\":-5}", "{\"skills\":[{\"skillId\":null,\"minLevel\":\"high\"}]}", "{\"earliestStart\":\"31/02/2026\"}",
        "{\"firstWeek\":\"2026-13-45\",\"weeks\":99999999999}", new string('[', 5000) + new string(']', 5000), "{\"a\":\"\\ud800\"}",
        "{\"url\":\"javascript:alert(1)\",\"events\":[1,2]}", "{\"referralId\":\"not-a-guid\",\"score\":9}", "\u0000\u0001\u0002", "{\"days\":-1}",
        "{\"claims\":[{\"skillId\":\"x\",\"level\":3,\"evidence\":{\"links\":[\"ftp://x\"]}}],\"certifications\":[{}]}",
    ];

    private static readonly string HugeBody = new('x', 2 * 1024 * 1024); // one instance for every request that sends it

    private static readonly string[] Texts = ["", "%00", "..%2F..%2Fetc%2Fpasswd", "<script>alert(1)</script>", new string('a', 3000), "Mars/Olympus", "2026-02-30", "🙂", "'; DROP TABLE x;--", "m365"];
    private static readonly string[] Numbers = ["-1", "0", "abc", "1e9", "99999999999999999999", "3.5", "", "NaN"];

    [Fact]
    public async Task Ten_thousand_malformed_requests_get_no_5xx_and_every_error_is_problem_details()
    {
        var random = new Random(20261125);
        var valid = (await system.NewFirmAsync("Fuzz Owner")).Token;
        var operatorToken = await Accounts.SignInAsync(system.Gateway, MarketplaceFixture.OperatorEmail, MarketplaceFixture.OperatorPassword);
        string?[] tokens = [null, valid, TestTokens.Expired(Guid.NewGuid(), "Owner"), TestTokens.Forged(Guid.NewGuid(), "Owner"), "x.y.z", valid, operatorToken];
        var plans = Enumerable.Range(0, Requests).Select(_ => Plan(random, tokens)).ToList();
        var statuses = new ConcurrentDictionary<int, int>();
        var offenders = new ConcurrentQueue<string>();
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(plans.Select(async plan =>
        {
            await gate.WaitAsync(TestContext.Current.CancellationToken);
            try
            {
                using var request = plan();
                var sent = request.Content is null ? "" : await request.Content.ReadAsStringAsync();
                var what = $"{request.Method} {request.RequestUri} [{request.Content?.Headers.ContentType?.MediaType}] {sent[..Math.Min(sent.Length, 60)]}";
                using var response = await system.Gateway.SendAsync(request, TestContext.Current.CancellationToken);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                var type = response.Content.Headers.ContentType?.MediaType;
                // The token endpoint answers its own errors the way OAuth 2.0 says (RFC 6749 §5.2: application/json with
                // "error"); what the gateway or the host refuse before it is RFC 9457 like everywhere else.
                var oauth = request.RequestUri!.AbsolutePath.StartsWith("/connect/", StringComparison.Ordinal) && type == "application/json";
                // The portal's pages are for people: a link that does not work is a page saying so, in HTML, with nothing of the server in it.
                var page = request.RequestUri!.AbsolutePath.StartsWith("/portal/", StringComparison.Ordinal) && type == "text/html"
                    && !(await response.Content.ReadAsStringAsync()).Contains("Exception", StringComparison.Ordinal);
                if ((int)response.StatusCode >= 500 || ((int)response.StatusCode >= 400 && type != "application/problem+json" && !oauth && !page))
                {
                    offenders.Enqueue($"{(int)response.StatusCode} {type} {what[..Math.Min(what.Length, 200)]}");
                }
            }
            finally
            {
                gate.Release();
            }
        }));

        var summary = string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));
        TestContext.Current.TestOutputHelper?.WriteLine($"{Requests} requests: {summary}");
        var artifact = Path.Combine(TestInfrastructure.RepositoryRoot(), ".artifacts", "fuzz-summary.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(artifact)!);
        await File.WriteAllTextAsync(artifact, $"{Requests} requests through the gateway, answers by status: {summary}; {offenders.Count} bad answers\n",
            TestContext.Current.CancellationToken);
        offenders.Take(20).ShouldBeEmpty($"{offenders.Count} bad answers ({summary})");
        statuses.Values.Sum().ShouldBe(Requests);
        statuses.Keys.ShouldNotContain(k => k >= 500);
    }

    private static Func<HttpRequestMessage> Plan(Random random, string?[] tokens)
    {
        var (method, template) = Routes[random.Next(Routes.Length)];
        var path = template.Replace("{guid}", random.Next(4) == 0 ? Uri.EscapeDataString(Texts[random.Next(Texts.Length)]) : random.Next(2) == 0 ? SomeId.ToString() : Guid.NewGuid().ToString())
            .Replace("{id}", Uri.EscapeDataString(Texts[random.Next(Texts.Length)]))
            .Replace("{q}", Uri.EscapeDataString(Texts[random.Next(Texts.Length)]))
            .Replace("{n}", Uri.EscapeDataString(Numbers[random.Next(Numbers.Length)]));
        var token = tokens[random.Next(tokens.Length)];
        var bodyKind = random.Next(10);
        var body = bodyKind switch
        {
            0 => null,
            1 => HugeBody, // over the gateway's limit
            _ => Bodies[random.Next(Bodies.Length)],
        };
        var contentType = random.Next(6) == 0 ? "text/plain" : "application/json";
        var formToken = template.StartsWith("/connect", StringComparison.Ordinal);
        return () =>
        {
            var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (token is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
            }
            if (body is not null && method != "GET")
            {
                // A well-behaved client asks before sending megabytes; the gateway's 413 then arrives instead of a reset.
                request.Headers.ExpectContinue = body.Length > 64 * 1024;
                request.Content = formToken && bodyKind % 2 == 0
                    ? new StringContent("grant_type=password&username=" + Uri.EscapeDataString(body[..Math.Min(body.Length, 50)]), Encoding.UTF8, "application/x-www-form-urlencoded")
                    : new StringContent(body, Encoding.UTF8, contentType);
            }
            return request;
        };
    }
}
