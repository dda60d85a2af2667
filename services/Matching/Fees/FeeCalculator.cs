using Marketplace.Matching.Data;
using Marketplace.Matching.Partnerships;
using Marketplace.Matching.Referrals;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Matching.Fees;

/// <summary>The fee part of an agreement version: percent of the job value, a flat amount, or nothing (reciprocity, or no partnership).</summary>
public sealed record FeeTerms(string Kind, decimal? Percent, decimal? Amount, string? Currency)
{
    public static readonly FeeTerms None = new("Reciprocity", null, null, null);

    public static FeeTerms Of(AgreementVersion? a) => a is null ? None : new(a.FeeKind, a.FeePercent, a.FeeAmount, a.FeeCurrency);

    public (string Kind, decimal Amount, string Currency) FeeFor(decimal jobValue, string jobCurrency) => Kind switch
    {
        "Percent" => ("Percent", Math.Round(jobValue * (Percent ?? 0) / 100, 2), jobCurrency),
        "Flat" => ("Flat", Amount ?? 0, Currency ?? jobCurrency),
        _ => ("Reciprocity", 0m, jobCurrency),
    };
}

public static class FeeCalculator
{
    /// <summary>The fee terms of the agreement version the referral was accepted under (the one shown on the offer), not today's.</summary>
    public static async Task<FeeTerms> TermsAsync(MatchingDbContext db, Guid? partnershipId, int version, CancellationToken ct) =>
        partnershipId is { } partnership
            ? FeeTerms.Of(await db.AgreementVersions.AsNoTracking().FirstOrDefaultAsync(a => a.PartnershipId == partnership && a.Version == version, ct))
            : FeeTerms.None;

    /// <summary>The referrer's stated value, pending the partner's answer.</summary>
    public static async Task<FeeEntry> StatedAsync(MatchingDbContext db, Referral referral, string jobCurrency, string by, NodaTime.Instant now, CancellationToken ct) =>
        FeeEntry.Stated(referral.Id, referral.PartnerFirmId!.Value, referral.ReferrerFirmId, referral.PartnershipId, referral.AgreementVersion ?? 0,
            await TermsAsync(db, referral.PartnershipId, referral.AgreementVersion ?? 0, ct), referral.JobValue!.Value, jobCurrency, by, now);

    /// <summary>The fee in words, as an offer shows it.</summary>
    public static string Describe(AgreementVersion a) => a.FeeKind switch
    {
        "Percent" => $"{a.FeePercent:0.##} % of the job value to the referrer",
        "Flat" => $"{a.FeeAmount:N2} {a.FeeCurrency} flat to the referrer",
        _ => "no fee (reciprocity)",
    };
}
