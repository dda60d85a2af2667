using System.Net;
using Marketplace.Matching.Data;
using Marketplace.Testing;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using static Marketplace.Matching.Tests.Market;

namespace Marketplace.Matching.Tests;

/// <summary>
/// Accepts and confirmations around the call to Scheduling: hours another accept took are planned again, what was held
/// is given back when Scheduling fails part-way or the referral moves on, and a step whose request stalls is settled.
/// </summary>
public sealed class AcceptAndConfirmTests : IAsyncLifetime
{
    private FakeNeighbours _catalog = null!;
    private FakeScheduling _scheduling = null!;
    private ServiceUnderTest<MatchingDbContext> _service = null!;

    private HttpClient Client => _service.Client;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _catalog = await FakeNeighbours.StartAsync();
        _scheduling = await FakeScheduling.StartAsync();
        _service = await ServiceUnderTest<MatchingDbContext>.StartAsync("matching", Settings(_catalog.Url, _scheduling.Url));
    }

    public async ValueTask DisposeAsync()
    {
        await _service.DisposeAsync();
        await _scheduling.DisposeAsync();
        await _catalog.DisposeAsync();
    }

    private Task<long> CountAsync(string sql) => _service.Db.ScalarAsync<long>(sql);

    [Fact]
    public async Task Concurrent_accepts_for_one_partner_whose_holds_collide_plan_again_and_all_succeed()
    {
        var partner = await PartnerAsync(_service.Services, "Busy SQL");
        var (ann, bo) = _scheduling.Firm(partner, split: false, ("Ann", 10), ("Bo", 40)) switch { var e => (e[0], e[1]) };
        var referrals = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            referrals.Add(await PostAsync(Client));
        }
        var offers = new List<Guid>();
        foreach (var referral in referrals)
        {
            offers.Add(await OfferAsync(Client, partner, referral));
        }

        // All four plans see Ann free first; one hold gets her hours, three are refused (409) and must plan again.
        _scheduling.PlanTogether(4);
        var answers = await Task.WhenAll(offers.Select(o => AcceptAsync(Client, partner, o)));

        answers.ShouldAllBe(a => a.Status == HttpStatusCode.OK, string.Join("\n", answers.Select(a => a.Body)));
        _scheduling.Refused.ShouldBe(3);
        _scheduling.Live.Count.ShouldBe(4);
        (_scheduling.Free(ann), _scheduling.Free(bo)).ShouldBe((0, 10));
        (await CountAsync("""SELECT count(*) FROM "Referrals" WHERE "Status" = 'Accepted' AND cardinality("HoldIds") = 1 AND "Pending" IS NULL""")).ShouldBe(4);
        (await CountAsync("""SELECT count(*) FROM "ReferralTransitions" WHERE "Why" LIKE '%try again%' OR "Why" LIKE 'hold pending%'""")).ShouldBe(0);
    }

    [Fact]
    public async Task An_accept_whose_hours_keep_being_taken_is_refused_after_three_plans_and_the_referral_goes_on_to_the_next_partner_at_once()
    {
        var partner = await PartnerAsync(_service.Services, "Contended SQL");
        var next = await PartnerAsync(_service.Services, "Next In Line SQL");
        await using (var scope = _service.Services.CreateAsyncScope())
        {
            // A better reputation puts the contended partner first, so the one-partner wave goes to it.
            scope.ServiceProvider.GetRequiredService<MatchingDbContext>().PartnerReputations.Add(new Partners.PartnerReputation { FirmId = partner, Count = 1, ScoreSum = 5 });
            await scope.ServiceProvider.GetRequiredService<MatchingDbContext>().SaveChangesAsync(Ct);
        }
        Written(_service.Services);
        var engineer = _scheduling.Firm(partner, split: false, ("Cleo", 40))[0];
        _scheduling.Firm(next, split: false, ("Dev", 40));
        var referral = await PostAsync(Client);
        var offer = await OfferAsync(Client, partner, referral);
        _scheduling.TakenEngineers[engineer] = true;
        var plansBefore = _scheduling.Plans;

        var (status, body) = await AcceptAsync(Client, partner, offer);

        status.ShouldBe(HttpStatusCode.Conflict, body);
        Detail(body).ShouldBe("Your engineers have no 10 h a week that stayed free: other accepts took the time each of the 3 times it was planned " +
            "(last: Cleo does not have 10 h free in every one of those weeks). The offer is closed and the referral goes on to the next partner.");
        (_scheduling.Plans - plansBefore).ShouldBe(3);
        // Not waiting for the offer's deadline: the next partner has its offer now, and the first one's inbox is empty.
        var nextOffer = await OfferAsync(Client, next, referral);
        (await Client.CallAsync(HttpMethod.Get, "/api/matching/offers", Token(partner), null, HttpStatusCode.OK)).GetArrayLength().ShouldBe(0);
        (await StatusAsync(Client, referral)).ShouldBe("Offering");
        var timeline = await TimelineAsync(Client, referral);
        timeline.ShouldContain(w => w.StartsWith("accept did not go through: Your engineers have no 10 h", StringComparison.Ordinal)
            && w.EndsWith("The offer is closed and the referral goes on to the next partner.", StringComparison.Ordinal));
        timeline[^1].ShouldStartWith("an accept in wave 1 could not be held; the next candidate is offered at once");
        (await CountAsync($"""SELECT count(*) FROM "Offers" WHERE "Id" = '{offer}' AND "Status" = 'Declined' AND "DeclineReason" LIKE 'no time left: %'""")).ShouldBe(1);
        (await CountAsync("""SELECT count(*) FROM "OutboxMessages" WHERE "MessageType" LIKE '%OfferDeclined'""")).ShouldBe(1);

        _scheduling.TakenEngineers.Clear();
        (await AcceptAsync(Client, partner, offer)).Status.ShouldBe(HttpStatusCode.Conflict); // closed for good
        (await AcceptAsync(Client, next, nextOffer)).Status.ShouldBe(HttpStatusCode.OK);
        _scheduling.Live.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Scheduling_failing_after_holds_were_placed_gets_them_released_on_accepting_and_on_confirming()
    {
        var partner = await PartnerAsync(_service.Services, "Two Engineers SQL");
        var engineers = _scheduling.Firm(partner, split: true, ("Dee", 40), ("Eve", 40));
        var referral = await PostAsync(Client);
        var offer = await OfferAsync(Client, partner, referral);

        // Dee's share is held, then Eve's hold fails: Dee's is given back, and the accept goes on without a hold.
        _scheduling.FailingEngineers[engineers[1]] = true;
        var (status, body) = await AcceptAsync(Client, partner, offer);
        status.ShouldBe(HttpStatusCode.OK, body);
        var deeHold = _scheduling.Holds.Single().HoldId;
        _scheduling.Released.ShouldBe([deeHold]);
        _scheduling.Live.ShouldBeEmpty();
        (await TimelineAsync(Client, referral)).ShouldContain("hold pending: Scheduling answered InternalServerError to a hold; it is placed on confirmation");

        // Confirming holds both shares, then booking fails: both are given back and the referral waits, Accepted, for another try.
        _scheduling.FailingEngineers.Clear();
        _scheduling.ConfirmsFail = true;
        var refused = await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{referral}/confirm", ReferrerOwner, null, HttpStatusCode.Conflict);
        refused.GetProperty("detail").GetString()!.ShouldStartWith("The partner's hold could not be booked (InternalServerError)");
        _scheduling.Holds.Count.ShouldBe(3);
        _scheduling.Released.Count.ShouldBe(3);
        _scheduling.Live.ShouldBeEmpty();
        (await StatusAsync(Client, referral)).ShouldBe("Accepted");
        (await CountAsync($"""SELECT count(*) FROM "Referrals" WHERE "Id" = '{referral}' AND cardinality("HoldIds") = 0 AND "Pending" IS NULL""")).ShouldBe(1);

        _scheduling.ConfirmsFail = false;
        (await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{referral}/confirm", ReferrerOwner, null, HttpStatusCode.OK)).GetProperty("status").GetString().ShouldBe("Confirmed");
        _scheduling.Confirmed.Count.ShouldBe(2);
        _scheduling.Live.Count.ShouldBe(2);
    }

    [Fact]
    public async Task While_an_accept_waits_on_Scheduling_others_are_told_a_partner_is_accepting_and_after_a_minute_the_job_finishes_it()
    {
        var first = await PartnerAsync(_service.Services, "Slow Calendar SQL");
        var second = await PartnerAsync(_service.Services, "Second SQL");
        var third = await PartnerAsync(_service.Services, "Third SQL");
        foreach (var p in new[] { first, second, third })
        {
            _scheduling.Firm(p, split: false, ("Fay", 40));
        }
        var referral = await PostAsync(Client, waveSize: 3);
        var offers = new[] { await OfferAsync(Client, first, referral), await OfferAsync(Client, second, referral), await OfferAsync(Client, third, referral) };

        _scheduling.HoldGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var accepting = AcceptAsync(Client, first, offers[0]);
        await _scheduling.HoldWaiting.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        // No lock is held while Scheduling is asked: the others are answered at once.
        var other = await AcceptAsync(Client, second, offers[1]);
        other.Status.ShouldBe(HttpStatusCode.Conflict);
        Detail(other.Body).ShouldBe("Another partner is accepting this referral right now; if that accept does not go through, your offer stays open until its deadline.");
        Detail((await AcceptAsync(Client, first, offers[0])).Body).ShouldBe("Your accept of this offer is already being processed; it finishes in a moment.");
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{offers[2]}/decline", Token(third), new { reason = "no SQL people free" }, HttpStatusCode.OK);
        (await StatusAsync(Client, referral)).ShouldBe("Offering"); // the wave waits for the pending accept

        // The request looks dead: under a minute the job leaves it; after one it finishes the accept (the time is held on confirmation).
        var now = DateTimeOffset.UtcNow;
        (await PendingJobAt(_service.Services, now.AddSeconds(30)).RunOnceAsync(Ct)).ShouldBe(0);
        (await PendingJobAt(_service.Services, now.AddMinutes(2)).RunOnceAsync(Ct)).ShouldBe(1);
        (await PendingJobAt(_service.Services, now.AddMinutes(2)).RunOnceAsync(Ct)).ShouldBe(0);
        (await StatusAsync(Client, referral)).ShouldBe("Accepted");
        (await TimelineAsync(Client, referral)).ShouldContain("hold pending: the accept was not finished within a minute; the partner's time is held on confirmation");
        (await CountAsync($"""SELECT count(*) FROM "Offers" WHERE "ReferralId" = '{referral}' AND "Status" = 'Withdrawn'""")).ShouldBe(1);

        // The request was only slow: it comes back, finds its accept finished, and keeps the hold it placed.
        _scheduling.HoldGate.SetResult();
        var (status, body) = await accepting;
        status.ShouldBe(HttpStatusCode.OK, body);
        _scheduling.Released.ShouldBeEmpty();
        (await CountAsync($"""SELECT count(*) FROM "Referrals" WHERE "Id" = '{referral}' AND cardinality("HoldIds") = 1""")).ShouldBe(1);
        (await CountAsync("""SELECT count(*) FROM "OutboxMessages" WHERE "MessageType" LIKE '%OfferAccepted'""")).ShouldBe(1);
    }

    [Fact]
    public async Task The_referrer_cancelling_during_a_slow_accept_is_not_held_up_and_the_accept_gives_its_hold_back()
    {
        var partner = await PartnerAsync(_service.Services, "Late SQL");
        _scheduling.Firm(partner, split: false, ("Gus", 40));
        var referral = await PostAsync(Client);
        var offer = await OfferAsync(Client, partner, referral);
        _scheduling.HoldGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var accepting = AcceptAsync(Client, partner, offer);
        await _scheduling.HoldWaiting.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{referral}/cancel", ReferrerOwner, new { reason = "client went elsewhere" }, HttpStatusCode.OK);
        _scheduling.HoldGate.SetResult();
        var (status, body) = await accepting;

        status.ShouldBe(HttpStatusCode.Conflict, body);
        Detail(body).ShouldBe("The referrer cancelled this referral while your accept was being processed.");
        _scheduling.Released.ShouldBe([_scheduling.Holds.Single().HoldId]);
        _scheduling.Live.ShouldBeEmpty();
        (await StatusAsync(Client, referral)).ShouldBe("Cancelled");
        (await CountAsync("""SELECT count(*) FROM "OutboxMessages" WHERE "MessageType" LIKE '%OfferAccepted'""")).ShouldBe(0);
    }

    [Fact]
    public async Task A_stalled_confirmation_is_given_up_by_the_job_and_kept_when_it_went_through_after_all()
    {
        var partner = await PartnerAsync(_service.Services, "Booked SQL");
        _scheduling.Firm(partner, split: false, ("Hal", 40));
        var referral = await PostAsync(Client);
        (await AcceptAsync(Client, partner, await OfferAsync(Client, partner, referral))).Status.ShouldBe(HttpStatusCode.OK);

        _scheduling.ConfirmGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var confirming = Client.SendAsync(HttpMethod.Post, $"/api/matching/referrals/{referral}/confirm", ReferrerOwner);
        await _scheduling.ConfirmWaiting.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        (await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{referral}/confirm", ReferrerOwner, null, HttpStatusCode.Conflict))
            .GetProperty("detail").GetString().ShouldBe("This referral's confirmation is already being processed; it finishes in a moment.");

        (await PendingJobAt(_service.Services, DateTimeOffset.UtcNow.AddMinutes(2)).RunOnceAsync(Ct)).ShouldBe(1);
        (await StatusAsync(Client, referral)).ShouldBe("Accepted");
        (await TimelineAsync(Client, referral)).ShouldContain("confirmation did not go through: it was not finished within a minute; confirm again.");

        _scheduling.ConfirmGate.SetResult();
        var (status, body) = await confirming;
        status.ShouldBe(HttpStatusCode.OK, body);
        (await StatusAsync(Client, referral)).ShouldBe("Confirmed");
        _scheduling.Confirmed.Count.ShouldBe(1);
        (await CountAsync("""SELECT count(*) FROM "OutboxMessages" WHERE "MessageType" LIKE '%ReferralMatched'""")).ShouldBe(1);
    }
}
