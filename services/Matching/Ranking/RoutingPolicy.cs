namespace Marketplace.Matching.Ranking;

/// <summary>
/// Which of the routing rules learned from partners' behaviour are on (issue 20). All are on by default; each can be
/// switched off in configuration (section <c>Matching:Routing</c>) should one misbehave in a market, and the market
/// simulation measures them one at a time against the fixed rules from before (<see cref="Fixed"/>).
/// </summary>
public sealed record RoutingPolicy
{
    /// <summary>The partner's own answers to offers (share answered, how fast, decaying) are a ranking factor.</summary>
    public bool ResponseFactor { get; init; } = true;

    /// <summary>Wave size and answer deadline follow the referral's slack (see <see cref="Referrals.WavePlan"/>).</summary>
    public bool WavesFromSlack { get; init; } = true;

    /// <summary>Partners that let offers expire again and again are offered after those that answer, until they answer again.</summary>
    public bool DemoteSilentPartners { get; init; } = true;

    /// <summary>An accept whose hold Scheduling refuses closes that offer and offers the next candidate at once.</summary>
    public bool MoveOnAfterFailedHold { get; init; } = true;

    public static RoutingPolicy Learning { get; } = new();

    /// <summary>The rules before issue 20: the same five factors, waves of three with the agreed deadline, no demotion, no move-on.</summary>
    public static RoutingPolicy Fixed { get; } = new() { ResponseFactor = false, WavesFromSlack = false, DemoteSilentPartners = false, MoveOnAfterFailedHold = false };
}
