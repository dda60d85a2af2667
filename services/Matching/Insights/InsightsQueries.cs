using Marketplace.Matching.Data;
using Marketplace.Matching.Offers;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Matching.Insights;

/// <summary>
/// Reads one firm's business in a window, as plain facts, and hands it to <see cref="InsightsCalculator"/>. Every query
/// is scoped to the firm: its referrals and the offers on them, the offers made to it, the fees it is owed or owes.
/// </summary>
public static class InsightsQueries
{
    public static async Task<FirmInsights> ForFirmAsync(MatchingDbContext db, Guid firm, InsightsWindow window, CancellationToken ct)
    {
        var (from, to) = (window.From, window.To);
        var referrals = await db.Referrals.AsNoTracking()
            .Where(r => r.ReferrerFirmId == firm && r.PostedAt >= from && r.PostedAt <= to)
            .Select(r => new ReferralFacts(r.Id, r.ReferrerFirmId, r.PostedAt, r.LatestStart, r.ClientTimeZone, r.Status,
                r.Offers.Where(o => o.Status == OfferStatus.Accepted).Min(o => o.RespondedAt), r.UnmatchedHelp))
            .ToListAsync(ct);
        // Offers on the firm's referrals (its side as referrer) and offers made to it (its mirror as partner), apart so
        // each query follows an index; one firm is never both sides of one offer.
        var made = await db.Offers.AsNoTracking()
            .Join(db.Referrals.Where(r => r.ReferrerFirmId == firm), o => o.ReferralId, r => r.Id, (o, r) => new { Offer = o, r.ReferrerFirmId })
            .Where(x => x.Offer.MadeAt >= from && x.Offer.MadeAt <= to)
            .Select(x => new OfferFacts(x.Offer.Id, x.Offer.ReferralId, x.ReferrerFirmId, x.Offer.PartnerFirmId, x.Offer.Status, x.Offer.MadeAt, x.Offer.DueAt,
                x.Offer.RespondedAt, x.Offer.DeclineReason))
            .ToListAsync(ct);
        var received = await db.Offers.AsNoTracking()
            .Where(o => o.PartnerFirmId == firm && o.MadeAt >= from && o.MadeAt <= to)
            .Join(db.Referrals, o => o.ReferralId, r => r.Id, (o, r) => new OfferFacts(o.Id, o.ReferralId, r.ReferrerFirmId, o.PartnerFirmId, o.Status, o.MadeAt,
                o.DueAt, o.RespondedAt, o.DeclineReason))
            .ToListAsync(ct);
        // A fee belongs to the day it settled, or the day its value was stated while it is not settled (FeeFacts.BookedAt).
        var fees = await db.Fees.AsNoTracking()
            .Where(f => (f.PayeeFirmId == firm || f.PayerFirmId == firm) && (f.SettledAt ?? f.RecordedAt) >= from && f.RecordedAt <= to)
            .Select(f => new FeeFacts(f.ReferralId, f.PayerFirmId, f.PayeeFirmId, f.Status, f.Amount, f.Currency, f.RecordedAt, f.SettledAt))
            .ToListAsync(ct);

        var counterparties = made.Select(o => o.PartnerFirmId).Concat(fees.Select(f => f.PayerFirmId == firm ? f.PayeeFirmId : f.PayerFirmId)).Distinct().ToList();
        var names = await db.Partners.AsNoTracking().Where(p => counterparties.Contains(p.FirmId)).ToDictionaryAsync(p => p.FirmId, p => p.Name, ct);
        return InsightsCalculator.For(firm, window, referrals, [.. made, .. received], fees, names);
    }
}
