extern alias portal;
using portal::Marketplace.Portal;
using portal::Marketplace.Portal.Forms;
using portal::Marketplace.Portal.Gateway;
using portal::Marketplace.Portal.Navigation;
using portal::Marketplace.Portal.Pages.Firm;
using portal::Marketplace.Portal.Pages.Referrals;
using Shouldly;

namespace Marketplace.EndToEnd.Tests;

/// <summary>
/// The portal's rules on their own, without a browser or a host: which pages a firm's menu shows, what waits for a
/// person and in which order, and the forms' checks in the words people read.
/// </summary>
public sealed class PortalRulesTests
{
    private static readonly Guid Us = Guid.NewGuid();
    private static readonly Guid Them = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 25);

    private static Viewer As(string role) => new(Us, "Northwind IT", "Priya", role);

    private static FirmItem Firm(bool takesReferrals, string zone = "Europe/London", string? country = null) =>
        new(Us, "Northwind IT", "", [], zone, [1, 2, 3, 4, 5], "09:00", "17:00", takesReferrals, takesReferrals, country);

    private static ReferralItem Referral(string status, Guid? partner = null, DateOnly? latest = null, DateOnly? plannedStart = null, string? currency = null,
        int? waveSize = null, DateTimeOffset? posted = null, string summary = "Migrate 40 mailboxes") =>
        new(Guid.NewGuid(), status, summary, [new("m365-migration", "M365 Migration", 3)], 40, 10, Today.AddDays(5), latest ?? Today.AddDays(20), "Europe/London",
            null, "HandOff", "Normal", 1, partner, plannedStart, null, 0, posted ?? Now.AddDays(-1), ["At level 3, two partners can start 1 Dec"],
            Currency: currency, WaveSize: waveSize);

    /// <summary>An offer with the time left and whether Matching counts it under 2 business hours (across a night it may not be).</summary>
    private static OfferDue Offer(TimeSpan left, string summary, bool dueSoon = false) =>
        new(Guid.NewGuid(), Guid.NewGuid(), summary, 20, 10, Today.AddDays(7), Now + left, dueSoon);

    private static string[] Labels(Viewer me, FirmActivity firm, ActionCounts? counts = null) => [.. Menu.For(me, firm, counts ?? ActionCounts.None).Select(e => e.Label)];

    [Fact]
    public void A_firm_refers_when_it_does_not_take_referrals_or_has_posted_or_invited_and_takes_referrals_by_its_profile_or_open_work()
    {
        FirmActivity.Of(takesReferrals: false, 0, 0, 0, 0).ShouldBe(new FirmActivity(Refers: true, TakesReferrals: false));
        FirmActivity.Of(takesReferrals: true, 0, 0, 0, 0).ShouldBe(new FirmActivity(Refers: false, TakesReferrals: true));
        FirmActivity.Of(takesReferrals: true, postedReferrals: 1, 0, 0, 0).Both.ShouldBeTrue();
        FirmActivity.Of(takesReferrals: true, 0, invitedPartners: 1, 0, 0).Both.ShouldBeTrue();
        // A firm that stopped taking referrals still answers its open offers and finishes the work it won.
        FirmActivity.Of(takesReferrals: false, 0, 0, openOffers: 1, 0).TakesReferrals.ShouldBeTrue();
        FirmActivity.Of(takesReferrals: false, 0, 0, 0, wonWorkUnderWay: 1).TakesReferrals.ShouldBeTrue();
        FirmActivity.Of(takesReferrals: null, 0, 0, 0, 0).ShouldBe(FirmActivity.Unknown); // profile unread: hide nothing
    }

    [Fact]
    public void The_menu_shows_the_pages_for_what_the_firm_does_and_for_the_persons_role()
    {
        var refers = new FirmActivity(true, false);
        var takes = new FirmActivity(false, true);
        Labels(As("Owner"), refers).ShouldBe(["Dashboard", "Referrals", "Availability links", "Firm profile", "Fees", "Partnerships", "Members"]);
        Labels(As("Owner"), takes).ShouldBe(["Dashboard", "Offer inbox", "Capacity", "Calendar feeds", "Profile & skills", "Fees", "Partnerships", "Members"]);
        Labels(As("Dispatcher"), new FirmActivity(true, true)).ShouldBe(
            ["Dashboard", "Referrals", "Offer inbox", "Capacity", "Calendar feeds", "Profile & skills", "Availability links", "Fees", "Partnerships"]);
        // Engineers see the work they do, their time and their skills; they answer no offers and see no money.
        Labels(As("Engineer"), takes).ShouldBe(["Capacity", "Calendar feeds", "Profile & skills"]);
        Labels(As("Engineer"), takes, new ActionCounts(0, 0, 0, 0, WonWork: 1)).ShouldBe(["Referrals", "Capacity", "Calendar feeds", "Profile & skills"]);
        Labels(As("Engineer"), refers).ShouldBe(["Referrals"]);
        Labels(As("Admin"), FirmActivity.Unknown).ShouldBe(["Certification reviews", "Fee disputes"]);
    }

    [Fact]
    public void Counts_stand_beside_the_entries_only_for_those_who_act_on_them()
    {
        var counts = new ActionCounts(Offers: 2, Referrals: 1, Partnerships: 3, FeesToConfirm: 1, WonWork: 0);
        var owner = Menu.For(As("Owner"), new FirmActivity(true, true), counts).ToDictionary(e => e.Label, e => e.Count);
        (owner["Offer inbox"], owner["Referrals"], owner["Partnerships"], owner["Fees"]).ShouldBe((2, 1, 3, 1));
        var dispatcher = Menu.For(As("Dispatcher"), new FirmActivity(true, true), counts).ToDictionary(e => e.Label, e => e.Count);
        (dispatcher["Offer inbox"], dispatcher["Referrals"], dispatcher["Partnerships"], dispatcher["Fees"]).ShouldBe((2, 1, 0, 0)); // Owners answer those
        counts.Total.ShouldBe(7);
    }

    [Fact]
    public void Needs_your_action_lists_the_soonest_deadline_first_flags_one_under_two_hours_and_leaves_out_what_is_not_the_persons()
    {
        var accepted = Referral("Accepted", partner: Them, summary: "Tune SQL Server");
        var won = Referral("Accepted", partner: Us, summary: "Work we won"); // the referrer confirms that, not us
        var stale = Referral("Unmatched", latest: Today.AddDays(-1), summary: "Too late to change");
        var unmatched = Referral("Unmatched", summary: "Nobody could");
        var started = Referral("Confirmed", partner: Us, plannedStart: Today, summary: "Starts today");
        var proposal = new PartnershipItem(Guid.NewGuid(), Them, true, "Active", "", null,
            new AgreementItem(2, ["HandOff"], "Percent", 10, null, null, 12, 4, 3, "Proposed", ProposedByUs: false), null);
        var ours = new PartnershipItem(Guid.NewGuid(), Guid.NewGuid(), true, "Active", "", null,
            new AgreementItem(3, ["HandOff"], "Percent", 12, null, null, 12, 4, 3, "Proposed", ProposedByUs: true), null);
        var stated = new FeeItem(Guid.NewGuid(), Us, Them, "Percent", 500, "USD", 2, Now, "Pending", 5000, "USD", null, null, null, "Firewall audit");
        var work = new Workload(Firm(true), [Offer(TimeSpan.FromHours(3), "Later"), Offer(TimeSpan.FromMinutes(90), "Sooner", dueSoon: true)],
            [accepted, won, stale, unmatched, started], [proposal, ours], new FeesLedger([], [], [], [stated]));
        var names = new Dictionary<Guid, string> { [Them] = "Relay Networks" };

        var owner = ActionList.Build(As("Owner"), work, Now, names);
        owner.Select(a => a.Kind).ShouldBe([ActionKind.Offer, ActionKind.Offer, ActionKind.ConfirmPartner, ActionKind.SayWorkStarted,
            ActionKind.Countersign, ActionKind.ConfirmJobValue, ActionKind.Unmatched]);
        owner[0].What.ShouldBe("Offer: Sooner");
        (owner[0].Tone, owner[1].Tone).ShouldBe(("bad", "wait"));
        owner[2].What.ShouldBe("Relay Networks accepted: Tune SQL Server");
        owner[4].What.ShouldBe("Relay Networks proposes new terms (agreement v2)");
        owner[5].What.ShouldBe("Relay Networks says Firewall audit was worth 5,000.00 USD");
        owner[5].Detail.ShouldContain("agreement v2");
        owner[6].Help.ShouldBe(["At level 3, two partners can start 1 Dec"]);
        owner[6].SecondaryHref.ShouldBe($"/portal/referrals/new?copy={unmatched.Id}");
        owner.ShouldAllBe(a => a.Href.StartsWith("/portal/", StringComparison.Ordinal));

        // A Dispatcher decides referrals and offers; partnerships and fees are the Owners'. An Engineer acts on none of it.
        ActionList.Build(As("Dispatcher"), work, Now, names).Select(a => a.Kind).ShouldNotContain(ActionKind.Countersign);
        ActionList.Build(As("Dispatcher"), work, Now, names).Select(a => a.Kind).ShouldNotContain(ActionKind.ConfirmJobValue);
        ActionList.Build(As("Engineer"), work, Now, names).ShouldBeEmpty();
        ActionList.Count(As("Owner"), work, Now).ShouldBe(new ActionCounts(Offers: 2, Referrals: 3, Partnerships: 1, FeesToConfirm: 1, WonWork: 2));
    }

    [Fact]
    public void A_careless_referral_form_gets_every_problem_at_once_in_plain_words_and_a_good_one_none()
    {
        var careless = new ReferralForm
        {
            Summary = "SQL", Skills = [new() { Skill = "" }, new()], EffortHours = "", HoursPerWeek = "81", EarliestStart = "2026-12-14",
            LatestStart = "2026-12-07", ClientTimeZone = "Mars/Olympus", BudgetMin = "5000", BudgetMax = "1000", Currency = "DOLLARS", WaveSize = "0",
        };
        careless.Check(Today).ShouldBe([
            ("Summary", "Say a little more about the job: at least 10 characters."),
            ("Skills[0].Skill", "Name at least one skill the job needs."),
            ("EffortHours", "Give the effort in whole hours, from 1 to 2,000."),
            ("HoursPerWeek", "Give the hours a week as a whole number, from 1 to 80."),
            ("LatestStart", "The latest start is before the earliest start."),
            ("ClientTimeZone", "Choose the client's time zone."),
            ("BudgetMax", "The top of the budget is below its bottom."),
            ("Currency", "Give the currency as its three-letter code, such as USD, EUR or GBP."),
            ("WaveSize", "Ask 1 to 10 partners at a time."),
        ]);
        careless.Check(Today).ShouldAllBe(p => !p.Message.Contains("latestStart") && !p.Message.Contains("effortHours"));

        var good = ReferralForm.New(new FirmDefaults("America/New_York", "USD", 3), Today);
        good.Summary = "Replace two branch VPNs with SD-WAN";
        good.Skills[0].Skill = "SD-WAN";
        good.Check(Today).ShouldBeEmpty();
        (good.ClientTimeZone, good.Currency, good.WaveSize, good.EarliestStart).ShouldBe(("America/New_York", "USD", "3", "2026-11-28"));
    }

    [Theory]
    [InlineData("EffortHours", "2001", "Give the effort in whole hours, from 1 to 2,000.")]
    [InlineData("EffortHours", "99999999999999999999", "Give the effort in whole hours, from 1 to 2,000.")]
    [InlineData("EffortHours", "12.5", "Give the effort in whole hours, from 1 to 2,000.")]
    [InlineData("EffortHours", "1000", "At 10 h a week, 1000 h would take more than 26 weeks: raise the hours a week or split the job.")]
    [InlineData("EffortHours", "5", "The effort (5 h) is less than one week's hours (10 h): lower the hours a week.")]
    [InlineData("EarliestStart", "9999-12-31", "The earliest start is more than 2 years away.")]
    [InlineData("EarliestStart", "2026-11-23", "The earliest start is in the past.")]
    [InlineData("EarliestStart", "31/12/2026", "The earliest start is not a date.")]
    [InlineData("BudgetMax", "100000000.01", "Give the budget as an amount from 0 to 100,000,000.")]
    [InlineData("Summary", null, "Say what the job is.")]
    public void Boundaries_are_said_in_plain_words(string field, string? value, string message)
    {
        var form = ReferralForm.New(new FirmDefaults("UTC", null, 3), Today);
        form.Summary = "Replace two branch VPNs with SD-WAN";
        form.Skills[0].Skill = "SD-WAN";
        typeof(ReferralForm).GetProperty(field)!.SetValue(form, value);
        form.Check(Today).Where(p => p.Field == field).Select(p => p.Message).ShouldContain(message);
    }

    [Fact]
    public void A_summary_of_the_longest_length_passes_and_one_character_more_is_said_with_its_length()
    {
        var form = ReferralForm.New(new FirmDefaults("UTC", null, 3), Today);
        form.Skills[0].Skill = "SD-WAN";
        form.Summary = new string('a', ReferralForm.MaxSummary);
        form.Check(Today).ShouldBeEmpty();
        form.Summary += "a";
        form.Check(Today).ShouldBe([("Summary", "Keep the description to 2,000 characters; it has 2,001.")]);
    }

    [Fact]
    public void Agreement_terms_are_checked_all_at_once_and_only_the_fields_of_the_chosen_fee_count()
    {
        new AgreementForm { Modes = [], FeeKind = "Percent", FeePercent = "80", Sla = "0", MaxConcurrent = "101", NonSolicitMonths = "-1" }.Check().ShouldBe([
            ("Modes", "Choose hand-off, white-label or both."),
            ("FeePercent", "With a percent fee, give the percent: more than 0 and at most 50, e.g. 10 or 12.5."),
            ("Sla", "Give the time to answer an offer in business hours, from 1 to 80."),
            ("MaxConcurrent", "Give how many referrals the partner takes at once, from 1 to 100."),
            ("NonSolicitMonths", "Give the no-poaching time in months, from 0 to 60."),
        ]);
        new AgreementForm { Modes = ["HandOff"], FeeKind = "Flat", FeePercent = "80", FeeAmount = "250.555", FeeCurrency = "usd" }.Check().Select(p => p.Field)
            .ShouldBe(["FeeAmount"]); // a percent is not looked at for a flat fee; the currency is taken in any case
        new AgreementForm { Modes = ["HandOff", "WhiteLabel"], FeeKind = "Reciprocity", FeePercent = "abc" }.Check().ShouldBeEmpty();
        AgreementForm.From(null, "GBP").FeeCurrency.ShouldBe("GBP");
    }

    [Fact]
    public void A_firms_forms_start_from_its_zone_its_last_currency_or_its_countrys_and_its_last_wave_size()
    {
        var fresh = FirmDefaults.Of(Firm(true, "America/Chicago"), [], Us);
        fresh.ShouldBe(new FirmDefaults("America/Chicago", "USD", 3));
        FirmDefaults.Of(Firm(true, "Europe/Berlin", country: "CH"), [], Us).Currency.ShouldBe("CHF"); // the holidays' country first
        FirmDefaults.Of(Firm(true, "Etc/UTC"), [], Us).Currency.ShouldBeNull();
        var used = FirmDefaults.Of(Firm(true, "America/Chicago"), [
            Referral("Offering", currency: "EUR", waveSize: 5, posted: Now.AddDays(-1)),
            Referral("Offering", currency: "GBP", waveSize: 2, posted: Now.AddDays(-9)),
            Referral("Offering", partner: Us, currency: "JPY", waveSize: 7, posted: Now), // won, not posted by us
        ], Us);
        (used.Currency, used.WaveSize).ShouldBe(("EUR", 5));
        FirmDefaults.Of(null, null, Us).ShouldBe(new FirmDefaults("UTC", null, 3));
    }

    [Theory]
    [InlineData("", "2027-01-08", "Give the first and the last day away as dates.")]
    [InlineData("2027-01-04", "next friday", "Give the first and the last day away as dates.")]
    [InlineData("2027-01-08", "2027-01-04", "The last day away is before the first.")]
    [InlineData("2027-01-04", "2028-01-05", "Add at most a year of time off at once.")]
    [InlineData("99999-01-01", "99999-01-02", "Give the first and the last day away as dates.")]
    [InlineData("2027-01-04", "2027-01-08", null)]
    public void Time_off_from_the_grid_is_refused_in_words_before_the_api_is_asked(string first, string last, string? problem) =>
        portal::Marketplace.Portal.Pages.Partner.CapacityModel.TimeOffProblem(first, last).ShouldBe(problem);
}
