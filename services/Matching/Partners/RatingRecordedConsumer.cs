using Marketplace.Contracts;
using Marketplace.Matching.Data;
using Marketplace.Messaging;

namespace Marketplace.Matching.Partners;

/// <summary>Keeps each partner's rating count and sum for ranking; the inbox makes the increment safe to redeliver.</summary>
public sealed class RatingRecordedConsumer(MatchingDbContext db, TimeProvider clock)
    : InboxConsumer<RatingRecorded, MatchingDbContext>(db, clock)
{
    protected override async Task HandleAsync(RatingRecorded message, CancellationToken ct)
    {
        var reputation = await Db.PartnerReputations.FindAsync([message.RatedFirmId], ct);
        if (reputation is null)
        {
            reputation = new PartnerReputation { FirmId = message.RatedFirmId };
            Db.PartnerReputations.Add(reputation);
        }
        reputation.Count++;
        reputation.ScoreSum += message.Score;
        reputation.LastRatedAt = message.OccurredAt > reputation.LastRatedAt ? message.OccurredAt : reputation.LastRatedAt;
    }
}

public sealed class RatingRecordedConsumerDefinition : InboxConsumerDefinition<RatingRecordedConsumer>;

public sealed class PartnerReputation
{
    public Guid FirmId { get; init; }
    public int Count { get; set; }
    public int ScoreSum { get; set; }
    public DateTimeOffset LastRatedAt { get; set; }

    public double? Mean => Count == 0 ? null : (double)ScoreSum / Count;
}
