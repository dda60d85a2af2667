namespace Marketplace.Matching;

/// <summary>Matching's own settings (section <c>Matching</c>; the webhooks' are <c>WebhookOptions</c>), checked at start.</summary>
public sealed class MatchingOptions
{
    /// <summary>How often a replica looks whether the ranking's projections moved.</summary>
    public TimeSpan IndexRefreshInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>How often overdue offers are looked for (and the next wave sent).</summary>
    public TimeSpan OfferDeadlineInterval { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>How often accepts and confirmations left half-way (a request that died) are looked for and settled.</summary>
    public TimeSpan PendingStepInterval { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>The routing rules learned from partners' behaviour (issue 20), each on unless switched off here.</summary>
    public Ranking.RoutingPolicy Routing { get; init; } = new();
}
