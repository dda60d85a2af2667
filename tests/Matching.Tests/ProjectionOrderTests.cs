using System.Text.Json;
using Marketplace.Contracts;
using Marketplace.Matching.Partnerships;
using Marketplace.Matching.Partners;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Marketplace.Matching.Tests;

/// <summary>Each event type has its own queue, so projections must come out right whatever order events arrive in.</summary>
public sealed class ProjectionOrderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Referrer = Guid.NewGuid();
    private static readonly Guid Specialist = Guid.NewGuid();

    private static AgreementChanged Terms(Guid partnership, int version, int minutes) => new(Guid.NewGuid(), T0.AddMinutes(minutes), partnership, Referrer, Specialist,
        version, ["HandOff"], "Percent", 10m, null, null, 12, 4, 3);

    [Fact]
    public async Task Terms_arriving_before_the_acceptance_still_give_an_active_partnership_with_every_version_once()
    {
        await using var matching = await MatchingHarness.StartAsync();
        var id = Guid.NewGuid();
        var v2 = Terms(id, 2, 5);

        await matching.DeliverInOrderAsync(v2, Terms(id, 1, 1), new PartnershipAccepted(Guid.NewGuid(), T0, id, Referrer, Specialist), v2);

        var link = await matching.QueryAsync(db => db.PartnerLinks.SingleAsync());
        (link.Active, link.InviterFirmId, link.InviteeFirmId).ShouldBe((true, Referrer, Specialist));
        (await matching.QueryAsync(db => db.AgreementVersions.OrderBy(a => a.Version).Select(a => a.Version).ToListAsync())).ShouldBe([1, 2]);
    }

    [Fact]
    public async Task An_acceptance_arriving_after_the_end_does_not_revive_the_partnership()
    {
        await using var matching = await MatchingHarness.StartAsync();
        var id = Guid.NewGuid();

        await matching.DeliverInOrderAsync(
            new PartnershipEnded(Guid.NewGuid(), T0.AddDays(3), id, Referrer, Specialist, Specialist, "done"),
            new PartnershipAccepted(Guid.NewGuid(), T0, id, Referrer, Specialist));

        (await matching.QueryAsync(db => db.PartnerLinks.SingleAsync())).Active.ShouldBeFalse();
    }

    [Fact]
    public async Task A_profile_update_that_overtakes_registration_or_an_older_update_wins()
    {
        await using var matching = await MatchingHarness.StartAsync();
        var firm = Guid.NewGuid();
        FirmUpdated Update(string name, int minutes) =>
            new(Guid.NewGuid(), T0.AddMinutes(minutes), firm, name, "Europe/London", true, [1, 2, 3, 4], "08:30", "16:30", ["UK"]);

        await matching.DeliverInOrderAsync(
            Update("Renamed Ltd", 10),
            new FirmRegistered(Guid.NewGuid(), T0, firm, "Original Ltd", "America/New_York", true),
            Update("Stale Ltd", 5));

        Partner partner = await matching.QueryAsync(db => db.Partners.SingleAsync());
        (partner.Name, partner.TimeZone).ShouldBe(("Renamed Ltd", "Europe/London"));
        partner.WorkingDays.ShouldBe([1, 2, 3, 4]);
        partner.OpensAt.ShouldBe(new NodaTime.LocalTime(8, 30));
    }

    [Fact]
    public async Task A_profile_event_from_before_holidays_is_consumed_as_no_holidays_and_a_later_one_brings_them()
    {
        await using var matching = await MatchingHarness.StartAsync();
        var firm = Guid.NewGuid();
        // FirmUpdated as Network wrote it before the holiday members existed, read the way the bus reads it.
        var old = JsonSerializer.Deserialize<FirmUpdated>($$"""
            {"eventId":"{{Guid.NewGuid()}}","occurredAt":"{{T0:O}}","firmId":"{{firm}}","name":"Old Ltd","timeZone":"Europe/London",
             "takesReferrals":true,"workingDays":[1,2,3,4,5],"opensAt":"09:00","closesAt":"17:00","regions":["UK"]}
            """, SystemTextJsonMessageSerializer.Options)!;
        (old.HolidayCountry, old.HolidayRegion, old.ClosingDays).ShouldBe((null, null, null));

        await matching.DeliverInOrderAsync(old);
        var partner = await matching.QueryAsync(db => db.Partners.SingleAsync());
        (partner.Name, partner.HolidayCountry, partner.HolidayRegion, partner.ClosingDays.Count).ShouldBe(("Old Ltd", null, null, 0));

        await matching.DeliverInOrderAsync(old with { EventId = Guid.NewGuid(), OccurredAt = T0.AddMinutes(1), HolidayCountry = "GB", HolidayRegion = "SCT", ClosingDays = ["12-24"] });
        partner = await matching.QueryAsync(db => db.Partners.SingleAsync());
        (partner.HolidayCountry, partner.HolidayRegion).ShouldBe(("GB", "SCT"));
        partner.ClosingDays.ShouldBe(["12-24"]);
    }

    [Fact]
    public async Task Ratings_add_up_once_each_even_when_redelivered()
    {
        await using var matching = await MatchingHarness.StartAsync();
        var partner = Guid.NewGuid();
        var five = new RatingRecorded(Guid.NewGuid(), T0, Guid.NewGuid(), Referrer, partner, 5);

        await matching.DeliverInOrderAsync(five, new RatingRecorded(Guid.NewGuid(), T0.AddDays(1), Guid.NewGuid(), Referrer, partner, 2), five);

        var reputation = await matching.QueryAsync(db => db.PartnerReputations.SingleAsync());
        (reputation.Count, reputation.ScoreSum, reputation.Mean).ShouldBe((2, 7, 3.5));
    }
}
