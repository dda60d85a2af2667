using Marketplace.Calendar;
using Marketplace.Matching.Data;
using Marketplace.Matching.Offers;
using Marketplace.Matching.Referrals;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Matching.Ranking;

/// <summary>Reads the ranking's inputs from Matching's projections: all of them, or the firms that moved.</summary>
public static class RankingLoader
{
    public static Task<RankingIndex> LoadAsync(MatchingDbContext db, TimeProvider clock, CancellationToken ct) => UpdateAsync(db, null, null, clock, ct);

    /// <summary>
    /// <paramref name="previous"/> brought up to date for the <paramref name="changed"/> keys — firms, or partnerships
    /// whose terms moved (both their firms then moved) — or everything loaded when either is null.
    /// </summary>
    public static async Task<RankingIndex> UpdateAsync(MatchingDbContext db, RankingIndex? previous, IReadOnlySet<Guid>? changed, TimeProvider clock, CancellationToken ct)
    {
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        if (previous is null || changed is null)
        {
            var all = new Dictionary<string, int>();
            var profiles = await ProfilesAsync(db, null, all, now, ct);
            var terms = (await TermsAsync(db, null, ct)).GroupBy(t => t.From)
                .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<Guid, PartnerTerms>)g.GroupBy(t => t.To).ToDictionary(t => t.Key, t => t.Last().Terms));
            return new RankingIndex(profiles, all, terms);
        }
        var keys = changed.ToList();
        var partnerships = await db.PartnerLinks.AsNoTracking().Where(l => keys.Contains(l.PartnershipId))
            .Select(l => new { l.PartnershipId, l.InviterFirmId, l.InviteeFirmId }).ToListAsync(ct);
        var moved = changed.Except(partnerships.Select(p => p.PartnershipId))
            .Concat(partnerships.SelectMany(p => new[] { p.InviterFirmId, p.InviteeFirmId })).ToHashSet();
        var numbers = previous.SkillNumbers();
        var movedProfiles = await ProfilesAsync(db, moved, numbers, now, ct);
        return previous.With(moved, movedProfiles, numbers, await TermsAsync(db, moved, ct));
    }

    private static async Task<List<PartnerProfile>> ProfilesAsync(MatchingDbContext db, HashSet<Guid>? only, Dictionary<string, int> numbers, Instant now,
        CancellationToken ct)
    {
        var today = now.InUtc().Date;
        var firms = only?.ToList();
        var partners = await db.Partners.AsNoTracking().Where(p => firms == null || firms.Contains(p.FirmId)).ToListAsync(ct);
        var skills = (await db.PartnerSkills.AsNoTracking().Where(s => firms == null || firms.Contains(s.FirmId)).ToListAsync(ct)).ToLookup(s => s.FirmId);
        var reputations = await db.PartnerReputations.AsNoTracking().Where(r => firms == null || firms.Contains(r.FirmId)).ToDictionaryAsync(r => r.FirmId, ct);
        var capacities = await db.PartnerCapacities.AsNoTracking().Where(c => firms == null || firms.Contains(c.FirmId)).ToDictionaryAsync(c => c.FirmId, ct);
        var lastOffered = await db.Offers.Where(o => firms == null || firms.Contains(o.PartnerFirmId))
            .GroupBy(o => o.PartnerFirmId).Select(g => new { g.Key, Last = g.Max(o => o.MadeAt) }).ToDictionaryAsync(x => x.Key, x => x.Last, ct);
        var open = (await db.Referrals.Where(r => r.PartnerFirmId != null && (firms == null || firms.Contains(r.PartnerFirmId.Value)) &&
                (r.Status == ReferralStatus.Accepted || r.Status == ReferralStatus.Confirmed || r.Status == ReferralStatus.InProgress))
            .GroupBy(r => new { Partner = r.PartnerFirmId!.Value, r.ReferrerFirmId }).Select(g => new { g.Key.Partner, g.Key.ReferrerFirmId, Count = g.Count() })
            .ToListAsync(ct)).ToLookup(x => x.Partner);
        // How each partner answered its offers lately: answered or let expire (withdrawn ones say nothing; open ones not yet).
        // At most its latest ResponseHistory.MaxOutcomes (a window function per partner), so a busy partner costs no more to load.
        var outcomes = (await OutcomesAsync(db, firms, now - ResponseHistory.Horizon, ct)).ToLookup(o => o.PartnerFirmId);

        var calendars = new Dictionary<string, WorkingWeek>();
        var profiles = new List<PartnerProfile>(partners.Count);
        foreach (var p in partners)
        {
            var claims = skills[p.FirmId].Select(s => (Number: RankingIndex.Intern(numbers, s.SkillId), s)).OrderBy(x => x.Number).ToList();
            if (claims.Count == 0)
            {
                continue; // nothing to be matched on
            }
            // Partners with the same hours and closed days share one calendar, and with it one cache of each year's holidays.
            var calendarKey = $"{string.Join(',', p.WorkingDays)}|{p.OpensAt}|{p.ClosesAt}|{p.TimeZone}|{p.HolidayCountry}|{p.HolidayRegion}|{string.Join(',', p.ClosingDays)}";
            if (!calendars.TryGetValue(calendarKey, out var calendar))
            {
                calendars[calendarKey] = calendar = new WorkingWeek([.. p.WorkingDays.Select(d => (IsoDayOfWeek)d)], p.OpensAt, p.ClosesAt,
                    DateTimeZoneProviders.Tzdb.GetZoneOrNull(p.TimeZone) ?? DateTimeZone.Utc)
                {
                    Closed = ClosedDays.Of(p.HolidayCountry, p.HolidayRegion, p.ClosingDays),
                };
            }
            var capacity = capacities.GetValueOrDefault(p.FirmId);
            var reputation = reputations.GetValueOrDefault(p.FirmId);
            var answers = outcomes[p.FirmId].Select(o => (At: o.RespondedAt ?? o.MadeAt,
                Took: o.Status == nameof(OfferStatus.Expired) ? (Duration?)null : BusinessTime.Between(calendar, o.MadeAt, o.RespondedAt ?? o.MadeAt))).ToList();
            profiles.Add(new PartnerProfile
            {
                FirmId = p.FirmId, Name = p.Name, TakesReferrals = p.TakesReferrals, Calendar = calendar,
                Skills = [.. claims.Select(c => c.Number)], Levels = [.. claims.Select(c => (byte)c.s.Level)],
                // Catalog announces a lapse the day after (PartnerSkillsChanged), which reloads the partner.
                Verified = [.. claims.Select(c => c.s.VerifiedUntil is { } until && LocalDate.FromDateOnly(until) >= today)],
                ReputationMean = reputation?.Mean, RatingCount = reputation?.Count ?? 0,
                CapacityFrom = capacity is null ? null : LocalDate.FromDateOnly(capacity.FirstWeek),
                FreeHours = capacity is null ? [] : [.. capacity.FreeHours.Select(h => (short)h)],
                LastOfferedAt = lastOffered.TryGetValue(p.FirmId, out var last) ? last : null,
                OpenReferralsBy = open[p.FirmId].ToDictionary(x => x.ReferrerFirmId, x => x.Count),
                Responses = answers.Count == 0 ? null : ResponseHistory.From(answers),
            });
        }
        return profiles;
    }

    /// <summary>An offer's outcome as the response history reads it.</summary>
    private sealed record OfferOutcome(Guid PartnerFirmId, Instant MadeAt, Instant? RespondedAt, string Status);

    /// <summary>
    /// Each partner's latest answered or expired offers since <paramref name="since"/>, at most <see cref="ResponseHistory.MaxOutcomes"/>
    /// each (a window function: a busy partner costs no more to load than a quiet one).
    /// </summary>
    private static Task<List<OfferOutcome>> OutcomesAsync(MatchingDbContext db, List<Guid>? firms, Instant since, CancellationToken ct)
    {
        var only = firms?.ToArray();
        var query = only is null
            ? db.Database.SqlQuery<OfferOutcome>($"""
                SELECT "PartnerFirmId", "MadeAt", "RespondedAt", "Status" FROM (
                  SELECT "PartnerFirmId", "MadeAt", "RespondedAt", "Status", row_number() OVER (PARTITION BY "PartnerFirmId" ORDER BY "MadeAt" DESC) AS n
                  FROM "Offers" WHERE "MadeAt" >= {since} AND "Status" IN ('Accepted', 'Declined', 'Expired')) latest
                WHERE n <= {ResponseHistory.MaxOutcomes}
                """)
            : db.Database.SqlQuery<OfferOutcome>($"""
                SELECT "PartnerFirmId", "MadeAt", "RespondedAt", "Status" FROM (
                  SELECT "PartnerFirmId", "MadeAt", "RespondedAt", "Status", row_number() OVER (PARTITION BY "PartnerFirmId" ORDER BY "MadeAt" DESC) AS n
                  FROM "Offers" WHERE "PartnerFirmId" = ANY({only}) AND "MadeAt" >= {since} AND "Status" IN ('Accepted', 'Declined', 'Expired')) latest
                WHERE n <= {ResponseHistory.MaxOutcomes}
                """);
        return query.ToListAsync(ct);
    }

    /// <summary>Terms of every active partnership (of the given firms), both ways: either firm may refer work to the other.</summary>
    private static async Task<List<(Guid From, Guid To, PartnerTerms Terms)>> TermsAsync(MatchingDbContext db, HashSet<Guid>? only, CancellationToken ct)
    {
        var firms = only?.ToList();
        var links = await db.PartnerLinks.AsNoTracking()
            .Where(l => l.Active && (firms == null || firms.Contains(l.InviterFirmId) || firms.Contains(l.InviteeFirmId)))
            // Two active links for one pair (events arriving out of order) resolve the same way in a full and an incremental load: the last wins.
            .OrderBy(l => l.PartnershipId).ToListAsync(ct);
        var linkIds = links.Select(l => l.PartnershipId).ToList();
        var agreements = (await db.AgreementVersions.AsNoTracking().Where(a => linkIds.Contains(a.PartnershipId)).ToListAsync(ct))
            .GroupBy(a => a.PartnershipId).ToDictionary(g => g.Key, g => g.MaxBy(a => a.Version)!);
        var terms = new List<(Guid, Guid, PartnerTerms)>(links.Count * 2);
        foreach (var link in links)
        {
            var a = agreements.GetValueOrDefault(link.PartnershipId);
            var t = a is null
                ? Ranker.DirectoryTerms with { PartnershipId = link.PartnershipId }
                : new PartnerTerms(link.PartnershipId, a.Version, Modes(a.EngagementModes), a.ResponseSlaBusinessHours, a.MaxConcurrentReferrals);
            terms.Add((link.InviterFirmId, link.InviteeFirmId, t));
            terms.Add((link.InviteeFirmId, link.InviterFirmId, t));
        }
        return terms;
    }

    public static EngagementModes Modes(IEnumerable<string> modes) =>
        modes.Aggregate(EngagementModes.None, (all, m) => all | (Enum.TryParse<EngagementModes>(m, out var mode) ? mode : EngagementModes.None));
}
