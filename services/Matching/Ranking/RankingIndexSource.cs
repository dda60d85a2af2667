using Marketplace.Calendar;
using Marketplace.Matching.Data;
using Marketplace.Matching.Referrals;
using Marketplace.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Marketplace.Matching.Ranking;

/// <summary>
/// The current ranking index of this instance, rebuilt from the projections when they have moved. "Moved" is read
/// from the database (the inbox's rows and the referrals' audit trail), so a change consumed or made by any
/// instance is seen by every instance within one refresh, and a referral posted here sees this instance's own writes.
/// </summary>
public sealed class RankingIndexSource(IServiceScopeFactory scopes, IOptions<MatchingOptions> options, TimeProvider clock) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeSpan _interval = options.Value.IndexRefreshInterval;
    private string _fingerprint = "";
    private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;

    public RankingIndex Current { get; private set; } = RankingIndex.Empty;

    public void Dispose() => _gate.Dispose();

    /// <summary>
    /// The index, looked at again at most once per refresh interval: one caller checks the database (and reloads when
    /// something moved) while the others go on with the current index rather than queue behind it.
    /// </summary>
    public async Task<RankingIndex> GetAsync(CancellationToken ct)
    {
        var first = ReferenceEquals(Current, RankingIndex.Empty);
        if (!first && clock.GetUtcNow() - _checkedAt < _interval)
        {
            return Current;
        }
        if (!await _gate.WaitAsync(first ? Timeout.InfiniteTimeSpan : TimeSpan.Zero, ct))
        {
            return Current;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MatchingDbContext>();
            var fingerprint = await db.Database.SqlQuery<string>($"""
                SELECT concat_ws('/', (SELECT count(*) FROM "InboxMessages"), (SELECT max("ReceivedAt") FROM "InboxMessages"),
                                      (SELECT count(*) FROM "ReferralTransitions"), (SELECT max("At") FROM "ReferralTransitions")) AS "Value"
                """).SingleAsync(ct);
            if (fingerprint != _fingerprint)
            {
                Current = await LoadAsync(db, ct);
                _fingerprint = fingerprint;
            }
            _checkedAt = clock.GetUtcNow();
            return Current;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Offers made here count for fairness at once, before the next reload sees them in the database.</summary>
    public void Offered(IEnumerable<Guid> firms, Instant at)
    {
        foreach (var firm in firms)
        {
            if (Current.Profile(firm) is { } profile)
            {
                profile.LastOfferedAt = at;
            }
        }
    }

    public static async Task<RankingIndex> LoadAsync(MatchingDbContext db, CancellationToken ct)
    {
        var partners = await db.Partners.AsNoTracking().ToListAsync(ct);
        var skills = (await db.PartnerSkills.AsNoTracking().ToListAsync(ct)).ToLookup(s => s.FirmId);
        var reputations = await db.PartnerReputations.AsNoTracking().ToDictionaryAsync(r => r.FirmId, ct);
        var capacities = await db.PartnerCapacities.AsNoTracking().ToDictionaryAsync(c => c.FirmId, ct);
        var lastOffered = await db.Offers.GroupBy(o => o.PartnerFirmId).Select(g => new { g.Key, Last = g.Max(o => o.MadeAt) }).ToDictionaryAsync(x => x.Key, x => x.Last, ct);
        var open = (await db.Referrals.Where(r => r.PartnerFirmId != null &&
                (r.Status == ReferralStatus.Accepted || r.Status == ReferralStatus.Confirmed || r.Status == ReferralStatus.InProgress))
            .GroupBy(r => new { Partner = r.PartnerFirmId!.Value, r.ReferrerFirmId }).Select(g => new { g.Key.Partner, g.Key.ReferrerFirmId, Count = g.Count() })
            .ToListAsync(ct)).ToLookup(x => x.Partner);
        var links = await db.PartnerLinks.AsNoTracking().Where(l => l.Active).ToListAsync(ct);
        var linkIds = links.Select(l => l.PartnershipId).ToList();
        var agreements = (await db.AgreementVersions.AsNoTracking().Where(a => linkIds.Contains(a.PartnershipId)).ToListAsync(ct))
            .GroupBy(a => a.PartnershipId).ToDictionary(g => g.Key, g => g.MaxBy(a => a.Version)!);
        var today = SystemClock.Instance.GetCurrentInstant().InUtc().Date;

        var numbers = new Dictionary<string, int>();
        var calendars = new Dictionary<string, WorkingWeek>();
        var profiles = new List<PartnerProfile>(partners.Count);
        foreach (var p in partners)
        {
            var claims = skills[p.FirmId].Select(s => (Number: RankingIndex.Intern(numbers, s.SkillId), s)).OrderBy(x => x.Number).ToList();
            if (claims.Count == 0)
            {
                continue; // nothing to be matched on
            }
            var calendarKey = $"{string.Join(',', p.WorkingDays)}|{p.OpensAt}|{p.ClosesAt}|{p.TimeZone}";
            if (!calendars.TryGetValue(calendarKey, out var calendar))
            {
                calendars[calendarKey] = calendar = new WorkingWeek([.. p.WorkingDays.Select(d => (IsoDayOfWeek)d)], p.OpensAt, p.ClosesAt,
                    DateTimeZoneProviders.Tzdb.GetZoneOrNull(p.TimeZone) ?? DateTimeZone.Utc);
            }
            var capacity = capacities.GetValueOrDefault(p.FirmId);
            var reputation = reputations.GetValueOrDefault(p.FirmId);
            profiles.Add(new PartnerProfile
            {
                FirmId = p.FirmId, Name = p.Name, TakesReferrals = p.TakesReferrals, Calendar = calendar,
                Skills = [.. claims.Select(c => c.Number)], Levels = [.. claims.Select(c => (byte)c.s.Level)],
                Verified = [.. claims.Select(c => c.s.VerifiedUntil is { } until && LocalDate.FromDateOnly(until) >= today)],
                ReputationMean = reputation?.Mean, RatingCount = reputation?.Count ?? 0,
                CapacityFrom = capacity is null ? null : LocalDate.FromDateOnly(capacity.FirstWeek),
                FreeHours = capacity is null ? [] : [.. capacity.FreeHours.Select(h => (short)h)],
                LastOfferedAt = lastOffered.TryGetValue(p.FirmId, out var last) ? last : null,
                OpenReferralsBy = open[p.FirmId].ToDictionary(x => x.ReferrerFirmId, x => x.Count),
            });
        }

        var terms = new Dictionary<Guid, Dictionary<Guid, PartnerTerms>>();
        foreach (var link in links)
        {
            var a = agreements.GetValueOrDefault(link.PartnershipId);
            var t = a is null
                ? Ranker.DirectoryTerms with { PartnershipId = link.PartnershipId }
                : new PartnerTerms(link.PartnershipId, a.Version, Modes(a.EngagementModes), a.ResponseSlaBusinessHours, a.MaxConcurrentReferrals);
            // Either firm may refer work to the other.
            foreach (var (from, to) in new[] { (link.InviterFirmId, link.InviteeFirmId), (link.InviteeFirmId, link.InviterFirmId) })
            {
                if (!terms.TryGetValue(from, out var byPartner))
                {
                    terms[from] = byPartner = [];
                }
                byPartner[to] = t;
            }
        }
        return new RankingIndex(profiles, numbers, terms.ToDictionary(t => t.Key, t => (IReadOnlyDictionary<Guid, PartnerTerms>)t.Value));
    }

    public static EngagementModes Modes(IEnumerable<string> modes) =>
        modes.Aggregate(EngagementModes.None, (all, m) => all | (Enum.TryParse<EngagementModes>(m, out var mode) ? mode : EngagementModes.None));
}
