using System.Text.Json;
using Marketplace.Contracts;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Marketplace.Notifications.Tests;

/// <summary>Offer reminders count back in the partner's business hours, which skip its public holidays and closing days.</summary>
public sealed class HolidayReminderTests(NotificationsHost host) : IClassFixture<NotificationsHost>
{
    /// <summary>Tuesday 30 March 2027, 09:30 in Berlin (summer time): the day after Easter Monday.</summary>
    private static readonly DateTimeOffset TuesdayHalfPastNine = new(2027, 3, 30, 7, 30, 0, TimeSpan.Zero);

    private static FirmUpdated Profile(Guid firm, string name, string? country, params string[] closingDays) =>
        new(Guid.NewGuid(), DateTimeOffset.UtcNow, firm, name, "Europe/Berlin", true, [1, 2, 3, 4, 5], "09:00", "17:00", [], country, null, closingDays);

    private async Task<DateTimeOffset?> RemindAtAsync(Guid partner)
    {
        var referrer = await host.FirmAsync("Northwind IT", "America/New_York", "Owner");
        var referral = await host.ReferralAsync(referrer.Id, ["SD-WAN"], 30, 10, new DateOnly(2027, 4, 5));
        var offer = new OfferMade(Guid.NewGuid(), new DateTimeOffset(2027, 3, 25, 9, 0, 0, TimeSpan.Zero), Guid.NewGuid(), referral, referrer.Id, partner, 1, TuesdayHalfPastNine);
        await host.PublishAsync(offer);
        await host.UntilAsync("the reminder is planned", db => db.OfferReminders.AnyAsync(r => r.OfferId == offer.OfferId));
        return (await host.QueryAsync(db => db.OfferReminders.SingleAsync(r => r.OfferId == offer.OfferId))).RemindAt;
    }

    [Fact]
    public async Task A_German_partners_reminder_before_a_deadline_after_Easter_comes_on_the_Thursday_before_Good_Friday()
    {
        var partner = await host.FirmAsync("Acme Security", "Europe/Berlin", "Owner");
        var settings = Profile(partner.Id, "Acme Security", "DE");
        await host.PublishAsync(settings);
        await host.UntilAsync("the holidays are known", db => db.Firms.AnyAsync(f => f.FirmId == partner.Id && f.HolidayCountry == "DE"));

        // One business hour before Tuesday 09:30: half an hour on Tuesday, Easter Monday and Good Friday skipped, half an
        // hour on Thursday (16:30 CET, before the clocks changed).
        (await RemindAtAsync(partner.Id)).ShouldBe(new DateTimeOffset(2027, 3, 25, 15, 30, 0, TimeSpan.Zero));
        // With its own closing day on that Tuesday too, the whole hour is Thursday's last.
        await host.PublishAsync(Profile(partner.Id, "Acme Security", "DE", "2027-03-30") with { OccurredAt = settings.OccurredAt.AddSeconds(1) });
        await host.UntilAsync("the closing day is known", db => db.Firms.AnyAsync(f => f.FirmId == partner.Id && f.ClosingDays.Count == 1));
        (await RemindAtAsync(partner.Id)).ShouldBe(new DateTimeOffset(2027, 3, 25, 15, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task A_profile_event_from_before_holidays_is_consumed_as_none_kept()
    {
        var partner = await host.FirmAsync("Old GmbH", "Europe/Berlin", "Owner");
        var settings = Profile(partner.Id, "Old GmbH", "DE", "12-24");
        await host.PublishAsync(settings);
        await host.UntilAsync("the holidays are known", db => db.Firms.AnyAsync(f => f.FirmId == partner.Id && f.HolidayCountry == "DE"));
        // FirmUpdated as Network wrote it before the holiday members existed, read the way the bus reads it.
        var old = JsonSerializer.Deserialize<FirmUpdated>($$"""
            {"eventId":"{{Guid.NewGuid()}}","occurredAt":"{{settings.OccurredAt.AddSeconds(1):O}}","firmId":"{{partner.Id}}","name":"Old GmbH (renamed)",
             "timeZone":"Europe/Berlin","takesReferrals":true,"workingDays":[1,2,3,4,5],"opensAt":"09:00","closesAt":"17:00","regions":[]}
            """, SystemTextJsonMessageSerializer.Options)!;

        await host.PublishAsync(old);

        await host.UntilAsync("the old-shaped profile is consumed", db => db.Firms.AnyAsync(f => f.FirmId == partner.Id && f.Name == "Old GmbH (renamed)"));
        var known = await host.QueryAsync(db => db.Firms.SingleAsync(f => f.FirmId == partner.Id));
        (known.HolidayCountry, known.HolidayRegion, known.ClosingDays.Count).ShouldBe((null, null, 0));
        // No holidays kept: half an hour on Tuesday, half an hour on Easter Monday (16:30 CEST).
        (await RemindAtAsync(partner.Id)).ShouldBe(new DateTimeOffset(2027, 3, 29, 14, 30, 0, TimeSpan.Zero));
    }
}
