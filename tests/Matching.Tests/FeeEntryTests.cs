using Marketplace.Matching.Fees;
using NodaTime;
using Shouldly;

namespace Marketplace.Matching.Tests;

/// <summary>A fee from a job value both sides stand behind: the referrer states it, the partner confirms or disputes, the operator settles.</summary>
public sealed class FeeEntryTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 12, 1, 10, 0);
    private static readonly Guid Referrer = Guid.NewGuid();
    private static readonly Guid Partner = Guid.NewGuid();
    private static readonly FeeTerms TenPercent = new("Percent", 10m, null, null);

    private static FeeEntry Stated(decimal value, FeeTerms? terms = null) =>
        FeeEntry.Stated(Guid.NewGuid(), Partner, Referrer, Guid.NewGuid(), 2, terms ?? TenPercent, value, "EUR", "referrer-member", T0);

    [Fact]
    public void A_stated_value_is_pending_until_the_partner_confirms_it()
    {
        var fee = Stated(5_000m);
        (fee.Status, fee.Amount, fee.Currency, fee.AgreementVersion).ShouldBe((FeeStatus.Pending, 500m, "EUR", 2));

        Should.Throw<FeeRuleException>(() => fee.Confirm(Referrer, "referrer-member", T0)); // the payee cannot confirm its own claim
        fee.Confirm(Partner, "partner-owner", T0 + Duration.FromHours(1));

        (fee.Status, fee.SettledBy).ShouldBe((FeeStatus.Settled, "partner-owner"));
        Should.Throw<FeeRuleException>(() => fee.Dispute(Partner, "partner-owner", "too late", T0));
    }

    [Fact]
    public void A_disputed_value_counts_only_once_the_operator_settles_it_from_the_same_terms()
    {
        var fee = Stated(100_000_000m);
        Should.Throw<FeeRuleException>(() => fee.Settle("operator", 1m, "early", TenPercent, T0)); // nothing to settle yet
        fee.Dispute(Partner, "partner-owner", "  The job was 8,000 EUR, see the invoice  ", T0);
        (fee.Status, fee.DisputeReason).ShouldBe((FeeStatus.Disputed, "The job was 8,000 EUR, see the invoice"));
        Should.Throw<FeeRuleException>(() => fee.Confirm(Partner, "partner-owner", T0));

        fee.Settle("operator", 8_000m, "Invoice 2026-114 checked", TenPercent, T0 + Duration.FromDays(2));

        (fee.Status, fee.JobValue, fee.Amount, fee.Currency, fee.SettlementNote).ShouldBe((FeeStatus.Settled, 8_000m, 800m, "EUR", "Invoice 2026-114 checked"));
    }

    [Theory]
    [InlineData("Percent", 12.5, null, null, 10_000.0, 1_250.0, "EUR")]
    [InlineData("Flat", null, 300.0, "GBP", 10_000.0, 300.0, "GBP")]
    [InlineData("Reciprocity", null, null, null, 10_000.0, 0.0, "EUR")]
    public void The_fee_follows_the_agreement_kind(string kind, double? percent, double? amount, string? currency, double job, double fee, string feeCurrency) =>
        new FeeTerms(kind, (decimal?)percent, (decimal?)amount, currency).FeeFor((decimal)job, "EUR").ShouldBe((kind, (decimal)fee, feeCurrency));
}
