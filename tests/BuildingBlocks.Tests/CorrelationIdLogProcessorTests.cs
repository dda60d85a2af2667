using System.Diagnostics;
using Marketplace.ServiceDefaults;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using Shouldly;

namespace Marketplace.BuildingBlocks.Tests;

/// <summary>A log line written while a request runs carries its checked correlation id; one written before the check or outside any request does not.</summary>
public sealed class CorrelationIdLogProcessorTests
{
    [Fact]
    public void A_log_record_written_under_a_request_carries_its_correlation_id_and_one_outside_does_not()
    {
        var records = new List<LogRecord>();
        var attributes = new List<Dictionary<string, object?>>();
        using (var factory = LoggerFactory.Create(b => b.AddOpenTelemetry(o =>
        {
            o.AddProcessor(new CorrelationIdLogProcessor());
            o.AddProcessor(new Copy(attributes));
        })))
        {
            var log = factory.CreateLogger("test");
            using (var request = new Activity("request").Start())
            {
                // What the caller sent, before the middleware looked at it: not trusted on log lines.
                request.SetBaggage(CorrelationIdMiddleware.Baggage, "forged\nline");
                log.LogWarning("before the middleware");
                request.SetTag(CorrelationIdMiddleware.Baggage, "support-ticket-42"); // what the middleware does once it is sane
                using (new Activity("call to another service").Start())
                {
                    log.LogWarning("inside {Thing}", "a request");
                }
            }
            log.LogWarning("outside");
        }

        attributes.Count.ShouldBe(3);
        attributes[0].ShouldNotContainKey(CorrelationIdLogProcessor.Attribute);
        attributes[1][CorrelationIdLogProcessor.Attribute].ShouldBe("support-ticket-42");
        attributes[1]["Thing"].ShouldBe("a request");
        attributes[2].ShouldNotContainKey(CorrelationIdLogProcessor.Attribute);
    }

    /// <summary>What an exporter after it would see.</summary>
    private sealed class Copy(List<Dictionary<string, object?>> into) : OpenTelemetry.BaseProcessor<LogRecord>
    {
        public override void OnEnd(LogRecord data) => into.Add((data.Attributes ?? []).ToDictionary(a => a.Key, a => a.Value));
    }
}
