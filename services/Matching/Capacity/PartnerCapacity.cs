using Marketplace.Contracts;
using Marketplace.Matching.Data;
using Marketplace.Messaging;

namespace Marketplace.Matching.Capacity;

/// <summary>A partner's free hours per week, from Scheduling's latest CapacityChanged: the ranking's start-date input.</summary>
public sealed class PartnerCapacity
{
    public Guid FirmId { get; init; }
    public DateOnly FirstWeek { get; set; }
    public List<int> FreeHours { get; set; } = [];
    public DateTimeOffset SnapshotAt { get; set; }
}

public sealed class CapacityChangedConsumer(MatchingDbContext db, TimeProvider clock)
    : InboxConsumer<CapacityChanged, MatchingDbContext>(db, clock)
{
    protected override async Task HandleAsync(CapacityChanged message, CancellationToken ct)
    {
        var capacity = await Db.PartnerCapacities.FindAsync([message.FirmId], ct);
        if (capacity is null)
        {
            capacity = new PartnerCapacity { FirmId = message.FirmId };
            Db.PartnerCapacities.Add(capacity);
        }
        else if (capacity.SnapshotAt > message.OccurredAt)
        {
            return; // a newer snapshot is already here
        }
        (capacity.FirstWeek, capacity.FreeHours, capacity.SnapshotAt) = (message.FirstWeek, [.. message.FreeHours], message.OccurredAt);
    }
}

public sealed class CapacityChangedConsumerDefinition : InboxConsumerDefinition<CapacityChangedConsumer>;
