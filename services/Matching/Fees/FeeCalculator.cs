using Marketplace.Matching.Data;
using Marketplace.Matching.Referrals;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Matching.Fees;

public static class FeeCalculator
{
    /// <summary>
    /// The partner owes the referrer per the agreement version the referral was accepted under (not today's terms):
    /// percent of the job value, the flat amount, or nothing under reciprocity or without an agreement.
    /// </summary>
    public static async Task<FeeEntry> ForAsync(MatchingDbContext db, Referral referral, string? currency, Instant now, CancellationToken ct)
    {
        var terms = referral.PartnershipId is { } partnership
            ? await db.AgreementVersions.AsNoTracking().FirstOrDefaultAsync(a => a.PartnershipId == partnership && a.Version == referral.AgreementVersion, ct)
            : null;
        var (kind, amount, feeCurrency) = terms?.FeeKind switch
        {
            "Percent" => ("Percent", Math.Round(referral.JobValue!.Value * (terms.FeePercent ?? 0) / 100, 2), currency ?? referral.Currency ?? "USD"),
            "Flat" => ("Flat", terms.FeeAmount ?? 0, terms.FeeCurrency ?? "USD"),
            _ => ("Reciprocity", 0m, currency ?? referral.Currency ?? "USD"),
        };
        return new FeeEntry
        {
            Id = Guid.CreateVersion7(), ReferralId = referral.Id, PayerFirmId = referral.PartnerFirmId!.Value, PayeeFirmId = referral.ReferrerFirmId,
            PartnershipId = referral.PartnershipId, AgreementVersion = referral.AgreementVersion ?? 0, Kind = kind, Amount = amount, Currency = feeCurrency,
            RecordedAt = now,
        };
    }
}
