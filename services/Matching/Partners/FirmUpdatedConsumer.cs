using Marketplace.Contracts;
using Marketplace.Matching.Data;
using Marketplace.Messaging;
using Marketplace.Calendar;

namespace Marketplace.Matching.Partners;

public sealed class FirmUpdatedConsumer(MatchingDbContext db, TimeProvider clock)
    : InboxConsumer<FirmUpdated, MatchingDbContext>(db, clock)
{
    protected override async Task HandleAsync(FirmUpdated message, CancellationToken ct)
    {
        var partner = await Db.Partners.FindAsync([message.FirmId], ct);
        if (partner is null)
        {
            // The update overtook the registration: the update has everything the registration would.
            partner = new Partner { FirmId = message.FirmId, RegisteredAt = message.OccurredAt };
            Db.Partners.Add(partner);
        }
        else if (partner.ProfileAt > message.OccurredAt)
        {
            return;
        }
        partner.Name = message.Name;
        partner.TimeZone = message.TimeZone;
        partner.TakesReferrals = message.TakesReferrals;
        partner.WorkingDays = [.. message.WorkingDays];
        partner.OpensAt = ClockTime.Parse(message.OpensAt) ?? throw new FormatException($"Not a clock time: {message.OpensAt}");
        partner.ClosesAt = ClockTime.Parse(message.ClosesAt) ?? throw new FormatException($"Not a clock time: {message.ClosesAt}");
        // An event from before holidays existed carries none: no public holidays, no closing days.
        var closed = ClosedDays.Of(message.HolidayCountry, message.HolidayRegion, message.ClosingDays);
        (partner.HolidayCountry, partner.HolidayRegion, partner.ClosingDays) = (closed.Country, closed.Region, [.. closed.ClosingDays]);
        partner.Regions = [.. message.Regions ?? []]; // an event from before regions were read carries them all the same
        partner.ProfileAt = message.OccurredAt;
    }
}

public sealed class FirmUpdatedConsumerDefinition : InboxConsumerDefinition<FirmUpdatedConsumer>;
