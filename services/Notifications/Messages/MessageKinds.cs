namespace Marketplace.Notifications.Messages;

/// <summary>What a message is about: the unit of a member's preferences (immediately, in the daily digest, or off).</summary>
public static class MessageKinds
{
    public const string OfferMade = "offer-made";
    public const string OfferDeadline = "offer-deadline";
    public const string OfferAccepted = "offer-accepted";
    public const string OfferExpired = "offer-expired";
    /// <summary>For the referrer: a partner asks about an open offer.</summary>
    public const string OfferQuestion = "offer-question";
    /// <summary>For the partner: the referrer answered its question.</summary>
    public const string OfferAnswer = "offer-answer";
    /// <summary>For the partner: the referrer extended an offer's deadline.</summary>
    public const string OfferExtended = "offer-extended";
    public const string ReferralMatched = "referral-matched";
    public const string ReferralUnmatched = "referral-unmatched";
    public const string AgreementProposed = "agreement-proposed";
    public const string FeeDisputed = "fee-disputed";
    public const string CertificationReviewed = "certification-reviewed";
    /// <summary>For the platform's operators: a certification waits for their review.</summary>
    public const string CertificationToReview = "certification-to-review";
    /// <summary>The daily digest itself.</summary>
    public const string Digest = "digest";

    /// <summary>The kinds a member chooses for, with the sentence the preferences page shows.</summary>
    public static readonly IReadOnlyDictionary<string, string> Chosen = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [OfferMade] = "A partner firm offers your firm a job",
        [OfferDeadline] = "An offer's deadline is one business hour away",
        [OfferAccepted] = "A partner accepted your referral",
        [OfferExpired] = "A partner did not answer your referral in time",
        [OfferQuestion] = "A partner asks a question about your offer before answering it",
        [OfferAnswer] = "A referrer answered your firm's question about an offer",
        [OfferExtended] = "A referrer gave your firm more time to answer an offer",
        [ReferralMatched] = "A referrer confirmed your firm for a job",
        [ReferralUnmatched] = "Nobody could take your referral, and what would help",
        [AgreementProposed] = "A partner proposes terms for you to countersign",
        [FeeDisputed] = "A referral fee is disputed",
        [CertificationReviewed] = "A certification was reviewed",
        [CertificationToReview] = "A certification waits for the operator's review",
    };

    /// <summary>Account mail (verify-email, reset-password, invitation) always goes at once: it is not a preference.</summary>
    public static string Account(string kind) => "account-" + kind;
}
