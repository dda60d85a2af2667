using Marketplace.Calendar;
using Marketplace.Matching.Offers;
using Marketplace.Matching.Partnerships;
using Marketplace.Matching.Ranking;
using Marketplace.Matching.Referrals;
using Marketplace.Matching.ShareLinks;
using NodaTime;
using Shouldly;

namespace Marketplace.Matching.Tests;

/// <summary>
/// The rules behind deciding quickly, without a web host: decline reasons, the expected fee, "due soon" in the partner's
/// business hours, what is new in an inbox, the next wave early, reposting an unmatched referral, and what a client reads.
/// </summary>
public sealed class DecisionRulesTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 25, 10, 0);
    private static readonly WorkingWeek London = WorkingWeek.Create([1, 2, 3, 4, 5], new LocalTime(9, 0), new LocalTime(17, 0), "Europe/London");

    private static Referral Posted(int candidates, int waveSize = 1, bool partnersOnly = false, EngagementModes mode = EngagementModes.HandOff, bool confidential = true)
    {
        var referral = new Referral
        {
            Id = Guid.NewGuid(), ReferrerFirmId = Guid.NewGuid(), Summary = "Tune a slow SQL Server\nfor a 40-user accounting firm", EffortHours = 30, HoursPerWeek = 10,
            EarliestStart = new LocalDate(2026, 11, 30), LatestStart = new LocalDate(2026, 12, 14), WaveSize = waveSize, PostedAt = T0, PartnersOnly = partnersOnly,
            Mode = mode, Confidential = confidential, ClientTimeZone = "America/New_York", BudgetMin = 3000, BudgetMax = 5000, Currency = "USD",
            Skills = [new ReferralSkill { SkillId = "sql-server", Name = "SQL Server", MinLevel = 4 }, new ReferralSkill { SkillId = "azure", Name = "Azure", MinLevel = 1 }],
        };
        referral.Shortlist(Enumerable.Range(1, candidates).Select(i => new Candidacy { ReferralId = referral.Id, FirmId = Guid.NewGuid(), Name = $"P{i}", Rank = i }));
        return referral;
    }

    private static IReadOnlyList<Offer> Wave(Referral referral, Instant at) =>
        referral.OfferNextWave(_ => new OfferTerms(at + Duration.FromHours(4), null, 0), at, "system", "next wave");

    private static Referral Unmatched(bool partnersOnly = true)
    {
        var referral = Posted(1, partnersOnly: partnersOnly);
        var offer = Wave(referral, T0).Single();
        referral.Decline(offer.Id, DeclineAnswer.Of(DeclineCode.TooBusy, null), T0, "p1").ShouldBeTrue();
        Wave(referral, T0).ShouldBeEmpty();
        referral.Status.ShouldBe(ReferralStatus.Unmatched);
        return referral;
    }

    [Theory]
    [InlineData(null, "fully booked until March", null, "fully booked until March", null)]
    [InlineData("TooBusy", null, null, "Too busy", null)]
    [InlineData("Budget", null, "  we charge 8k at least ", "Budget too low", "we charge 8k at least")]
    [InlineData("Dates", "the old reason field as the note", null, "Dates do not work", "the old reason field as the note")]
    public void A_decline_is_a_tapped_reason_with_an_optional_note_or_the_old_free_text(string? code, string? reason, string? note, string words, string? kept)
    {
        var (answer, errors) = new DeclineRequest(reason, code, note).Validate();
        errors.ShouldBeEmpty();
        (answer!.Reason, answer.Note, answer.Code?.ToString()).ShouldBe((words, kept, code));
    }

    [Theory]
    [InlineData(null, null, null, "reason")]
    [InlineData(null, "   ", null, "reason")]
    [InlineData("Busy", null, null, "code")]
    [InlineData("TooBusy, Budget", null, null, "code")] // one reason per decline, not a combination
    [InlineData("1", null, null, "code")]
    [InlineData("toobusy", null, null, "code")]
    public void An_unknown_code_or_no_reason_at_all_is_refused_naming_the_field(string? code, string? reason, string? note, string field)
    {
        var (answer, errors) = new DeclineRequest(reason, code, note).Validate();
        answer.ShouldBeNull();
        errors.Keys.ShouldBe([field]);
    }

    [Fact]
    public void A_note_or_a_reason_longer_than_500_characters_is_refused_and_500_pass()
    {
        new DeclineRequest(null, "Dates", new string('n', 501)).Validate().Errors.Keys.ShouldBe(["note"]);
        new DeclineRequest(new string('r', 501)).Validate().Errors.Keys.ShouldBe(["reason"]);
        new DeclineRequest(null, "Dates", new string('n', 500)).Validate().Answer!.Note!.Length.ShouldBe(500);
    }

    [Fact]
    public void The_decline_is_kept_as_its_code_words_and_note_and_the_audit_trail_says_all_of_it()
    {
        var referral = Posted(2);
        var offer = Wave(referral, T0).Single();
        referral.Decline(offer.Id, DeclineAnswer.Of(DeclineCode.OutsideSkills, "we only do Postgres"), T0, "p1").ShouldBeTrue();
        (offer.Status, offer.DeclineCode, offer.DeclineReason, offer.DeclineNote).ShouldBe((OfferStatus.Declined, DeclineCode.OutsideSkills, "Outside our skills", "we only do Postgres"));
        referral.Timeline[^1].Why.ShouldBe("offer declined: Outside our skills: we only do Postgres");
    }

    private static AgreementVersion Terms(string kind, decimal? percent = null, decimal? amount = null, string? currency = null) => new()
    {
        PartnershipId = Guid.NewGuid(), Version = 2, FeeKind = kind, FeePercent = percent, FeeAmount = amount, FeeCurrency = currency, EngagementModes = ["HandOff"],
    };

    [Fact]
    public void The_expected_fee_is_the_terms_on_the_offer_over_the_budget_or_the_percent_alone_without_one()
    {
        var tenPercent = Terms("Percent", 10);
        ExpectedFee.Of(tenPercent, 3000, 5000, "USD").ShouldBe(new ExpectedFee("Percent", 300, 500, "USD", "about 300–500 USD (10 % of the 3,000–5,000 USD budget)"));
        ExpectedFee.Of(tenPercent, 4000, 4000, "EUR").Text.ShouldBe("about 400 EUR (10 % of the 4,000 EUR budget)");
        ExpectedFee.Of(tenPercent, null, 5000, "USD").ShouldBe(new ExpectedFee("Percent", null, 500, "USD", "up to 500 USD (10 % of a budget of at most 5,000 USD)"));
        ExpectedFee.Of(tenPercent, 3000, null, null).Text.ShouldBe("from 300 (10 % of a budget of at least 3,000)");
        ExpectedFee.Of(tenPercent, null, null, null).ShouldBe(new ExpectedFee("Percent", null, null, null, "10 % of the job value; the referrer stated no budget"));
        ExpectedFee.Of(Terms("Percent", 12.5m), 999.99m, 999.99m, "GBP").Text.ShouldBe("about 125 GBP (12.5 % of the 999.99 GBP budget)");
        ExpectedFee.Of(Terms("Flat", amount: 250, currency: "EUR"), 3000, 5000, "USD").Text.ShouldBe("250 EUR flat, whatever the job's value");
        ExpectedFee.Of(Terms("Reciprocity"), 3000, 5000, "USD").Text.ShouldBe("none (reciprocity)");
        ExpectedFee.Of(null, 3000, 5000, "USD").ShouldBe(new ExpectedFee("None", 0, 0, null, "none (platform terms)"));
        ExpectedFee.Of(tenPercent, 100_000_000, 100_000_000, "USD").Max.ShouldBe(10_000_000); // the largest budget a referral takes
    }

    [Fact]
    public void An_offer_is_due_soon_under_two_of_the_partners_business_hours_even_with_a_weekend_on_the_clock()
    {
        var friday = Instant.FromUtc(2026, 11, 27, 16, 30); // 16:30 in London
        var offer = new Offer { DueAt = Instant.FromUtc(2026, 11, 30, 10, 0), Status = OfferStatus.Open }; // Monday 10:00: 1.5 business hours away
        offer.DueSoon(friday, London).ShouldBeTrue();
        offer.DueSoon(friday - Duration.FromHours(1), London).ShouldBeFalse(); // Friday 15:30: 2.5 business hours away
        new Offer { DueAt = friday + Duration.FromHours(2) }.DueSoon(friday, London).ShouldBeTrue(); // 18:30 is after hours: 30 business minutes
        new Offer { DueAt = Instant.FromUtc(2026, 11, 25, 15, 0) }.DueSoon(T0, London).ShouldBeFalse(); // Wednesday 10:00 → 15:00: five hours
        new Offer { DueAt = Instant.FromUtc(2026, 11, 25, 12, 0) }.DueSoon(T0, London).ShouldBeTrue(); // exactly two hours: soon
    }

    [Fact]
    public void An_offer_is_new_to_a_member_who_has_never_opened_the_inbox_or_opened_it_before_it_was_made()
    {
        InboxRead.IsNew(T0, null).ShouldBeTrue();
        InboxRead.IsNew(T0, T0 - Duration.FromSeconds(1)).ShouldBeTrue();
        InboxRead.IsNew(T0, T0).ShouldBeFalse();
        InboxRead.IsNew(T0, T0 + Duration.FromDays(1)).ShouldBeFalse();
    }

    [Fact]
    public void The_next_wave_goes_early_while_offers_are_out_and_at_most_two_waves_are_out_at_once()
    {
        var referral = Posted(4, waveSize: 1);
        Should.Throw<ReferralRuleException>(referral.RequireEarlyWave).Message.ShouldContain("posted"); // nothing out yet
        var first = Wave(referral, T0).Single();
        referral.RequireEarlyWave();
        referral.EarlyWaveWhy.ShouldBe("referrer asked for wave 2 before wave 1 ran out");
        var second = Wave(referral, T0).Single();
        Should.Throw<ReferralRuleException>(referral.RequireEarlyWave).Message.ShouldContain("Wave 1 still has open offers");

        referral.Decline(first.Id, "no", T0, "p1").ShouldBeFalse(); // the second wave is still out: no automatic next wave
        referral.RequireEarlyWave(); // wave 1 is over: a third may go
        var attempt = referral.BeginAccept(second.Id, T0, "p2");
        Should.Throw<ReferralRuleException>(referral.RequireEarlyWave).Message.ShouldContain("accepting");
        referral.AbandonAccept(attempt, "no time", T0).ShouldBeFalse();
        Wave(referral, T0).Single().Rank.ShouldBe(3);
        Should.Throw<ReferralRuleException>(referral.RequireEarlyWave).Message.ShouldContain("Wave 2 still has open offers");
        referral.Decline(second.Id, "no", T0, "p2").ShouldBeFalse();
        referral.RequireEarlyWave();
        Wave(referral, T0).Single().Rank.ShouldBe(4);
        Should.Throw<ReferralRuleException>(referral.RequireEarlyWave).Message.ShouldContain("Every ranked candidate");
    }

    [Fact]
    public void A_repost_copies_the_unmatched_referral_with_one_change_from_the_clients_today_and_only_once()
    {
        var referral = Unmatched();
        var today = new LocalDate(2026, 12, 2); // the first window began on 30 Nov

        var lower = referral.RepostCopy(RepostChange.LowerLevel, "sql-server", today, T0);
        (lower.Skills[0].MinLevel, referral.Skills[0].MinLevel).ShouldBe((3, 4)); // a copy: the original keeps its level
        (lower.EarliestStart, lower.LatestStart, lower.RepostOf, lower.Status).ShouldBe((today, new LocalDate(2026, 12, 14), referral.Id, ReferralStatus.Posted));
        (lower.Summary, lower.BudgetMax, lower.ClientTimeZone, lower.Confidential, lower.PartnersOnly).ShouldBe((referral.Summary, 5000m, "America/New_York", true, true));
        referral.Describe(RepostChange.LowerLevel, "sql-server", today).ShouldBe("level 3+ in SQL Server (instead of 4+)");

        var wider = referral.RepostCopy(RepostChange.WidenWindow, null, today, T0);
        (wider.EarliestStart, wider.LatestStart).ShouldBe((today, new LocalDate(2027, 1, 11)));
        referral.Describe(RepostChange.WidenWindow, null, today).ShouldBe("a latest start of Mon 11 Jan 2027 (4 weeks later)");
        referral.RepostCopy(RepostChange.AllowOtherMode, null, today, T0).Mode.ShouldBe(EngagementModes.HandOff | EngagementModes.WhiteLabel);
        referral.RepostCopy(RepostChange.IncludeDirectory, null, today, T0).PartnersOnly.ShouldBeFalse();

        // Changes that do not apply are refused in words.
        Should.Throw<ReferralRuleException>(() => referral.RepostCopy(RepostChange.LowerLevel, "azure", today, T0)).Message.ShouldContain("level 1 already");
        Should.Throw<ReferralRuleException>(() => referral.RepostCopy(RepostChange.LowerLevel, "cobol", today, T0)).Message.ShouldContain("no skill 'cobol'");
        Should.Throw<ReferralRuleException>(() => Unmatched(partnersOnly: false).RepostCopy(RepostChange.IncludeDirectory, null, today, T0));
        var bothModes = Posted(0, mode: EngagementModes.HandOff | EngagementModes.WhiteLabel);
        Wave(bothModes, T0).ShouldBeEmpty();
        Should.Throw<ReferralRuleException>(() => bothModes.RepostCopy(RepostChange.AllowOtherMode, null, today, T0)).Message.ShouldContain("Both");
        // Only an unmatched referral, and only once.
        referral.Reposted(lower, "level 3+ in SQL Server (instead of 4+)", T0, "referrer");
        (referral.RepostedAs, referral.Timeline[^1].Why).ShouldBe((lower.Id, "reposted with level 3+ in SQL Server (instead of 4+)"));
        lower.Timeline.Single().Why.ShouldBe("posted again with level 3+ in SQL Server (instead of 4+), after the first posting found nobody");
        Should.Throw<ReferralRuleException>(() => referral.RepostCopy(RepostChange.WidenWindow, null, today, T0)).Message.ShouldContain($"as referral {lower.Id}");
        Should.Throw<ReferralRuleException>(() => Posted(1).RepostCopy(RepostChange.WidenWindow, null, today, T0)).Message.ShouldContain("only an unmatched", Case.Insensitive);
    }

    [Fact]
    public void A_window_already_26_weeks_long_is_not_widened()
    {
        var today = new LocalDate(2026, 11, 30);
        var referral = new Referral
        {
            Id = Guid.NewGuid(), Summary = "Long window", EarliestStart = today, LatestStart = today.PlusWeeks(26), EffortHours = 10, HoursPerWeek = 10, PostedAt = T0,
            Skills = [new ReferralSkill { SkillId = "sql-server", Name = "SQL Server", MinLevel = 2 }],
        };
        Wave(referral, T0).ShouldBeEmpty();
        Should.Throw<ReferralRuleException>(() => referral.RepostCopy(RepostChange.WidenWindow, null, today, T0)).Message.ShouldContain("26 weeks already");
        var near = new Referral
        {
            Id = Guid.NewGuid(), Summary = "Nearly as long", EarliestStart = today, LatestStart = today.PlusWeeks(24), EffortHours = 10, HoursPerWeek = 10, PostedAt = T0,
            Skills = [new ReferralSkill { SkillId = "sql-server", Name = "SQL Server", MinLevel = 2 }],
        };
        Wave(near, T0).ShouldBeEmpty();
        near.RepostCopy(RepostChange.WidenWindow, null, today, T0).LatestStart.ShouldBe(today.PlusWeeks(26)); // two weeks more, not four
        near.Describe(RepostChange.WidenWindow, null, today).ShouldEndWith("(2 weeks later)");
    }

    [Fact]
    public void The_client_reads_the_referrers_title_else_the_summarys_first_line_unless_confidential_then_the_skills()
    {
        var open = Posted(0, confidential: false);
        ShareLink.ClientTitle(null, open).ShouldBe("Tune a slow SQL Server");
        ShareLink.ClientTitle("  Faster month-end close  ", open).ShouldBe("Faster month-end close");
        ShareLink.ClientTitle(null, Posted(0, confidential: true)).ShouldBe("SQL Server and Azure work");
        var wordy = new Referral { Summary = new string('w', 300), Skills = [] };
        ShareLink.ClientTitle(null, wordy).Length.ShouldBe(ClientContact.MaxTitle);
    }

    [Theory]
    [InlineData("Priya Shah", "priya@acme.example", true)]
    [InlineData(null, null, true)]
    [InlineData("", "", true)] // blank fields of a form are none
    [InlineData(null, "Priya <priya@acme.example>", false)]
    [InlineData(null, "not an address", false)]
    [InlineData("Two\nlines", null, false)]
    public void A_links_contact_is_a_name_on_one_line_and_one_plain_address(string? name, string? email, bool valid) =>
        ClientContact.Check(new Marketplace.ServiceDefaults.Validation(), name, email).IsValid.ShouldBe(valid);

    [Fact]
    public void A_contact_not_chosen_is_the_member_who_made_the_link_by_name()
    {
        var maker = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim("name", "Priya Shah")]));
        ClientContact.Chosen(null, null, maker).ShouldBe(new ClientContact("Priya Shah", null));
        ClientContact.Chosen("  ", " office@acme.example ", maker).ShouldBe(new ClientContact(null, "office@acme.example"));
        ClientContact.Chosen("Front desk", null, maker).ShouldBe(new ClientContact("Front desk", null));
    }
}
