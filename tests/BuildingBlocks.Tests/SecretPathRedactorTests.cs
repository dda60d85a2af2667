using System.Diagnostics;
using Marketplace.ServiceDefaults;
using Shouldly;

namespace Marketplace.BuildingBlocks.Tests;

/// <summary>Link secrets never stay in a recorded span: not in the server's path, not in a caller's full URL, not in the name.</summary>
public sealed class SecretPathRedactorTests
{
    [Theory]
    [InlineData("/FEEDS/q9Xk-2vP_0a8bLmN3cD4eF5gH6iJ7kL8mN9oP0qR1sT.ics", "/FEEDS/{token}")]
    [InlineData("/Status/abcDEF123/calendar.ics", "/Status/{token}/calendar.ics")]
    [InlineData("/status/q9Xk-2vP_0a8bLmN3cD4eF5gH6iJ7kL8mN9oP0qR1sT", "/status/{token}")]
    [InlineData("http://gateway:8080/availability/abcDEF123_-xyz?tz=Europe/London", "http://gateway:8080/availability/{token}?tz=Europe/London")]
    [InlineData("/portal/status/abcDEF123", "/portal/status/{token}")]
    [InlineData("GET /status/{token}", "GET /status/{token}")]
    [InlineData("/api/matching/referrals/0193a1b2-0000-7000-8000-000000000042/share-links", "/api/matching/referrals/0193a1b2-0000-7000-8000-000000000042/share-links")]
    [InlineData("/feeds/q9Xk-2vP_0a8bLmN3cD4eF5gH6iJ7kL8mN9oP0qR1sT.ics", "/feeds/{token}")]
    [InlineData("http://gateway:8080/feeds/abcDEF123_-xyz.ics", "http://gateway:8080/feeds/{token}")]
    [InlineData("GET /feeds/{token}.ics", "GET /feeds/{token}.ics")]
    [InlineData("/status/abcDEF123/calendar.ics", "/status/{token}/calendar.ics")]
    [InlineData("/api/scheduling/feeds/0193a1b2-0000-7000-8000-000000000042", "/api/scheduling/feeds/0193a1b2-0000-7000-8000-000000000042")]
    public void Secrets_in_link_paths_are_replaced(string recorded, string kept) => SecretPathRedactor.Redact(recorded).ShouldBe(kept);

    [Theory]
    [InlineData("/api/notifications/unsubscribe?token=s3cr3t-t0ken", "/api/notifications/unsubscribe")]
    [InlineData("/status/s3cr3t-t0ken", "/status/{token}")]
    [InlineData("/availability/s3cr3t-t0ken?skill=azure&tz=Europe/London", "/availability/{token}")]
    [InlineData("/api/matching/referrals/0193a1b2-0000-7000-8000-000000000042/repost", "/api/matching/referrals/0193a1b2-0000-7000-8000-000000000042/repost")]
    public void An_address_written_to_a_log_keeps_no_query_and_no_link_secret(string called, string logged) => SecretPathRedactor.ForLog(called).ShouldBe(logged);

    [Fact]
    public void A_finished_span_keeps_no_secret_in_its_tags_or_name()
    {
        using var span = new Activity("GET /status/s3cr3t-t0ken").Start();
        span.SetTag("url.path", "/status/s3cr3t-t0ken");
        span.SetTag("url.full", "http://127.0.0.1:8080/status/s3cr3t-t0ken");
        span.SetTag("http.request.method", "GET");
        span.DisplayName = "GET /status/s3cr3t-t0ken";
        span.Stop();

        new SecretPathRedactor().OnEnd(span);

        span.TagObjects.ShouldNotContain(t => (t.Value as string ?? "").Contains("s3cr3t", StringComparison.Ordinal));
        span.DisplayName.ShouldBe("GET /status/{token}");
        span.GetTagItem("http.request.method").ShouldBe("GET");
    }
}
