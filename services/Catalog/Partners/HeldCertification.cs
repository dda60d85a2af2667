namespace Marketplace.Catalog.Partners;

/// <summary>
/// A vendor certification an engineer of the firm holds, as the firm states it. It backs a claim as verified only
/// once the platform's operator has checked it (<see cref="ReviewStatus.Approved"/>) and until it expires:
/// a "verified" badge means someone other than the claimant checked it.
/// </summary>
public sealed class HeldCertification
{
    public const int MaxEngineer = 200;
    public const int MaxCredentialId = 100;
    public const int MaxVerificationLink = 500;
    public const int MaxRejectionReason = 500;
    public const int MaxReviewer = 200;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid FirmId { get; init; }
    public required string CertificationId { get; init; }
    public required string Engineer { get; init; }
    /// <summary>The credential's id or number on the vendor's record, for the reviewer to look up.</summary>
    public string? CredentialId { get; init; }
    /// <summary>An https address where the vendor shows the credential (a badge or verification page).</summary>
    public string? VerificationLink { get; set; }
    /// <summary>The last valid day.</summary>
    public DateOnly ExpiresOn { get; init; }
    /// <summary>Set once the snapshot saying it lapsed has gone out.</summary>
    public bool ExpiryAnnounced { get; set; }

    public ReviewStatus Status { get; private set; } = ReviewStatus.Pending;
    /// <summary>When the firm stated it in this form (a changed certification is a new submission).</summary>
    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset? ReviewedAt { get; private set; }
    /// <summary>The reviewing operator (the token's subject).</summary>
    public string? ReviewedBy { get; private set; }
    public string? RejectionReason { get; private set; }

    /// <summary>
    /// The same statement as <paramref name="other"/>: certification, engineer, credential id and expiry. A profile saved
    /// again keeps the review of a certification stated the same way; anything else is a new claim to check.
    /// </summary>
    public bool SameClaimAs(HeldCertification other) =>
        CertificationId == other.CertificationId && Engineer == other.Engineer
        && (CredentialId ?? "") == (other.CredentialId ?? "") && ExpiresOn == other.ExpiresOn;

    /// <summary>Backs a claim as verified: checked by the operator and not expired (<see cref="ExpiresOn"/> is the last valid day).</summary>
    public bool VerifiesOn(DateOnly today) => Status == ReviewStatus.Approved && ExpiresOn >= today;

    /// <summary>What the partner sees: a rejection stays a rejection (with its reason); otherwise a lapsed one is Expired.</summary>
    public CertificationStatus StatusOn(DateOnly today) => Status switch
    {
        ReviewStatus.Rejected => CertificationStatus.Rejected,
        _ when ExpiresOn < today => CertificationStatus.Expired,
        ReviewStatus.Approved => CertificationStatus.Approved,
        _ => CertificationStatus.Pending,
    };

    internal ReviewOutcome Approve(string reviewer, DateTimeOffset now)
    {
        if (Status != ReviewStatus.Pending)
        {
            return ReviewOutcome.AlreadyReviewed;
        }
        if (ExpiresOn < DateOnly.FromDateTime(now.UtcDateTime))
        {
            return ReviewOutcome.Expired;
        }
        (Status, ReviewedBy, ReviewedAt) = (ReviewStatus.Approved, reviewer, now);
        return ReviewOutcome.Done;
    }

    internal ReviewOutcome Reject(string reviewer, string reason, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("A rejection needs a reason the partner can act on.", nameof(reason));
        }
        if (Status != ReviewStatus.Pending)
        {
            return ReviewOutcome.AlreadyReviewed;
        }
        (Status, ReviewedBy, ReviewedAt, RejectionReason) = (ReviewStatus.Rejected, reviewer, now, reason.Trim());
        return ReviewOutcome.Done;
    }
}

/// <summary>The operator's decision on a certification, as stored.</summary>
public enum ReviewStatus
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>A certification's state as shown: the review, or Expired once its last valid day has passed.</summary>
public enum CertificationStatus
{
    Pending,
    Approved,
    Rejected,
    Expired,
}

public enum ReviewOutcome
{
    Done,
    NotFound,
    /// <summary>Approved or rejected already: a decision is not taken twice.</summary>
    AlreadyReviewed,
    /// <summary>Past its last valid day: nothing left to approve.</summary>
    Expired,
    /// <summary>The reviewer acts for the firm that claims it.</summary>
    OwnFirm,
}

/// <summary>Who reviews: an operator, never on behalf of the firm whose certification it is.</summary>
public sealed record Reviewer(string Subject, Guid FirmId);

public sealed record ReviewResult(ReviewOutcome Outcome, HeldCertification? Certification = null, Contracts.PartnerSkillsChanged? Changed = null);
