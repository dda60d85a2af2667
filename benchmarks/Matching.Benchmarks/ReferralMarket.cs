using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Marketplace.Testing;
using Npgsql;

namespace Marketplace.Matching.Benchmarks;

/// <summary>
/// A referrer posting through the gateway open-loop, and partners answering their offers through the gateway: for each
/// referral posted, the first-ranked partner of its first wave accepts, 0.5–1.5 s after the referral was posted (the
/// think time keeps the accept off the post's own moment, as a person's would be); the others in the wave leave their
/// offers alone and see them withdrawn. So at a steady state every referral ends accepted, and accepts per second
/// follow posts per second. New offers are found by polling Matching's database (Offers by referral id) every 100 ms.
/// </summary>
public sealed class ReferralMarket : IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private readonly HttpClient _http;
    private readonly NpgsqlDataSource _matchingDb;
    /// <summary>
    /// Many referring firms, taken in turn: a partner takes at most its terms' number of open referrals from any one firm
    /// (three in the directory's terms), so one referrer would exhaust a 1,000-partner market after a few thousand accepts
    /// and every later referral would go unmatched — cheap posts that measure nothing.
    /// </summary>
    private readonly string[] _referrerTokens;
    private long _posts;
    private readonly object _referral;
    private readonly ConcurrentDictionary<Guid, string> _partnerTokens = new();
    private readonly Channel<(Guid Referral, RateRun Run)> _posted = Channel.CreateUnbounded<(Guid, RateRun)>();
    public const int Referrers = 500;

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _partners;

    public ReferralMarket(Uri gateway, NpgsqlDataSource matchingDb, object referral)
    {
        // Enough connections for an open loop well past saturation; the answer time counts from when a POST was due, so
        // waiting for a connection is part of it.
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
        _matchingDb = matchingDb;
        _referrerTokens = [.. Enumerable.Range(0, Referrers).Select(_ => TestTokens.For(Guid.NewGuid(), "Owner", lifetime: TimeSpan.FromHours(4)))];
        _referral = referral;
        _partners = Task.Run(() => PartnersAsync(_stop.Token));
    }

    /// <summary>Posts one referral now and returns its status and body (the probe).</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> PostOnceAsync(CancellationToken ct)
    {
        using var request = PostRequest();
        using var response = await _http.SendAsync(request, ct);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(ct));
    }

    /// <summary>
    /// One rate: a referral every 1/<paramref name="perSecond"/> s for <paramref name="seconds"/> s whatever the answers
    /// do, then until every POST is answered and every accepted offer's accept answered (at most 30 s more).
    /// </summary>
    public async Task<RateRun> RunAsync(int perSecond, int seconds, CancellationToken ct)
    {
        var run = new RateRun(perSecond, seconds);
        var posts = new List<Task>(perSecond * seconds);
        for (var i = 0; i < perSecond * seconds; i++)
        {
            var due = run.Started + (long)((double)i / perSecond * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }
            run.Sent(due);
            posts.Add(PostAsync(run, due, ct));
        }
        await Task.WhenAll(posts);
        await run.SettledAsync(TimeSpan.FromSeconds(30), ct);
        run.End();
        return run;
    }

    private HttpRequestMessage PostRequest()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/matching/referrals") { Content = JsonContent.Create(_referral) };
        var referrer = _referrerTokens[Interlocked.Increment(ref _posts) % _referrerTokens.Length];
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", referrer);
        return request;
    }

    private async Task PostAsync(RateRun run, long due, CancellationToken ct)
    {
        try
        {
            using var request = PostRequest();
            using var response = await _http.SendAsync(request, ct);
            var ms = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
            Guid? id = response.StatusCode == HttpStatusCode.Created
                ? (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid()
                : null;
            run.PostAnswered((int)response.StatusCode, ms, id, run.WallClock(due));
            if (id is { } referral)
            {
                _posted.Writer.TryWrite((referral, run));
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException && !ct.IsCancellationRequested)
        {
            run.Failed("POST", ex);
        }
    }

    /// <summary>The partners' side: finds each posted referral's first offer and has its partner accept it after a while.</summary>
    private async Task PartnersAsync(CancellationToken ct)
    {
        var waiting = new List<(Guid Referral, RateRun Run)>();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Poll, ct);
                while (_posted.Reader.TryRead(out var posted))
                {
                    waiting.Add(posted);
                }
                if (waiting.Count == 0)
                {
                    continue;
                }
                var first = await FirstOffersAsync([.. waiting.Select(w => w.Referral)], ct);
                foreach (var (referral, run) in waiting)
                {
                    if (first.TryGetValue(referral, out var offer))
                    {
                        _ = AcceptAsync(run, referral, offer.Offer, offer.Partner, ct);
                    }
                    else
                    {
                        run.Unmatched(); // nobody qualified: the referral was stored unmatched, with no offers
                    }
                }
                waiting.Clear();
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Never let the partners stop answering: each rate would then wait out its bound for accepts that never come.
                Console.Error.WriteLine($"Looking for offers failed ({ex.Message}); trying again.");
            }
        }
    }

    /// <summary>Each referral's lowest-ranked offer of wave 1 (its offers are committed before its 201 is sent).</summary>
    private async Task<Dictionary<Guid, (Guid Offer, Guid Partner)>> FirstOffersAsync(Guid[] referrals, CancellationToken ct)
    {
        await using var command = _matchingDb.CreateCommand("""
            SELECT DISTINCT ON ("ReferralId") "ReferralId", "Id", "PartnerFirmId" FROM "Offers"
            WHERE "ReferralId" = ANY($1) AND "Wave" = 1 ORDER BY "ReferralId", "Rank"
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = referrals });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var first = new Dictionary<Guid, (Guid, Guid)>();
        while (await reader.ReadAsync(ct))
        {
            first[reader.GetGuid(0)] = (reader.GetGuid(1), reader.GetGuid(2));
        }
        return first;
    }

    private async Task AcceptAsync(RateRun run, Guid referral, Guid offer, Guid partner, CancellationToken ct)
    {
        try
        {
            var posted = run.PostedAt(referral);
            var think = posted + TimeSpan.FromSeconds(0.5 + Random.Shared.NextDouble()) - DateTimeOffset.UtcNow;
            if (think > TimeSpan.Zero)
            {
                await Task.Delay(think, ct);
            }
            var sent = run.AcceptSent();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/matching/offers/{offer}/accept");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
                _partnerTokens.GetOrAdd(partner, p => TestTokens.For(p, "Owner", lifetime: TimeSpan.FromHours(4))));
            using var response = await _http.SendAsync(request, ct);
            run.AcceptAnswered((int)response.StatusCode, Stopwatch.GetElapsedTime(sent).TotalMilliseconds, referral);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            run.Failed("accept", ex);
        }
        finally
        {
            run.Answered();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _partners;
        _stop.Dispose();
        _http.Dispose();
    }
}

/// <summary>What one rate's referrals and their accepts came to, filled in by the market while they run.</summary>
public sealed class RateRun(int target, int seconds)
{
    private readonly ConcurrentBag<double> _postMs = [];
    private readonly ConcurrentBag<double> _acceptMs = [];
    private readonly ConcurrentBag<double> _lateMs = [];
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _posted = new();
    private readonly ConcurrentDictionary<Guid, byte> _accepted = new();
    private readonly ConcurrentDictionary<string, int> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _examples = new(StringComparer.Ordinal);
    private int _waiting; // referrals posted whose partner has not had its answer yet
    private int _unmatched;
    private long _lastPostAnswered, _firstAcceptSent = long.MaxValue, _lastAcceptAnswered;

    public int Target => target;
    public int Seconds => seconds;
    public long Started { get; } = Stopwatch.GetTimestamp();
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;
    public DateTimeOffset EndedAt { get; private set; }

    /// <summary>Referral → the moment its POST was due (the latency of its first offer counts from there).</summary>
    public IReadOnlyDictionary<Guid, DateTimeOffset> Posted => _posted;
    public IReadOnlyCollection<Guid> Accepted => [.. _accepted.Keys];
    public IReadOnlyDictionary<string, int> Errors => _errors;

    /// <summary>The first exception's message of each kind of request that got no answer.</summary>
    public IReadOnlyDictionary<string, string> Examples => _examples;
    public double[] PostMs => [.. _postMs.Order()];
    public double[] AcceptMs => [.. _acceptMs.Order()];

    /// <summary>How late the load generator sent each POST after it was due (its own delays, not the platform's).</summary>
    public double[] LateMs => [.. _lateMs.Order()];
    public int UnmatchedCount => Volatile.Read(ref _unmatched);

    /// <summary>201s ÷ (the rate's seconds, or until the last POST was answered if later).</summary>
    public double PostsPerSecond => _posted.Count / Math.Max(seconds, Stopwatch.GetElapsedTime(Started, Interlocked.Read(ref _lastPostAnswered)).TotalSeconds);

    /// <summary>2xx accepts ÷ (first accept sent → last accept answered).</summary>
    public double AcceptsPerSecond => _accepted.IsEmpty ? 0
        : _accepted.Count / Math.Max(1e-3, Stopwatch.GetElapsedTime(Interlocked.Read(ref _firstAcceptSent), Interlocked.Read(ref _lastAcceptAnswered)).TotalSeconds);

    /// <summary>POSTs answered with anything but 2xx or not answered at all, as a share of the POSTs due.</summary>
    public double PostErrorShare => (double)_errors.Where(e => e.Key.StartsWith("POST", StringComparison.Ordinal)).Sum(e => e.Value) / Math.Max(1, target * seconds);

    public DateTimeOffset WallClock(long timestamp) => StartedAt + Stopwatch.GetElapsedTime(Started, timestamp);

    public DateTimeOffset PostedAt(Guid referral) => _posted.GetValueOrDefault(referral, DateTimeOffset.UtcNow);

    public void Sent(long due) => _lateMs.Add(Math.Max(0, Stopwatch.GetElapsedTime(due).TotalMilliseconds));

    public void PostAnswered(int status, double ms, Guid? referral, DateTimeOffset dueAt)
    {
        _postMs.Add(ms);
        Latest(ref _lastPostAnswered, Stopwatch.GetTimestamp());
        if (referral is { } id)
        {
            Interlocked.Increment(ref _waiting);
            _posted[id] = dueAt;
        }
        if (status is < 200 or > 299)
        {
            _errors.AddOrUpdate($"POST {status}", 1, (_, n) => n + 1);
        }
    }

    public long AcceptSent()
    {
        var now = Stopwatch.GetTimestamp();
        for (var first = Interlocked.Read(ref _firstAcceptSent); now < first; first = Interlocked.Read(ref _firstAcceptSent))
        {
            if (Interlocked.CompareExchange(ref _firstAcceptSent, now, first) == first)
            {
                break;
            }
        }
        return now;
    }

    public void AcceptAnswered(int status, double ms, Guid referral)
    {
        _acceptMs.Add(ms);
        if (status is >= 200 and <= 299)
        {
            _accepted[referral] = 0;
            Latest(ref _lastAcceptAnswered, Stopwatch.GetTimestamp());
        }
        else
        {
            _errors.AddOrUpdate($"accept {status}", 1, (_, n) => n + 1);
        }
    }

    /// <summary>A request that got no answer (the client's 30 s timeout, a refused or broken connection).</summary>
    public void Failed(string what, Exception ex)
    {
        var kind = $"{what} {(ex is TaskCanceledException ? "timeout" : ex.GetType().Name)}";
        _errors.AddOrUpdate(kind, 1, (_, n) => n + 1);
        _examples.TryAdd(kind, ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message);
    }

    /// <summary>The partner of one referral has had its answer (or there was nobody to answer).</summary>
    public void Answered() => Interlocked.Decrement(ref _waiting);

    public void Unmatched()
    {
        Interlocked.Increment(ref _unmatched);
        Answered();
    }

    /// <summary>Waits, at most <paramref name="within"/>, until every referral posted has had its accept answered.</summary>
    public Task<bool> SettledAsync(TimeSpan within, CancellationToken ct) =>
        Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref _waiting) <= 0 || ct.IsCancellationRequested), within, TimeSpan.FromMilliseconds(50));

    public void End() => EndedAt = DateTimeOffset.UtcNow;

    private static void Latest(ref long field, long value)
    {
        for (var seen = Interlocked.Read(ref field); value > seen; seen = Interlocked.Read(ref field))
        {
            if (Interlocked.CompareExchange(ref field, value, seen) == seen)
            {
                return;
            }
        }
    }
}
