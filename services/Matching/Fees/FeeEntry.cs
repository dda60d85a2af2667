using Marketplace.Messaging;
using NodaTime;

namespace Marketplace.Matching.Fees;

/// <summary>Pending: the referrer stated the job value, the partner has not answered. Disputed: the partner contests it. Settled: agreed or decided.</summary>
public enum FeeStatus { Pending, Disputed, Settled }

/// <summary>
/// What the partner owes the referrer for a completed referral, computed from the agreement version shown on the
/// accepted offer. The referrer states the job value; it counts only once the partner confirms it or, after a
/// dispute, the platform's operator settles it. One per referral.
/// </summary>
public sealed class FeeEntry
{
    public const int MaxText = 500;

    public Guid Id { get; init; }
    public Guid ReferralId { get; init; }
    public Guid PayerFirmId { get; init; }
    public Guid PayeeFirmId { get; init; }
    public Guid? PartnershipId { get; init; }
    public int AgreementVersion { get; init; }
    public string Kind { get; private set; } = "";
    public decimal Amount { get; private set; }
    public string Currency { get; private set; } = "";
    /// <summary>The job's value as the referrer stated it, then as settled.</summary>
    public decimal JobValue { get; private set; }
    public string JobCurrency { get; private set; } = "";
    public FeeStatus Status { get; private set; }
    public Instant RecordedAt { get; init; }
    public string StatedBy { get; init; } = "";
    public string? AnsweredBy { get; private set; }
    public Instant? AnsweredAt { get; private set; }
    public string? DisputeReason { get; private set; }
    public string? SettledBy { get; private set; }
    public Instant? SettledAt { get; private set; }
    public string? SettlementNote { get; private set; }

    private FeeEntry() { }

    public static FeeEntry Stated(Guid referralId, Guid payer, Guid payee, Guid? partnershipId, int version, FeeTerms terms, decimal jobValue,
        string jobCurrency, string by, Instant now)
    {
        var entry = new FeeEntry
        {
            Id = Guid.CreateVersion7(), ReferralId = referralId, PayerFirmId = payer, PayeeFirmId = payee, PartnershipId = partnershipId,
            AgreementVersion = version, RecordedAt = now, StatedBy = by, Status = FeeStatus.Pending,
        };
        entry.Price(terms, jobValue, jobCurrency);
        return entry;
    }

    /// <summary>The partner agrees with the stated value: the fee is settled as computed.</summary>
    public void Confirm(Guid firm, string by, Instant now)
    {
        RequirePayer(firm, "confirm");
        Require(Status == FeeStatus.Pending, $"This job value is already {Status.ToString().ToLowerInvariant()}.");
        (Status, AnsweredBy, AnsweredAt, SettledBy, SettledAt) = (FeeStatus.Settled, by, now, by, now);
    }

    /// <summary>The partner contests the stated value: nothing counts until the operator settles it.</summary>
    public void Dispute(Guid firm, string by, string reason, Instant now)
    {
        RequirePayer(firm, "dispute");
        Require(Status == FeeStatus.Pending, $"This job value is already {Status.ToString().ToLowerInvariant()}.");
        (Status, AnsweredBy, AnsweredAt, DisputeReason) = (FeeStatus.Disputed, by, now, reason.Trim());
    }

    /// <summary>The platform's operator decides a disputed value; the fee is recomputed from the same agreement version.</summary>
    public void Settle(string by, decimal jobValue, string note, FeeTerms terms, Instant now)
    {
        Require(Status == FeeStatus.Disputed, "Only a disputed job value is settled by the operator.");
        Price(terms, jobValue, JobCurrency);
        (Status, SettledBy, SettledAt, SettlementNote) = (FeeStatus.Settled, by, now, note.Trim());
    }

    private void Price(FeeTerms terms, decimal jobValue, string jobCurrency)
    {
        (JobValue, JobCurrency) = (jobValue, jobCurrency);
        (Kind, Amount, Currency) = terms.FeeFor(jobValue, jobCurrency);
    }

    private void RequirePayer(Guid firm, string action) =>
        Require(firm == PayerFirmId, $"Only the partner who did the work can {action} the job value.");

    private static void Require(bool allowed, string message)
    {
        if (!allowed)
        {
            throw new FeeRuleException(message);
        }
    }
}

/// <summary>A fee move its state does not allow: a 409 for the caller.</summary>
public sealed class FeeRuleException(string message) : RuleException(message);
