using System.Net;
using Marketplace.Testing;
using Shouldly;
using static Marketplace.Matching.Tests.Market;

namespace Marketplace.Matching.Tests;

/// <summary>
/// DESIGN "Replicas": no remote call is made while a database transaction is open. Every flow that calls Scheduling
/// or Catalog runs on a host whose <see cref="TransactionGuard"/> fails, and records, any HTTP call made while the
/// flow's Matching context has a transaction open.
/// </summary>
public sealed class NoRemoteCallInTransactionTests : IAsyncLifetime
{
    private FakeNeighbours _catalog = null!;
    private FakeScheduling _scheduling = null!;
    private GuardedHost _host = null!;

    private HttpClient Client => _host.Client;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _catalog = await FakeNeighbours.StartAsync();
        _scheduling = await FakeScheduling.StartAsync();
        _host = await GuardedHost.StartAsync(Settings(_catalog.Url, _scheduling.Url));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _scheduling.DisposeAsync();
        await _catalog.DisposeAsync();
    }

    [Fact]
    public async Task Post_accept_decline_confirm_cancel_and_the_jobs_make_no_remote_call_inside_a_transaction()
    {
        var partners = new List<Guid>();
        var engineers = new List<List<Guid>>();
        foreach (var name in new[] { "Alpha SQL", "Beta SQL", "Gamma SQL" })
        {
            var partner = await PartnerAsync(_host.Services, name);
            engineers.Add(_scheduling.Firm(partner, split: false, ("Ivy", 20), ("Jon", 40)));
            partners.Add(partner);
        }

        // Post, with an Idempotency-Key claimed first (Catalog and Scheduling are asked).
        using (var post = Accounts.Authorized(HttpMethod.Post, "/api/matching/referrals", ReferrerOwner))
        {
            post.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            post.Content = System.Net.Http.Json.JsonContent.Create(new
            {
                summary = "Tune a slow SQL Server for a 40-user accounting firm", skills = new[] { new { skillId = "sql-server", minLevel = 5 } },
                effortHours = 30, hoursPerWeek = 10, earliestStart = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(7)),
                latestStart = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(28)), engagementMode = "HandOff", waveSize = 3,
            });
            using var posted = await Client.SendAsync(post, Ct);
            posted.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        // One partner declines; one accepts (its first hold is refused: planned again and held); the third is too late; the referrer confirms.
        var story = await PostAsync(Client, waveSize: 3);
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/offers/{await OfferAsync(Client, partners[1], story)}/decline", Token(partners[1]),
            new { reason = "fully booked" }, HttpStatusCode.OK);
        var late = await OfferAsync(Client, partners[2], story);
        _scheduling.TakenOnce[engineers[0][0]] = true;
        (await AcceptAsync(Client, partners[0], await OfferAsync(Client, partners[0], story))).Status.ShouldBe(HttpStatusCode.OK);
        _scheduling.Refused.ShouldBe(1);
        (await AcceptAsync(Client, partners[2], late)).Status.ShouldBe(HttpStatusCode.Conflict);
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{story}/confirm", ReferrerOwner, null, HttpStatusCode.OK);

        // Scheduling down while accepting: the hold is placed on confirmation, where booking fails once, then works.
        var held = await PostAsync(Client, waveSize: 3);
        _scheduling.PlansFail = true;
        (await AcceptAsync(Client, partners[0], await OfferAsync(Client, partners[0], held))).Status.ShouldBe(HttpStatusCode.OK);
        _scheduling.PlansFail = false;
        _scheduling.ConfirmsFail = true;
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{held}/confirm", ReferrerOwner, null, HttpStatusCode.Conflict);
        _scheduling.ConfirmsFail = false;
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{held}/confirm", ReferrerOwner, null, HttpStatusCode.OK);

        // Accepted, then cancelled: the hold is released once the cancellation is committed.
        var cancelled = await PostAsync(Client, waveSize: 3);
        (await AcceptAsync(Client, partners[2], await OfferAsync(Client, partners[2], cancelled))).Status.ShouldBe(HttpStatusCode.OK);
        var releasedBefore = _scheduling.Released.Count;
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{cancelled}/cancel", ReferrerOwner, new { reason = "client went elsewhere" }, HttpStatusCode.OK);
        _scheduling.Released.Count.ShouldBe(releasedBefore + 1);

        // The next wave asked early, and an unmatched referral reposted with a change (ranked and confirmed with Scheduling first).
        var early = await PostAsync(Client, waveSize: 1);
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{early}/next-wave", ReferrerOwner, null, HttpStatusCode.OK);
        var callsBefore = _host.Guard.Calls;
        var unmatched = (await Client.CallAsync(HttpMethod.Post, "/api/matching/referrals", ReferrerOwner, new
        {
            summary = "Tune a slow SQL Server for a partner-only client", skills = new[] { new { skillId = "sql-server", minLevel = 5 } },
            effortHours = 30, hoursPerWeek = 10, earliestStart = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(7)),
            latestStart = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(28)), engagementMode = "HandOff", partnersOnly = true,
        }, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await Client.CallAsync(HttpMethod.Post, $"/api/matching/referrals/{unmatched}/repost", ReferrerOwner, new { change = "IncludeDirectory" }, HttpStatusCode.Created);
        _host.Guard.Calls.ShouldBeGreaterThan(callsBefore); // the repost asked Scheduling for the starts: outside any transaction

        // An accept refused after three plans closes its offer and moves on; a slow one is settled by the job; overdue offers expire.
        var refused = await PostAsync(Client, waveSize: 3);
        engineers[1].ForEach(e => _scheduling.TakenEngineers[e] = true);
        (await AcceptAsync(Client, partners[1], await OfferAsync(Client, partners[1], refused))).Status.ShouldBe(HttpStatusCode.Conflict);
        _scheduling.HoldGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = AcceptAsync(Client, partners[2], await OfferAsync(Client, partners[2], refused));
        await _scheduling.HoldWaiting.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        using (_host.Guard.Begin())
        {
            (await PendingJobAt(_host.Services, DateTimeOffset.UtcNow.AddMinutes(2)).RunOnceAsync(Ct)).ShouldBe(1);
            (await DeadlineJobAt(_host.Services, DateTimeOffset.UtcNow.AddDays(30)).RunOnceAsync(Ct)).ShouldBeGreaterThan(0);
        }
        _scheduling.HoldGate.SetResult();
        (await slow).Status.ShouldBe(HttpStatusCode.OK);

        _host.Guard.Violations.ShouldBeEmpty();
        _host.Guard.Transactions.ShouldBeGreaterThan(20); // the guard saw the flows' transactions …
        _host.Guard.Calls.ShouldBeGreaterThan(20);        // … and their calls: it was not looking away
        _catalog.Holds.ShouldBeEmpty();
    }
}
