using Marketplace.Matching.Data;
using Marketplace.Matching.Offers;
using Marketplace.Matching.Referrals;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Matching.Questions;

/// <summary>The two firms of an offer, and what the referral says about its client (for answers that must not name it).</summary>
public sealed record OfferSides(Guid OfferId, Guid ReferralId, Guid ReferrerFirmId, Guid PartnerFirmId, bool Confidential, string? ClientName)
{
    public bool IsReferrer(Guid firm) => firm == ReferrerFirmId;

    /// <summary>Whether <paramref name="text"/> names the client while the referral keeps the client's name from partners.</summary>
    public bool NamesHiddenClient(string text) =>
        Confidential && ClientName is { } name && ClientNameGuard.Names(text, name);
}

/// <summary>The reads of offers' question threads; each is scoped to the firms that may see it.</summary>
public static class OfferThreads
{
    /// <summary>
    /// The offer's two firms when <paramref name="firm"/> is one of them (the partner it was made to, or the referrer);
    /// null for anyone else, a partner of another offer on the same referral included, so they learn nothing (404).
    /// </summary>
    public static Task<OfferSides?> SidesAsync(MatchingDbContext db, Guid offerId, Guid firm, CancellationToken ct) =>
        db.Offers.AsNoTracking().Where(o => o.Id == offerId)
            .Join(db.Referrals, o => o.ReferralId, r => r.Id, (o, r) => new { o, r })
            .Where(x => x.o.PartnerFirmId == firm || x.r.ReferrerFirmId == firm)
            .Select(x => new OfferSides(x.o.Id, x.r.Id, x.r.ReferrerFirmId, x.o.PartnerFirmId, x.r.Confidential, x.r.ClientName))
            .FirstOrDefaultAsync(ct);

    /// <summary>The one firm of a referral's offer a change may come from: the caller's, when it is either side of the offer.</summary>
    public static Func<Referral, Guid?> SideOf(Guid offerId, Guid firm) => referral =>
        referral.ReferrerFirmId == firm || referral.Offers.Any(o => o.Id == offerId && o.PartnerFirmId == firm) ? firm : null;

    /// <summary>The offers' threads with the partners' names, in the order the offers were made.</summary>
    public static async Task<List<OfferThreadView>> ThreadsAsync(MatchingDbContext db, IQueryable<Offer> offers, Instant now, CancellationToken ct)
    {
        var rows = await offers.AsNoTracking().Join(db.Referrals, o => o.ReferralId, r => r.Id, (o, r) => new { Offer = o, r.Status })
            .OrderBy(x => x.Offer.Wave).ThenBy(x => x.Offer.Rank).ToListAsync(ct);
        var ids = rows.Select(x => x.Offer.Id).ToList();
        var questions = (await db.OfferQuestions.AsNoTracking().Where(q => ids.Contains(q.OfferId)).OrderBy(q => q.Number).ToListAsync(ct)).ToLookup(q => q.OfferId);
        var firms = rows.Select(x => x.Offer.PartnerFirmId).Distinct().ToList();
        var names = await db.Partners.AsNoTracking().Where(p => firms.Contains(p.FirmId)).ToDictionaryAsync(p => p.FirmId, p => p.Name, ct);
        return [.. rows.Select(x => OfferThreadView.Of(x.Offer, x.Status, names.GetValueOrDefault(x.Offer.PartnerFirmId), [.. questions[x.Offer.Id]], now))];
    }

    /// <summary>The questions on these offers, by offer, oldest first (for the partner's inbox).</summary>
    public static async Task<ILookup<Guid, OfferQuestion>> QuestionsOnAsync(MatchingDbContext db, IReadOnlyCollection<Guid> offers, CancellationToken ct) =>
        (await db.OfferQuestions.AsNoTracking().Where(q => offers.Contains(q.OfferId)).OrderBy(q => q.Number).ToListAsync(ct)).ToLookup(q => q.OfferId);
}
