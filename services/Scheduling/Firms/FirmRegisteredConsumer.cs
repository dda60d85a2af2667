using Marketplace.Contracts;
using Marketplace.Messaging;
using Marketplace.Scheduling.Data;

namespace Marketplace.Scheduling.Firms;

public sealed class FirmRegisteredConsumer(SchedulingDbContext db, TimeProvider clock)
    : InboxConsumer<FirmRegistered, SchedulingDbContext>(db, clock)
{
    protected override async Task HandleAsync(FirmRegistered message, CancellationToken ct)
    {
        var calendar = await Db.FirmCalendars.FindAsync([message.FirmId], ct);
        if (calendar is null)
        {
            Db.FirmCalendars.Add(new FirmCalendar { FirmId = message.FirmId, Name = message.Name, TimeZone = message.TimeZone, ProfileAt = message.OccurredAt });
        }
    }
}

public sealed class FirmRegisteredConsumerDefinition : InboxConsumerDefinition<FirmRegisteredConsumer>;
