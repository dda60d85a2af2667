namespace Marketplace.Scheduling.Feeds;

/// <summary>Calendar feeds' settings (section <c>Scheduling:Feeds</c>), checked at start.</summary>
public sealed class CalendarFeedOptions
{
    /// <summary>Weeks before this one a feed still shows: recent work stays in people's calendars without the feed growing forever.</summary>
    public int WeeksBack { get; init; } = 4;
    /// <summary>Weeks from this one on a feed shows: as far as a hold may reach (26 weeks).</summary>
    public int WeeksAhead { get; init; } = 26;
    /// <summary>Live feeds one firm may have: enough for every engineer and a few screens, not an unbounded pile of secrets.</summary>
    public int MaxLivePerFirm { get; init; } = 200;
    /// <summary>How often calendar apps are asked to poll (REFRESH-INTERVAL, X-PUBLISHED-TTL); Google Calendar keeps its own pace.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromHours(1);

    public bool IsValid => WeeksBack is >= 0 and <= 52 && WeeksAhead is >= 1 and <= 104 && MaxLivePerFirm is >= 1 and <= 10_000
        && RefreshInterval >= TimeSpan.FromMinutes(5) && RefreshInterval <= TimeSpan.FromDays(7);
}
