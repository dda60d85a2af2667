using System.Net;
using System.Text.Json;
using Marketplace.Calendar;
using Marketplace.Testing;
using NodaTime;
using Shouldly;
using static Marketplace.Matching.Tests.Market;

namespace Marketplace.Matching.Tests;

/// <summary>
/// Questions before accepting, through Matching's API on a real database: the partner asks, the referrer answers and may
/// extend the deadline once; only the offer's two firms ever see the thread.
/// </summary>
public sealed class OfferQuestionsTests : MatchingApiTest
{
    private const string StateConflict = "https://marketplace.local/problems/state-conflict";
    private static readonly WorkingWeek London = WorkingWeek.Create([1, 2, 3, 4, 5], new LocalTime(9, 0), new LocalTime(17, 0), "Europe/London");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A partner in Matching's projection (London, 9 to 5) that Scheduling says can start next Monday.</summary>
    private Task<Guid> SchedulablePartnerAsync(string name) => SeedPartnerAsync(Service.Services, new(name), Neighbours);

    /// <summary>A referral offered to <paramref name="partners"/> in one wave; returns it and each partner's offer.</summary>
    private async Task<(Guid Referral, Guid[] Offers)> OfferedAsync(params Guid[] partners)
    {
        var referral = await PostAsync(Client, waveSize: partners.Length);
        var offers = new Guid[partners.Length];
        for (var i = 0; i < partners.Length; i++)
        {
            offers[i] = await OfferAsync(Client, partners[i], referral);
        }
        return (referral, offers);
    }

    private Task<JsonElement> AskAsync(Guid partner, Guid offer, string text, HttpStatusCode expected = HttpStatusCode.Created) =>
        Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{offer}/questions", Token(partner), new { text }, expected);

    private Task<JsonElement> ThreadAsync(Guid offer, string token) =>
        Client.CallAsync(HttpMethod.Get, $"/api/matching/offers/{offer}/questions", token, null, HttpStatusCode.OK);

    private Task<string> OutboxBodyAsync(string type) =>
        Service.Db.ScalarAsync<string>($"""SELECT "Body" FROM "OutboxMessages" WHERE "MessageType" LIKE '%.{type}' ORDER BY "Sequence" DESC LIMIT 1""")!;

    [Fact]
    public async Task The_thread_is_seen_by_the_offers_two_firms_only_never_by_the_other_partner_a_third_firm_or_the_client()
    {
        var (asker, other) = (await SchedulablePartnerAsync("Asking SQL"), await SchedulablePartnerAsync("Other SQL"));
        var (referral, offers) = await OfferedAsync(asker, other);
        var (mine, theirs) = (offers[0], offers[1]);
        const string Secret = "Is the 3 TB archive database in scope (marker q-7731)?";
        const string Reply = "No, only the live ledger database (marker a-7731).";

        var asked = await AskAsync(asker, mine, Secret);
        asked.GetProperty("number").GetInt32().ShouldBe(1);
        var question = asked.GetProperty("id").GetGuid();
        await Client.CallAsync(HttpMethod.Get, $"/api/matching/offers/{mine}/questions/{question}", Token(asker), null, HttpStatusCode.OK);
        // Answering may not name the confidential client (the partner learns it on accepting); nothing is stored then.
        var named = await Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{mine}/questions/{question}/answer", ReferrerOwner,
            new { text = "It is for CONTOSO accounting's ledger." }, HttpStatusCode.BadRequest);
        named.GetProperty("errors").TryGetProperty("text", out _).ShouldBeTrue(named.GetRawText());
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{mine}/questions/{question}/answer", ReferrerOwner, new { text = Reply }, HttpStatusCode.OK);

        // The two firms, any of their members.
        foreach (var token in new[] { Token(asker), TestTokens.For(asker, "Engineer"), ReferrerOwner, TestTokens.For(Referrer, "Engineer") })
        {
            var thread = await ThreadAsync(mine, token);
            var only = thread.GetProperty("questions").EnumerateArray().Single();
            (only.GetProperty("question").GetString(), only.GetProperty("answer").GetString()).ShouldBe((Secret, Reply));
        }
        var inbox = (await Client.CallAsync(HttpMethod.Get, "/api/matching/offers", Token(asker), null, HttpStatusCode.OK)).EnumerateArray()
            .Single(o => o.GetProperty("offerId").GetGuid() == mine);
        inbox.GetProperty("questions")[0].GetProperty("answer").GetString().ShouldBe(Reply);
        inbox.GetProperty("questionsLeft").GetInt32().ShouldBe(19);
        var referrersView = await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{referral}/offers", ReferrerOwner, null, HttpStatusCode.OK);
        referrersView.GetArrayLength().ShouldBe(2);
        referrersView.EnumerateArray().Single(o => o.GetProperty("offerId").GetGuid() == mine).GetProperty("partnerName").GetString().ShouldBe("Asking SQL");

        // The other partner of the same referral, a third firm, nobody at all: nothing.
        var stranger = TestTokens.For(Guid.NewGuid(), "Owner");
        foreach (var token in new[] { Token(other), stranger })
        {
            await Client.CallAsync(HttpMethod.Get, $"/api/matching/offers/{mine}/questions", token, null, HttpStatusCode.NotFound);
            await Client.CallAsync(HttpMethod.Get, $"/api/matching/offers/{mine}/questions/{question}", token, null, HttpStatusCode.NotFound);
            await Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{mine}/questions", token, new { text = "Me too?" }, HttpStatusCode.NotFound);
        }
        await Client.CallAsync(HttpMethod.Get, $"/api/matching/offers/{mine}/questions", null, null, HttpStatusCode.Unauthorized);
        await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{referral}/offers", stranger, null, HttpStatusCode.NotFound);
        var othersView = await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{referral}/offers", Token(other), null, HttpStatusCode.OK);
        othersView.EnumerateArray().Select(o => o.GetProperty("offerId").GetGuid()).ShouldBe([theirs]);
        var seenByOther = string.Join("\n",
            othersView.GetRawText(),
            (await ThreadAsync(theirs, Token(other))).GetRawText(),
            (await Client.CallAsync(HttpMethod.Get, "/api/matching/offers", Token(other), null, HttpStatusCode.OK)).GetRawText(),
            (await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{referral}/timeline", Token(other), null, HttpStatusCode.OK)).GetRawText());
        seenByOther.ShouldNotContain("7731");
        seenByOther.ShouldNotContain("partner asked");
        (await Client.CallAsync(HttpMethod.Get, "/api/matching/offers", stranger, null, HttpStatusCode.OK)).GetArrayLength().ShouldBe(0);

        // The timelines: the referrer's and the asker's show the steps; the asker never the client's name.
        var referrersSteps = await TimelineAsync(Client, referral);
        referrersSteps.ShouldContain("partner asked question 1 about its wave-1 offer");
        referrersSteps.ShouldContain("referrer answered question 1 on the wave-1 offer");
        var askersSteps = (await Client.CallAsync(HttpMethod.Get, $"/api/matching/referrals/{referral}/timeline", Token(asker), null, HttpStatusCode.OK)).GetRawText();
        askersSteps.ShouldContain("partner asked question 1");
        // The answer is the referrer's step about the asker's offer: the asker reads "referrer", not who answered.
        var answerStep = JsonDocument.Parse(askersSteps).RootElement.EnumerateArray()
            .Single(s => s.GetProperty("why").GetString()!.StartsWith("referrer answered question 1", StringComparison.Ordinal));
        answerStep.GetProperty("by").GetString().ShouldBe("referrer");
        foreach (var seen in new[] { askersSteps, inbox.GetRawText(), (await ThreadAsync(mine, Token(asker))).GetRawText() })
        {
            seen.ShouldNotContain("Contoso", Case.Insensitive);
        }

        // The client's page says nothing of it.
        var link = (await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{referral}/share-links", ReferrerOwner, new { days = 7 }, HttpStatusCode.Created))
            .GetProperty("url").GetString()!;
        var status = (await Client.CallAsync(HttpMethod.Get, link, null, null, HttpStatusCode.OK)).GetRawText();
        status.ShouldNotContain("7731");
        status.ShouldNotContain("question", Case.Insensitive);

        // Both events went out with the firms, for Notifications.
        using var askedEvent = JsonDocument.Parse(await OutboxBodyAsync("OfferQuestionAsked"));
        (askedEvent.RootElement.GetProperty("referrerFirmId").GetGuid(), askedEvent.RootElement.GetProperty("partnerFirmId").GetGuid(),
            askedEvent.RootElement.GetProperty("question").GetString()).ShouldBe((Referrer, asker, Secret));
        using var answeredEvent = JsonDocument.Parse(await OutboxBodyAsync("OfferQuestionAnswered"));
        answeredEvent.RootElement.GetProperty("answer").GetString().ShouldBe(Reply);
    }

    [Fact]
    public async Task Asking_and_answering_are_refused_once_the_offer_expired_or_was_accepted_and_asking_never_moves_the_deadline()
    {
        var expiring = await SchedulablePartnerAsync("Slow SQL");
        var (_, first) = await OfferedAsync(expiring);
        var due = (await ThreadAsync(first[0], Token(expiring))).GetProperty("dueAt").GetDateTimeOffset();
        var pending = (await AskAsync(expiring, first[0], "Can we start a week late?")).GetProperty("id").GetGuid();
        (await ThreadAsync(first[0], Token(expiring))).GetProperty("dueAt").GetDateTimeOffset().ShouldBe(due);

        (await DeadlineJobAt(Service.Services, due.AddMinutes(1)).RunOnceAsync(Ct)).ShouldBe(1);
        var late = await AskAsync(expiring, first[0], "Still open?", HttpStatusCode.Conflict);
        late.GetProperty("type").GetString().ShouldBe(StateConflict);
        late.GetProperty("detail").GetString()!.ShouldContain("expired");
        (await Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{first[0]}/questions/{pending}/answer", ReferrerOwner, new { text = "Yes" }, HttpStatusCode.Conflict))
            .GetProperty("type").GetString().ShouldBe(StateConflict);
        var expired = await ThreadAsync(first[0], ReferrerOwner);
        (expired.GetProperty("status").GetString(), expired.GetProperty("open").GetBoolean(), expired.GetProperty("canExtend").GetBoolean()).ShouldBe(("Expired", false, false));

        var accepting = await SchedulablePartnerAsync("Quick SQL");
        var (_, second) = await OfferedAsync(accepting, expiring);
        await AskAsync(accepting, second[0], "Remote access only?");
        (await AcceptAsync(Client, accepting, second[0])).Status.ShouldBe(HttpStatusCode.OK);
        (await AskAsync(accepting, second[0], "One more thing?", HttpStatusCode.Conflict)).GetProperty("type").GetString().ShouldBe(StateConflict);
        (await AskAsync(expiring, second[1], "And the withdrawn one?", HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("withdrawn");
        (await Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{second[0]}/extend", ReferrerOwner, new { businessHours = 4 }, HttpStatusCode.Conflict))
            .GetProperty("type").GetString().ShouldBe(StateConflict);
        // The thread stays readable to the two firms after the offer closed.
        (await ThreadAsync(second[0], Token(accepting))).GetProperty("questions").GetArrayLength().ShouldBe(1);
        (await Service.Db.ScalarAsync<long>("""SELECT count(*) FROM "OfferQuestions" """)).ShouldBe(2);
    }

    [Fact]
    public async Task The_referrer_extends_once_by_the_partners_business_hours_and_expiry_follows_the_new_deadline()
    {
        var partner = await SchedulablePartnerAsync("Extended SQL");
        var (referral, offers) = await OfferedAsync(partner);
        var offer = offers[0];
        var due = (await ThreadAsync(offer, ReferrerOwner)).GetProperty("dueAt").GetDateTimeOffset();

        await Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{offer}/extend", Token(partner), new { businessHours = 8 }, HttpStatusCode.Conflict);
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{offer}/extend", TestTokens.For(Referrer, "Engineer"), new { businessHours = 8 }, HttpStatusCode.Forbidden);
        var extended = await Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{offer}/extend", ReferrerOwner, new { businessHours = 8 }, HttpStatusCode.OK);

        var expected = London.AddWorkingTime(Instant.FromDateTimeOffset(due), Duration.FromHours(8)).ToDateTimeOffset();
        extended.GetProperty("dueAt").GetDateTimeOffset().ShouldBe(expected);
        (extended.GetProperty("originalDueAt").GetDateTimeOffset(), extended.GetProperty("extensionHours").GetInt32(), extended.GetProperty("canExtend").GetBoolean())
            .ShouldBe((due, 8, false));
        var again = await Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{offer}/extend", ReferrerOwner, new { businessHours = 1 }, HttpStatusCode.Conflict);
        again.GetProperty("type").GetString().ShouldBe(StateConflict);
        again.GetProperty("detail").GetString()!.ShouldContain("only once");
        // The partner's inbox counts down to the new deadline.
        var inbox = (await Client.CallAsync(HttpMethod.Get, "/api/matching/offers", Token(partner), null, HttpStatusCode.OK)).EnumerateArray().Single();
        (inbox.GetProperty("dueAt").GetDateTimeOffset(), inbox.GetProperty("originalDueAt").GetDateTimeOffset()).ShouldBe((expected, due));
        (await TimelineAsync(Client, referral)).ShouldContain(w => w.StartsWith("deadline of the wave-1 offer extended by 8 business hours to ", StringComparison.Ordinal));

        // The job finds overdue offers by the stored deadline: nothing at the old one, the expiry at the new one.
        (await DeadlineJobAt(Service.Services, due.AddMinutes(1)).RunOnceAsync(Ct)).ShouldBe(0);
        (await ThreadAsync(offer, ReferrerOwner)).GetProperty("status").GetString().ShouldBe("Open");
        (await DeadlineJobAt(Service.Services, expected).RunOnceAsync(Ct)).ShouldBe(1);
        (await ThreadAsync(offer, ReferrerOwner)).GetProperty("status").GetString().ShouldBe("Expired");
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{offer}/extend", ReferrerOwner, new { businessHours = 8 }, HttpStatusCode.Conflict);

        using var body = JsonDocument.Parse(await OutboxBodyAsync("OfferDeadlineExtended"));
        var e = body.RootElement;
        (e.GetProperty("offerId").GetGuid(), e.GetProperty("referrerFirmId").GetGuid(), e.GetProperty("partnerFirmId").GetGuid(), e.GetProperty("businessHours").GetInt32())
            .ShouldBe((offer, Referrer, partner, 8));
        (e.GetProperty("previousDueAt").GetDateTimeOffset(), e.GetProperty("dueAt").GetDateTimeOffset()).ShouldBe((due, expected));
    }

    [Fact]
    public async Task Bad_text_hours_and_bodies_get_a_400_and_an_offer_takes_twenty_questions()
    {
        var partner = await SchedulablePartnerAsync("Curious SQL");
        var (_, offers) = await OfferedAsync(partner);
        var offer = offers[0];
        var url = $"/api/matching/offers/{offer}/questions";

        foreach (var text in new[] { "", "   ", new string('q', 2001) })
        {
            (await AskAsync(partner, offer, text, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("text", out _).ShouldBeTrue();
        }
        await Client.CallAsync(HttpMethod.Post, url, Token(partner), new { }, HttpStatusCode.BadRequest);
        (await BadInput.CheckAsync(Client, HttpMethod.Post, url, Token(partner))).ShouldBeEmpty();
        var longest = await AskAsync(partner, offer, new string('q', 2000));
        longest.GetProperty("question").GetString()!.Length.ShouldBe(2000);
        var answerUrl = $"{url}/{longest.GetProperty("id").GetGuid()}/answer";
        await Client.CallAsync(HttpMethod.Post, answerUrl, ReferrerOwner, new { text = new string('a', 2001) }, HttpStatusCode.BadRequest);
        (await BadInput.CheckAsync(Client, HttpMethod.Post, answerUrl, ReferrerOwner)).ShouldBeEmpty();
        (await Client.CallAsync(HttpMethod.Post, answerUrl, ReferrerOwner, new { text = new string('a', 2000) }, HttpStatusCode.OK))
            .GetProperty("answer").GetString()!.Length.ShouldBe(2000);
        await Client.CallAsync(HttpMethod.Post, $"{url}/{Guid.NewGuid()}/answer", ReferrerOwner, new { text = "To what?" }, HttpStatusCode.NotFound);

        var extend = $"/api/matching/offers/{offer}/extend";
        foreach (object body in new object[] { new { businessHours = 0 }, new { businessHours = 41 }, new { businessHours = -1 }, new { businessHours = int.MaxValue }, new { } })
        {
            (await Client.CallAsync(HttpMethod.Post, extend, ReferrerOwner, body, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("businessHours", out _)
                .ShouldBeTrue(JsonSerializer.Serialize(body));
        }
        foreach (var body in new[] { """{"businessHours": 1e40}""", """{"businessHours": "eight"}""", """{"businessHours": 2147483648}""" })
        {
            using var request = Accounts.Authorized(HttpMethod.Post, extend, ReferrerOwner);
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            using var response = await Client.SendAsync(request, Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        }
        (await BadInput.CheckAsync(Client, HttpMethod.Post, extend, ReferrerOwner)).ShouldBeEmpty();
        (await ThreadAsync(offer, ReferrerOwner)).GetProperty("extendedAt").ValueKind.ShouldBe(JsonValueKind.Null);
        (await Client.CallAsync(HttpMethod.Post, extend, ReferrerOwner, new { businessHours = 40 }, HttpStatusCode.OK)).GetProperty("extensionHours").GetInt32().ShouldBe(40);

        for (var i = 2; i <= 20; i++)
        {
            await AskAsync(partner, offer, $"Question {i}?");
        }
        var refused = await AskAsync(partner, offer, "Question 21?", HttpStatusCode.Conflict);
        refused.GetProperty("type").GetString().ShouldBe(StateConflict);
        refused.GetProperty("detail").GetString()!.ShouldContain("at most 20");
        var thread = await ThreadAsync(offer, Token(partner));
        (thread.GetProperty("questions").GetArrayLength(), thread.GetProperty("questionsLeft").GetInt32()).ShouldBe((20, 0));
    }

    [Fact]
    public async Task A_retried_question_with_the_same_Idempotency_Key_is_asked_once()
    {
        var partner = await SchedulablePartnerAsync("Retrying SQL");
        var (_, offers) = await OfferedAsync(partner);
        var key = Guid.NewGuid().ToString();
        async Task<(HttpStatusCode Status, JsonElement Body)> AskWithKeyAsync(string text)
        {
            using var request = Accounts.Authorized(HttpMethod.Post, $"/api/matching/offers/{offers[0]}/questions", Token(partner));
            request.Headers.Add("Idempotency-Key", key);
            request.Content = System.Net.Http.Json.JsonContent.Create(new { text });
            using var response = await Client.SendAsync(request, Ct);
            return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone());
        }

        var first = await AskWithKeyAsync("Is the server virtualised?");
        var retried = await AskWithKeyAsync("Is the server virtualised?");
        (first.Status, retried.Status).ShouldBe((HttpStatusCode.Created, HttpStatusCode.Created));
        retried.Body.GetProperty("id").GetGuid().ShouldBe(first.Body.GetProperty("id").GetGuid());
        (await AskWithKeyAsync("Something else entirely?")).Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await Service.Db.ScalarAsync<long>("""SELECT count(*) FROM "OfferQuestions" """)).ShouldBe(1);
        (await Service.Db.ScalarAsync<long>("""SELECT count(*) FROM "OutboxMessages" WHERE "MessageType" LIKE '%.OfferQuestionAsked'""")).ShouldBe(1);
    }

    [Fact]
    public async Task Isolation_matrix_each_role_the_other_side_another_partner_another_firm_anonymous_and_bad_tokens_on_every_question_endpoint()
    {
        var (partner, otherPartner) = (await SchedulablePartnerAsync("Matrix SQL"), await SchedulablePartnerAsync("Neighbour SQL"));
        var (referral, offers) = await OfferedAsync(partner, otherPartner);
        var offer = offers[0];
        var question = (await AskAsync(partner, offer, "Where is the server hosted?")).GetProperty("id").GetGuid();
        var before = (await ThreadAsync(offer, ReferrerOwner)).GetRawText();
        const HttpStatusCode ok = HttpStatusCode.OK, none = HttpStatusCode.NotFound, no = HttpStatusCode.Forbidden, conflict = HttpStatusCode.Conflict;

        var callers = new (string Who, string? Token)[]
        {
            ("partner engineer", TestTokens.For(partner, "Engineer")), ("partner dispatcher", TestTokens.For(partner, "Dispatcher")),
            ("referrer engineer", TestTokens.For(Referrer, "Engineer")), ("referrer dispatcher", TestTokens.For(Referrer, "Dispatcher")),
            ("other partner of the referral", Token(otherPartner)), ("another firm", TestTokens.For(Guid.NewGuid(), "Owner")),
            ("anonymous", null), ("forged", TestTokens.Forged(partner, "Owner")), ("expired", TestTokens.Expired(Referrer, "Owner")),
        };
        // What each caller above gets, in that order (anonymous and bad tokens: 401). The write rows are sent with bodies
        // that would be accepted, so a wrong 2xx would change the thread (checked at the end). A dispatcher acting on the
        // other side's part gets a 409: each side acts only on its own part.
        var rows = new (HttpMethod Method, string Url, object? Body, HttpStatusCode[] Expected)[]
        {
            (HttpMethod.Get, $"/api/matching/offers/{offer}/questions", null, [ok, ok, ok, ok, none, none]),
            (HttpMethod.Get, $"/api/matching/offers/{offer}/questions/{question}", null, [ok, ok, ok, ok, none, none]),
            (HttpMethod.Get, $"/api/matching/referrals/{referral}/offers", null, [ok, ok, ok, ok, ok, none]),
            (HttpMethod.Post, $"/api/matching/offers/{offer}/questions", new { text = "Injected?" }, [no, HttpStatusCode.Created, no, conflict, none, none]),
            (HttpMethod.Post, $"/api/matching/offers/{offer}/questions/{question}/answer", new { text = "Injected." }, [no, conflict, no, HttpStatusCode.OK, none, none]),
            (HttpMethod.Post, $"/api/matching/offers/{offer}/extend", new { businessHours = 40 }, [no, conflict, no, HttpStatusCode.OK, none, none]),
        };
        var mismatches = new List<string>();
        foreach (var row in rows)
        {
            for (var i = 0; i < callers.Length; i++)
            {
                var (who, token) = callers[i];
                var expected = i < row.Expected.Length ? row.Expected[i] : HttpStatusCode.Unauthorized;
                if (row.Method == HttpMethod.Post && (int)expected < 300)
                {
                    continue; // each side's successes are tested above; here they would change the thread before the others' turns
                }
                var status = await Client.StatusAsync(row.Method, row.Url, token, row.Body);
                if (status != expected)
                {
                    mismatches.Add($"{who} {row.Method} {row.Url}: {(int)status}, expected {(int)expected}");
                }
            }
        }
        mismatches.ShouldBeEmpty();
        (await ThreadAsync(offer, ReferrerOwner)).GetRawText().ShouldBe(before);
        // The other partner's own offer went untouched too, and it reads only its own.
        (await ThreadAsync(offers[1], Token(otherPartner))).GetProperty("questions").GetArrayLength().ShouldBe(0);
    }
}
