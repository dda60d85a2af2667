using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenTelemetry;

namespace Marketplace.ServiceDefaults;

/// <summary>
/// Share and availability links and calendar feeds carry their secret in the path (/status/{token},
/// /availability/{token}, /feeds/{token}.ics): a span that records the path must not keep it, on the server (url.path)
/// nor in a caller's client span (url.full), or anyone who can read traces could open a client's status page or a
/// firm's calendar.
/// </summary>
public sealed partial class SecretPathRedactor : BaseProcessor<Activity>
{
    private static readonly string[] Tags = ["url.path", "url.full", "http.target", "http.url"];

    public override void OnEnd(Activity activity)
    {
        foreach (var tag in Tags)
        {
            if (activity.GetTagItem(tag) is string value && Redact(value) is var redacted && !ReferenceEquals(redacted, value))
            {
                activity.SetTag(tag, redacted);
            }
        }
        if (Redact(activity.DisplayName) is var name && !ReferenceEquals(name, activity.DisplayName))
        {
            activity.DisplayName = name;
        }
    }

    /// <summary>The value with every link secret replaced by "{token}"; the same instance when there is none.</summary>
    public static string Redact(string value) => SecretSegment().IsMatch(value) ? SecretSegment().Replace(value, "$1{token}") : value;

    /// <summary>An address as a log line may keep it: without its query (an unsubscribe token rides there) and link secrets.</summary>
    public static string ForLog(string url) => Redact(url.Split('?', 2)[0]);

    // Not under /api/{service}/: there "feeds/{id}" names a feed by its id, which is no secret and worth keeping in traces.
    // Any capitals: routing ignores them, so /FEEDS/{secret}.ics opens the feed too.
    [GeneratedRegex(@"(?<!/api/[a-z-]+)(/(?:status|availability|feeds)/)(?!\{token\})[^/?#\s]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SecretSegment();
}
