using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Marketplace.Testing;
using NodaTime;
using Shouldly;

namespace Marketplace.EndToEnd.Tests;

/// <summary>
/// One referral posted through the gateway is one trace: the gateway, Matching, its call to Scheduling, the outbox
/// dispatcher's publish (the stored trace context restored) and the consumers in the other services. Every service
/// runs in this process, so one in-memory listener sees all their spans.
/// </summary>
[Collection(MarketplaceCollection.Name)]
public sealed class TraceTests(MarketplaceFixture system) : IDisposable
{
    private readonly ConcurrentBag<Activity> _spans = [];
    private ActivityListener? _listener;

    public void Dispose() => _listener?.Dispose();

    [Fact]
    public async Task A_referral_posted_through_the_gateway_is_one_trace_across_services_and_RabbitMQ()
    {
        var ct = TestContext.Current.CancellationToken;
        await system.PartnerWithTimeAsync("Trace Networks", "sd-wan");
        var (_, referrer) = await system.NewFirmAsync("Tracing Referrer");
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Add,
        };
        ActivitySource.AddActivityListener(_listener);

        var correlation = $"trace-test-{Guid.NewGuid():N}";
        var monday = SystemClock.Instance.GetCurrentInstant().InUtc().Date.Next(IsoDayOfWeek.Monday);
        using var post = Accounts.Authorized(HttpMethod.Post, "/api/matching/referrals", referrer);
        post.Headers.Add("X-Correlation-Id", correlation);
        post.Content = JsonContent.Create(new
        {
            summary = "Trace me: SD-WAN for two branches", skills = new[] { new { skillId = "sd-wan", minLevel = 3 } }, effortHours = 20, hoursPerWeek = 10,
            earliestStart = monday.ToDateOnly(), latestStart = monday.PlusWeeks(2).ToDateOnly(), clientTimeZone = "Europe/London", engagementMode = "HandOff",
        });
        using var posted = await system.Gateway.SendAsync(post, ct);
        posted.StatusCode.ShouldBe(HttpStatusCode.Created);
        posted.Headers.GetValues("X-Correlation-Id").Single().ShouldBe(correlation);

        // The gateway's own server span carries the correlation id; its trace is the one to follow.
        ActivityTraceId trace = default;
        List<Activity> Trace() => [.. _spans.Where(s => s.TraceId == trace)];
        (await Eventually.TrueAsync(() =>
        {
            trace = _spans.FirstOrDefault(s => s.Kind == ActivityKind.Server && Equals(s.GetTagItem("correlation.id"), correlation))?.TraceId ?? default;
            var spans = trace == default ? [] : Trace();
            return Task.FromResult(spans.Any(s => s.Kind == ActivityKind.Consumer && s.DisplayName.Contains("referral-posted", StringComparison.Ordinal))
                && spans.Any(s => s.Kind == ActivityKind.Consumer && s.DisplayName.Contains("offer-made", StringComparison.Ordinal)));
        }, TimeSpan.FromSeconds(30))).ShouldBeTrue("the consumers' spans never joined the trace:\n" + Describe(Trace()));

        var spans = Trace();
        TestContext.Current.TestOutputHelper?.WriteLine(Describe(spans));
        string Names() => Describe(spans);
        spans.ShouldContain(s => s.Source.Name == "Yarp.ReverseProxy", Names());                                     // the gateway forwards
        spans.ShouldContain(s => s.Kind == ActivityKind.Server && s.DisplayName == "POST /api/matching/referrals/", Names()); // Matching
        spans.ShouldContain(s => s.Kind == ActivityKind.Client && UrlOf(s).Contains("/api/scheduling/availability"), Names());
        var scheduling = spans.Where(s => s.Kind == ActivityKind.Server && s.DisplayName == "GET /api/scheduling/availability/").ToList();
        scheduling.ShouldNotBeEmpty(Names());
        scheduling.ShouldAllBe(s => Equals(s.GetTagItem("correlation.id"), correlation)); // carried as W3C baggage
        spans.ShouldContain(s => s.Source.Name == "Marketplace" && s.DisplayName == "outbox publish", Names()); // the stored context, restored
        spans.ShouldContain(s => s.Kind == ActivityKind.Producer && s.DisplayName == "Marketplace.Contracts:ReferralPosted send", Names());
        spans.ShouldContain(s => s.Kind == ActivityKind.Consumer && s.DisplayName.StartsWith("catalog-referral-posted", StringComparison.Ordinal), Names());
        spans.ShouldContain(s => s.Source.Name == "Npgsql");
    }

    private static string UrlOf(Activity span) => span.GetTagItem("url.full")?.ToString() ?? "";

    private static string Describe(IEnumerable<Activity> spans) => string.Join("\n", spans.OrderBy(s => s.StartTimeUtc)
        .Where(s => s.Source.Name != "Npgsql")
        .Select(s => $"{s.StartTimeUtc:HH:mm:ss.fff} {s.Kind,-8} {s.Source.Name,-32} {s.DisplayName} {UrlOf(s)}"));
}
