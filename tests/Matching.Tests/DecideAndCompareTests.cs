using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Matching.Data;
using Marketplace.Matching.Partners;
using Marketplace.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Shouldly;

namespace Marketplace.Matching.Tests;

/// <summary>
/// Issue 19 part B through Matching's API on a real database: the inbox's facts and what is new to whom, declines in one tap,
/// the next wave early, reposting an unmatched referral with one change, and links whose clients always get an answer.
/// </summary>
public sealed class DecideAndCompareTests : MatchingApiTest
{
    private static readonly Guid Referrer = Guid.NewGuid();
    private static readonly string ReferrerOwner = TestTokens.For(Referrer, "Owner", "referrer-owner-19b");
    private static readonly LocalDate ThisMonday = Calendar.WorkingWeek.WeekStart(SystemClock.Instance.GetCurrentInstant().InUtc().Date);
    private static readonly LocalDate NextMonday = ThisMonday.PlusWeeks(1);
    private const string StateConflict = "https://marketplace.local/problems/state-conflict";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await ChangeAsync(db => db.Partners.Add(new Partner
        {
            FirmId = Referrer, Name = "Northwind IT", TimeZone = "America/New_York", TakesReferrals = false, Regions = ["New England", "New York"],
        }));
    }

    private async Task ChangeAsync(Action<MatchingDbContext> change)
    {
        await using var scope = Service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MatchingDbContext>();
        change(db);
        await db.SaveChangesAsync(Ct);
        Market.Written(Service.Services);
    }

    /// <summary>A partner at <paramref name="level"/> in SQL Server in London that Scheduling says can start next Monday; partnered at 10 % when asked.</summary>
    private Task<Guid> PartnerAsync(string name, int level = 5, bool partnered = false) =>
        Market.SeedPartnerAsync(Service.Services, new(name) { SqlLevel = level, Terms = partnered ? PartnershipTerms.Standard with { MaxConcurrent = 5 } : null }, Neighbours, Referrer);

    private async Task<Guid> PostAsync(int waveSize = 1, bool confidential = true, decimal? budgetMin = null, decimal? budgetMax = null, bool partnersOnly = false,
        string summary = "Tune a slow SQL Server for a 40-user accounting firm") =>
        (await Client.CallAsync(HttpMethod.Post, "/api/matching/referrals", ReferrerOwner, new
        {
            summary, skills = new[] { new { skillId = "sql-server", minLevel = 4 } }, effortHours = 30, hoursPerWeek = 10,
            earliestStart = NextMonday.ToDateOnly(), latestStart = NextMonday.PlusWeeks(3).ToDateOnly(), clientTimeZone = "America/New_York",
            clientName = "Contoso Accounting", engagementMode = "HandOff", waveSize, confidential, budgetMin, budgetMax, currency = budgetMin is null && budgetMax is null ? null : "USD",
            partnersOnly,
        }, HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private async Task<List<JsonElement>> InboxAsync(string token) =>
        [.. (await Client.CallAsync(HttpMethod.Get, "/api/matching/offers", token, null, HttpStatusCode.OK)).EnumerateArray()];

    private async Task<List<string>> TimelineAsync(Guid referral) =>
        [.. (await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{referral}/timeline", ReferrerOwner, null, HttpStatusCode.OK))
            .EnumerateArray().Select(t => t.GetProperty("why").GetString()!)];

    private async Task<string> StatusAsync(Guid referral) =>
        (await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{referral}", ReferrerOwner, null, HttpStatusCode.OK)).GetProperty("status").GetString()!;

    private async Task<JsonElement> CandidatesAsync(Guid referral) =>
        await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{referral}/candidates", ReferrerOwner, null, HttpStatusCode.OK);

    private async Task<(HttpStatusCode Status, JsonElement Body)> RepostAsync(Guid referral, object body, string? key = null, string? token = null)
    {
        using var request = Accounts.Authorized(HttpMethod.Post, $"/api/matching/referrals/{referral}/repost", token ?? ReferrerOwner);
        request.Content = JsonContent.Create(body);
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        using var response = await Client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, JsonDocument.Parse(text.Length == 0 ? "{}" : text).RootElement);
    }

    [Fact]
    public async Task The_inbox_says_who_refers_where_the_budget_and_fee_and_what_is_new_to_each_member_and_hides_a_confidential_referrer()
    {
        var partner = await PartnerAsync("Facts SQL", partnered: true);
        var named = await PostAsync(confidential: false, budgetMin: 3000, budgetMax: 5000, summary: "Named referral: tune SQL Server for a law firm");
        var hidden = await PostAsync(confidential: true);
        var (owner, dispatcher) = (Market.Token(partner), TestTokens.For(partner, "Dispatcher", "dispatcher-of-facts"));

        var inbox = await InboxAsync(owner);
        inbox.Select(o => o.GetProperty("referralId").GetGuid()).ShouldBe([named, hidden], ignoreOrder: true);
        inbox.Select(o => o.GetProperty("dueAt").GetDateTimeOffset()).ShouldBeInOrder(); // soonest deadline first
        var open = inbox.Single(o => o.GetProperty("referralId").GetGuid() == named);
        (open.GetProperty("referrerName").GetString(), open.GetProperty("clientTimeZone").GetString(), open.GetProperty("weeks").GetInt32()).ShouldBe(("Northwind IT", "America/New_York", 3));
        open.GetProperty("referrerRegions").EnumerateArray().Select(r => r.GetString()).ShouldBe(["New England", "New York"]);
        (open.GetProperty("budget").GetProperty("min").GetDecimal(), open.GetProperty("budget").GetProperty("max").GetDecimal(), open.GetProperty("budget").GetProperty("currency").GetString())
            .ShouldBe((3000m, 5000m, "USD"));
        var fee = open.GetProperty("expectedFee");
        (fee.GetProperty("kind").GetString(), fee.GetProperty("min").GetDecimal(), fee.GetProperty("max").GetDecimal(), fee.GetProperty("text").GetString())
            .ShouldBe(("Percent", 300m, 500m, "about 300–500 USD (10 % of the 3,000–5,000 USD budget)"));
        open.GetProperty("dueSoon").GetBoolean().ShouldBeFalse(); // four business hours to answer
        var secret = inbox.Single(o => o.GetProperty("referralId").GetGuid() == hidden);
        (secret.GetProperty("referrerName").ValueKind, secret.GetProperty("budget").ValueKind, secret.GetProperty("referrerRegions").GetArrayLength())
            .ShouldBe((JsonValueKind.Null, JsonValueKind.Null, 0));
        secret.GetProperty("expectedFee").GetProperty("text").GetString().ShouldBe("10 % of the job value; the referrer stated no budget");
        secret.GetRawText().ShouldNotContain("Northwind");
        secret.GetRawText().ShouldNotContain("New England");

        // New to every member until each opens the inbox: the owner's look marks them seen for the owner only, never back.
        inbox.ShouldAllBe(o => o.GetProperty("isNew").GetBoolean());
        var newest = inbox.Max(o => o.GetProperty("madeAt").GetDateTimeOffset());
        await Client.CallAsync(HttpMethod.Post, "/api/matching/offers/read", owner, new { upTo = newest }, HttpStatusCode.NoContent);
        (await InboxAsync(owner)).ShouldAllBe(o => !o.GetProperty("isNew").GetBoolean());
        (await InboxAsync(dispatcher)).ShouldAllBe(o => o.GetProperty("isNew").GetBoolean());
        await Client.CallAsync(HttpMethod.Post, "/api/matching/offers/read", owner, new { upTo = newest.AddDays(-1) }, HttpStatusCode.NoContent);
        (await InboxAsync(owner)).ShouldAllBe(o => !o.GetProperty("isNew").GetBoolean());
        var counts = await Client.CallAsync(HttpMethod.Get, "/api/matching/offers/counts", dispatcher, null, HttpStatusCode.OK);
        (counts.GetProperty("open").GetInt32(), counts.GetProperty("new").GetInt32(), counts.GetProperty("dueSoon").GetInt32()).ShouldBe((2, 2, 0));
        // A mark in the future is taken as now: an offer made afterwards is new again.
        await Client.CallAsync(HttpMethod.Post, "/api/matching/offers/read", dispatcher, new { upTo = DateTimeOffset.UtcNow.AddYears(5) }, HttpStatusCode.NoContent);
        await Client.CallAsync(HttpMethod.Post, "/api/matching/offers/read", dispatcher, new { upTo = DateTimeOffset.MaxValue }, HttpStatusCode.NoContent);
        var later = await PostAsync(confidential: false);
        (await InboxAsync(dispatcher)).Where(o => o.GetProperty("isNew").GetBoolean()).Select(o => o.GetProperty("referralId").GetGuid()).ShouldBe([later]);

        // Under two business hours left: due soon, in the inbox and the counts.
        await Service.Db.ScalarAsync<int>($"""UPDATE "Offers" SET "DueAt" = now() + interval '30 minutes' WHERE "ReferralId" = '{hidden}' RETURNING 1""");
        (await InboxAsync(owner)).Single(o => o.GetProperty("referralId").GetGuid() == hidden).GetProperty("dueSoon").GetBoolean().ShouldBeTrue();
        (await Client.CallAsync(HttpMethod.Get, "/api/matching/offers/counts", owner, null, HttpStatusCode.OK)).GetProperty("dueSoon").GetInt32().ShouldBe(1);

        // Another firm's inbox and counts say nothing of these.
        var stranger = TestTokens.For(Guid.NewGuid(), "Owner");
        (await InboxAsync(stranger)).ShouldBeEmpty();
        var none = await Client.CallAsync(HttpMethod.Get, "/api/matching/offers/counts", stranger, null, HttpStatusCode.OK);
        (none.GetProperty("open").GetInt32(), none.GetProperty("new").GetInt32()).ShouldBe((0, 0));
    }

    [Fact]
    public async Task A_partner_declines_in_one_tap_with_a_note_the_referrer_reads_it_and_the_next_partner_is_asked()
    {
        // Ranked in this order: a partner first, then the better skill fit.
        var (first, second, third) = (await PartnerAsync("Busy SQL", partnered: true), await PartnerAsync("Second SQL"), await PartnerAsync("Third SQL", level: 4));
        var referral = await PostAsync(waveSize: 1);
        var offer = (await InboxAsync(Market.Token(first))).Single().GetProperty("offerId").GetGuid();
        var url = $"/api/matching/offers/{offer}/decline";

        foreach (var (body, field) in new (object Body, string Field)[]
        {
            (new { code = "Busy" }, "code"), (new { code = "TooBusy, Budget" }, "code"), (new { code = "TooBusy", note = new string('n', 501) }, "note"),
            (new { reason = "" }, "reason"), (new { }, "reason"), (new { reason = new string('r', 501) }, "reason"),
        })
        {
            var refused = await Client.CallAsync(HttpMethod.Post, url, Market.Token(first), body, HttpStatusCode.BadRequest);
            refused.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe([field], JsonSerializer.Serialize(body));
        }
        await Client.CallAsync(HttpMethod.Post, url, TestTokens.For(first, "Engineer"), new { code = "TooBusy" }, HttpStatusCode.Forbidden);
        await Client.CallAsync(HttpMethod.Post, url, Market.Token(second), new { code = "TooBusy" }, HttpStatusCode.NotFound);
        await Client.CallAsync(HttpMethod.Post, url, Market.Token(first), new { code = "TooBusy", note = "Booked solid until the 20th" }, HttpStatusCode.OK);

        var candidates = (await CandidatesAsync(referral)).GetProperty("candidates").EnumerateArray().ToList();
        var busy = candidates.Single(c => c.GetProperty("firmId").GetGuid() == first);
        (busy.GetProperty("offer").GetString(), busy.GetProperty("answer").GetString(), busy.GetProperty("declineCode").GetString(), busy.GetProperty("wave").GetInt32())
            .ShouldBe(("Declined", "Too busy: Booked solid until the 20th", "TooBusy", 1));
        candidates.Single(c => c.GetProperty("firmId").GetGuid() == second).GetProperty("offer").GetString().ShouldBe("Open");
        (await TimelineAsync(referral)).ShouldContain("offer declined: Too busy: Booked solid until the 20th");
        using var declined = JsonDocument.Parse((await Service.Db.ScalarAsync<string>(
            """SELECT "Body" FROM "OutboxMessages" WHERE "MessageType" LIKE '%.OfferDeclined' ORDER BY "Sequence" DESC LIMIT 1"""))!);
        (declined.RootElement.GetProperty("reason").GetString(), declined.RootElement.GetProperty("reasonCode").GetString()).ShouldBe(("Too busy: Booked solid until the 20th", "TooBusy"));

        // A reason typed from scratch (a client from before the codes) still declines, and reads as typed.
        var next = (await InboxAsync(Market.Token(second))).Single().GetProperty("offerId").GetGuid();
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{next}/decline", Market.Token(second), new { reason = "Not our kind of work" }, HttpStatusCode.OK);
        var typed = (await CandidatesAsync(referral)).GetProperty("candidates").EnumerateArray().Single(c => c.GetProperty("firmId").GetGuid() == second);
        (typed.GetProperty("answer").GetString(), typed.GetProperty("declineCode").ValueKind).ShouldBe(("Not our kind of work", JsonValueKind.Null));
        (await InboxAsync(Market.Token(third))).ShouldHaveSingleItem();
        // The partners read nothing of each other's answers.
        (await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{referral}/timeline", Market.Token(third), null, HttpStatusCode.OK)).GetRawText().ShouldNotContain("Booked solid");
    }

    [Fact]
    public async Task The_referrer_asks_the_next_wave_early_once_per_wave_and_the_first_accept_still_wins()
    {
        var (first, second, third) = (await PartnerAsync("Wave One SQL", partnered: true), await PartnerAsync("Wave Two SQL"), await PartnerAsync("Wave Three SQL", level: 4));
        var referral = await PostAsync(waveSize: 1);
        var url = $"/api/matching/referrals/{referral}/next-wave";
        var before = (await CandidatesAsync(referral)).GetProperty("nextWave");
        (before.GetProperty("size").GetInt32(), before.GetProperty("candidatesLeft").GetInt32(), before.GetProperty("refusal").ValueKind).ShouldBe((1, 2, JsonValueKind.Null));

        await Client.CallAsync(HttpMethod.Post, url, TestTokens.For(Referrer, "Engineer"), null, HttpStatusCode.Forbidden);
        await Client.CallAsync(HttpMethod.Post, url, Market.Token(first), null, HttpStatusCode.NotFound); // the partner's is not the referrer's to send
        var sent = await Client.CallAsync(HttpMethod.Post, url, TestTokens.For(Referrer, "Dispatcher"), null, HttpStatusCode.OK);
        (sent.GetProperty("wave").GetInt32(), sent.GetProperty("openOffers").GetInt32()).ShouldBe((2, 2));
        (await InboxAsync(Market.Token(second))).ShouldHaveSingleItem();
        (await InboxAsync(Market.Token(third))).ShouldBeEmpty();
        (await TimelineAsync(referral)).ShouldContain(t => t.StartsWith("referrer asked for wave 2 before wave 1 ran out", StringComparison.Ordinal));

        var again = await Client.CallAsync(HttpMethod.Post, url, ReferrerOwner, null, HttpStatusCode.Conflict);
        (again.GetProperty("type").GetString(), again.GetProperty("detail").GetString()).ShouldBe((StateConflict,
            "Wave 1 still has open offers: at most 2 waves are out at once. Wait for its answers or its deadlines."));
        (await CandidatesAsync(referral)).GetProperty("nextWave").GetProperty("refusal").GetString()!.ShouldStartWith("Wave 1 still has open offers");

        // The second wave's partner accepts first: the first wave's offer is withdrawn, and no wave goes any more.
        var offer = (await InboxAsync(Market.Token(second))).Single().GetProperty("offerId").GetGuid();
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{offer}/accept", Market.Token(second), null, HttpStatusCode.OK);
        (await InboxAsync(Market.Token(first))).ShouldBeEmpty();
        var after = await CandidatesAsync(referral);
        after.GetProperty("nextWave").ValueKind.ShouldBe(JsonValueKind.Null);
        after.GetProperty("candidates").EnumerateArray().Single(c => c.GetProperty("firmId").GetGuid() == first).GetProperty("offer").GetString().ShouldBe("Withdrawn");
        (await Client.CallAsync(HttpMethod.Post, url, ReferrerOwner, null, HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("accepted");
    }

    [Fact]
    public async Task An_unmatched_referral_is_reposted_once_with_a_suggested_change_without_the_partners_who_declined()
    {
        var decliner = await PartnerAsync("Declining SQL", partnered: true);
        var directory = await PartnerAsync("Directory SQL");
        var referral = await PostAsync(waveSize: 1, partnersOnly: true);
        var offer = (await InboxAsync(Market.Token(decliner))).Single().GetProperty("offerId").GetGuid();
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{offer}/decline", Market.Token(decliner), new { code = "Dates" }, HttpStatusCode.OK);
        (await StatusAsync(referral)).ShouldBe("Unmatched");

        // Each change ranked as the repost would be: only the directory finds someone (the decliner is not asked again).
        var suggestions = (await CandidatesAsync(referral)).GetProperty("suggestions").EnumerateArray()
            .ToDictionary(s => s.GetProperty("change").GetString()!, s => s.GetProperty("partners").GetInt32());
        suggestions.ShouldBe(new Dictionary<string, int> { ["LowerLevel"] = 0, ["WidenWindow"] = 0, ["AllowOtherMode"] = 0, ["IncludeDirectory"] = 1 });

        foreach (var (body, field) in new (object Body, string Field)[]
        {
            (new { change = "Everything" }, "change"), (new { }, "change"), (new { change = "LowerLevel" }, "skillId"),
            (new { change = "LowerLevel", skillId = new string('s', 101) }, "skillId"),
        })
        {
            var (status, refused) = await RepostAsync(referral, body);
            status.ShouldBe(HttpStatusCode.BadRequest, JsonSerializer.Serialize(body));
            refused.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe([field]);
        }
        (await RepostAsync(referral, new { change = "LowerLevel", skillId = "azure" })).Status.ShouldBe(HttpStatusCode.Conflict); // not a skill it asks for
        (await RepostAsync(referral, new { change = "IncludeDirectory" }, token: TestTokens.For(Referrer, "Engineer"))).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await RepostAsync(referral, new { change = "IncludeDirectory" }, token: Market.Token(directory))).Status.ShouldBe(HttpStatusCode.NotFound);

        var key = $"repost-{Guid.NewGuid():N}";
        var (created, copy) = await RepostAsync(referral, new { change = "IncludeDirectory" }, key);
        created.ShouldBe(HttpStatusCode.Created, copy.GetRawText());
        var id = copy.GetProperty("id").GetGuid();
        (copy.GetProperty("status").GetString(), copy.GetProperty("repostOf").GetGuid(), copy.GetProperty("openOffers").GetInt32()).ShouldBe(("Offering", referral, 1));
        (await InboxAsync(Market.Token(directory))).Single().GetProperty("referralId").GetGuid().ShouldBe(id);
        (await InboxAsync(Market.Token(decliner))).ShouldBeEmpty();
        (await CandidatesAsync(id)).GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("firmId").GetGuid()).ShouldBe([directory]);

        // A retry with the key is the same repost; another repost is refused, naming the new referral; the first says where it went.
        var (replayed, same) = await RepostAsync(referral, new { change = "IncludeDirectory" }, key);
        (replayed, same.GetProperty("id").GetGuid()).ShouldBe((HttpStatusCode.Created, id));
        (await RepostAsync(referral, new { change = "WidenWindow" }, key)).Status.ShouldBe((HttpStatusCode)422);
        var (twice, refusedTwice) = await RepostAsync(referral, new { change = "WidenWindow" });
        (twice, refusedTwice.GetProperty("detail").GetString()!.Contains(id.ToString())).ShouldBe((HttpStatusCode.Conflict, true));
        var original = await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{referral}", ReferrerOwner, null, HttpStatusCode.OK);
        (original.GetProperty("status").GetString(), original.GetProperty("repostedAs").GetGuid()).ShouldBe(("Unmatched", id));
        (await CandidatesAsync(referral)).GetProperty("suggestions").ValueKind.ShouldBe(JsonValueKind.Null);
        (await TimelineAsync(referral)).ShouldContain("reposted with partners outside existing partnerships");
        (await TimelineAsync(id)).ShouldContain("posted again with partners outside existing partnerships, after the first posting found nobody");
        (await Service.Db.ScalarAsync<long>($"""SELECT count(*) FROM "Referrals" WHERE "RepostOf" = '{referral}'""")).ShouldBe(1L);

        // Only an unmatched referral is reposted.
        var (offering, why) = await RepostAsync(id, new { change = "WidenWindow" });
        (offering, why.GetProperty("type").GetString()).ShouldBe((HttpStatusCode.Conflict, StateConflict));
    }

    [Fact]
    public async Task An_availability_link_is_made_only_with_a_partner_that_could_answer_and_its_client_reads_who_sent_it_and_whom_to_contact()
    {
        var link = "/api/matching/availability-links";
        var refused = await Client.CallAsync(HttpMethod.Post, link, ReferrerOwner, new { skillId = "sql-server", hoursPerWeek = 10 }, HttpStatusCode.Conflict);
        (refused.GetProperty("type").GetString(), refused.GetProperty("detail").GetString()!).ShouldBe(("https://marketplace.local/problems/no-partner-for-skill",
            "None of your active partners claims SQL Server, so a client opening this link would get no answer. Partner with a firm that does (Partnerships, or the directory) and make the link then."));
        var directoryOnly = await PartnerAsync("Not A Partner SQL"); // in the directory, but no partner of the referrer's
        await Client.CallAsync(HttpMethod.Post, link, ReferrerOwner, new { skillId = "sql-server", hoursPerWeek = 10 }, HttpStatusCode.Conflict);
        (await Client.CallAsync(HttpMethod.Post, link, ReferrerOwner, new { skillId = "unknown-skill", hoursPerWeek = 10 }, HttpStatusCode.BadRequest))
            .GetProperty("errors").TryGetProperty("skillId", out _).ShouldBeTrue();
        foreach (var email in new[] { "not an address", "Priya <priya@northwind.example>", new string('a', 250) + "@x.io" })
        {
            (await Client.CallAsync(HttpMethod.Post, link, ReferrerOwner, new { skillId = "sql-server", hoursPerWeek = 10, contactEmail = email }, HttpStatusCode.BadRequest))
                .GetProperty("errors").TryGetProperty("contactEmail", out _).ShouldBeTrue(email);
        }
        (await Client.CallAsync(HttpMethod.Post, link, ReferrerOwner, new { skillId = "sql-server", hoursPerWeek = 10, contactName = new string('n', 201) }, HttpStatusCode.BadRequest))
            .GetProperty("errors").TryGetProperty("contactName", out _).ShouldBeTrue();

        var partner = await PartnerAsync("Answering SQL", partnered: true);
        var made = await Client.CallAsync(HttpMethod.Post, link, ReferrerOwner,
            new { skillId = "sql-server", hoursPerWeek = 10, contactName = "Priya Shah", contactEmail = "priya@northwind.example" }, HttpStatusCode.Created);
        var url = made.GetProperty("url").GetString()!;
        var answer = await Client.CallAsync(HttpMethod.Get, $"{url}?tz=Europe/London", null, null, HttpStatusCode.OK);
        (answer.GetProperty("answer").GetString(), answer.GetProperty("answered").GetBoolean(), answer.GetProperty("referrerName").GetString(), answer.GetProperty("skillName").GetString())
            .ShouldBe(("sql-server specialists can start on Monday.", true, "Northwind IT", "SQL Server"));
        (answer.GetProperty("contact").GetProperty("name").GetString(), answer.GetProperty("contact").GetProperty("email").GetString()).ShouldBe(("Priya Shah", "priya@northwind.example"));
        Neighbours.AnswersAsked.Last().ShouldBe([partner]); // among the referrer's partners with the skill only
        answer.GetRawText().ShouldNotContain("Answering SQL");
        answer.GetRawText().ShouldNotContain(directoryOnly.ToString());

        // The partnership ends: the link says what happens next rather than a date nobody stands behind.
        await ChangeAsync(db => db.PartnerLinks.Where(l => l.InviteeFirmId == partner).ExecuteUpdate(u => u.SetProperty(l => l.Active, false)));
        var gone = await Client.CallAsync(HttpMethod.Get, $"{url}?tz=Europe/London", null, null, HttpStatusCode.OK);
        (gone.GetProperty("answered").GetBoolean(), gone.GetProperty("answer").GetString()).ShouldBe((false,
            "No date can be given here just now: Northwind IT has no specialist partner for SQL Server at the moment. Priya Shah will get back to you from priya@northwind.example with when help can start."));
        await Client.CallAsync(HttpMethod.Get, $"{url}?tz=Mars/Olympus", null, null, HttpStatusCode.BadRequest);
        await Client.CallAsync(HttpMethod.Get, "/availability/short", null, null, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_status_link_carries_the_job_title_and_whom_to_contact_chosen_on_it_or_the_member_who_made_it()
    {
        var partner = await PartnerAsync("Status SQL", partnered: true);
        var referral = await PostAsync(confidential: true);
        var offer = (await InboxAsync(Market.Token(partner))).Single().GetProperty("offerId").GetGuid();
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{offer}/accept", Market.Token(partner), null, HttpStatusCode.OK);
        var links = $"/api/matching/referrals/{referral}/share-links";
        foreach (var (body, field) in new (object Body, string Field)[]
        {
            (new { title = new string('t', 201) }, "title"), (new { title = "two\nlines" }, "title"), (new { contactEmail = "nobody" }, "contactEmail"),
            (new { contactName = "a\u0007b" }, "contactName"), (new { days = 91 }, "days"),
        })
        {
            (await Client.CallAsync(HttpMethod.Post, links, ReferrerOwner, body, HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe([field]);
        }

        var chosen = (await Client.CallAsync(HttpMethod.Post, links, ReferrerOwner, new { title = "Faster month-end close", contactName = "Front desk", contactEmail = "desk@northwind.example" },
            HttpStatusCode.Created)).GetProperty("url").GetString()!;
        var status = await Client.CallAsync(HttpMethod.Get, chosen, null, null, HttpStatusCode.OK);
        (status.GetProperty("referrerName").GetString(), status.GetProperty("jobTitle").GetString()).ShouldBe(("Northwind IT", "Faster month-end close"));
        (status.GetProperty("contact").GetProperty("name").GetString(), status.GetProperty("contact").GetProperty("email").GetString()).ShouldBe(("Front desk", "desk@northwind.example"));

        // Nothing chosen: the member who made it, and for a confidential referral the skills rather than the summary written for partners.
        var plain = (await Client.CallAsync(HttpMethod.Post, links, TestTokens.For(Referrer, "Dispatcher", "dispatcher-19b"), null, HttpStatusCode.Created)).GetProperty("url").GetString()!;
        var defaults = await Client.CallAsync(HttpMethod.Get, plain, null, null, HttpStatusCode.OK);
        (defaults.GetProperty("jobTitle").GetString(), defaults.GetProperty("contact").GetProperty("name").GetString(), defaults.GetProperty("contact").GetProperty("email").ValueKind)
            .ShouldBe(("SQL Server work", $"Dispatcher of {Referrer.ToString()[..8]}", JsonValueKind.Null));
    }

    [Fact]
    public async Task Careless_or_hostile_bodies_on_decline_repost_and_availability_links_are_4xx_problems_and_change_nothing()
    {
        var partner = await PartnerAsync("Careful SQL", partnered: true);
        var referral = await PostAsync(waveSize: 1);
        var offer = (await InboxAsync(Market.Token(partner))).Single().GetProperty("offerId").GetGuid();
        var problems = new List<string>();
        problems.AddRange(await BadInput.CheckAsync(Client, HttpMethod.Post, $"/api/matching/offers/{offer}/decline", Market.Token(partner)));
        problems.AddRange(await BadInput.CheckAsync(Client, HttpMethod.Post, $"/api/matching/referrals/{referral}/repost", ReferrerOwner));
        problems.AddRange(await BadInput.CheckAsync(Client, HttpMethod.Post, "/api/matching/availability-links", ReferrerOwner));
        problems.ShouldBeEmpty();
        (await InboxAsync(Market.Token(partner))).ShouldHaveSingleItem(); // still open
        (await Client.CallAsync(HttpMethod.Get, "/api/matching/availability-links", ReferrerOwner, null, HttpStatusCode.OK)).GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Isolation_matrix_each_role_the_partner_another_firm_anonymous_and_bad_tokens_on_every_new_endpoint()
    {
        var partner = await PartnerAsync("Matrix SQL");
        await PartnerAsync("Matrix Second SQL");
        var referral = await PostAsync(waveSize: 1);
        var other = TestTokens.For(Guid.NewGuid(), "Owner");
        var (engineer, dispatcher) = (TestTokens.For(Referrer, "Engineer"), TestTokens.For(Referrer, "Dispatcher"));
        const HttpStatusCode ok = HttpStatusCode.OK, none = HttpStatusCode.NotFound, no = HttpStatusCode.Forbidden, unauthorized = HttpStatusCode.Unauthorized,
            conflict = HttpStatusCode.Conflict, noContent = HttpStatusCode.NoContent;
        // (method, url, body, then what each caller gets: referrer's engineer, the partner's owner, another firm's owner, the referrer's dispatcher)
        var rows = new (HttpMethod Method, string Url, object? Body, HttpStatusCode Engineer, HttpStatusCode Partner, HttpStatusCode Other, HttpStatusCode Dispatcher)[]
        {
            (HttpMethod.Post, $"/api/matching/referrals/{referral}/repost", new { change = "WidenWindow" }, no, none, none, conflict), // offering: not unmatched
            (HttpMethod.Post, $"/api/matching/referrals/{Guid.NewGuid()}/next-wave", null, none, none, none, none),
            (HttpMethod.Post, $"/api/matching/referrals/{Guid.NewGuid()}/repost", new { change = "WidenWindow" }, none, none, none, none),
            (HttpMethod.Get, "/api/matching/offers/counts", null, ok, ok, ok, ok), // each its own firm's counts
            (HttpMethod.Post, "/api/matching/offers/read", new { }, noContent, noContent, noContent, noContent), // each its own mark
            (HttpMethod.Post, $"/api/matching/referrals/{referral}/next-wave", null, no, none, none, ok), // the last: it sends wave 2
        };
        var mismatches = new List<string>();
        foreach (var row in rows)
        {
            foreach (var (who, token, expected) in new (string, string?, HttpStatusCode)[]
            {
                ("referrer's engineer", engineer, row.Engineer), ("partner", Market.Token(partner), row.Partner), ("other firm", other, row.Other),
                ("anonymous", null, unauthorized), ("forged", TestTokens.Forged(Referrer, "Owner"), unauthorized), ("expired", TestTokens.Expired(Referrer, "Owner"), unauthorized),
                ("referrer's dispatcher", dispatcher, row.Dispatcher),
            })
            {
                var status = await Client.StatusAsync(row.Method, row.Url, token, row.Body);
                if (status != expected) mismatches.Add($"{who} {row.Method} {row.Url}: {(int)status}, expected {(int)expected}");
            }
        }
        mismatches.ShouldBeEmpty();
        // Nobody but the referrer's dispatcher moved the referral: one early wave, not repostable.
        var referralNow = await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{referral}", ReferrerOwner, null, HttpStatusCode.OK);
        (referralNow.GetProperty("wave").GetInt32(), referralNow.GetProperty("repostedAs").ValueKind).ShouldBe((2, JsonValueKind.Null));
        (await Client.CallAsync(HttpMethod.Get, "/api/matching/offers/counts", other, null, HttpStatusCode.OK)).GetProperty("open").GetInt32().ShouldBe(0);
    }
}
