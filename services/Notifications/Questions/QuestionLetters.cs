using Marketplace.Notifications.Messages;
using Marketplace.Notifications.Referrals;
using NodaTime;

namespace Marketplace.Notifications.Questions;

/// <summary>
/// What a question on an offer says to the referrer, and its answer to the partner. The job is named by its skills only
/// (a confidential client's name is never known here), dates in the reader's zone.
/// </summary>
public static class QuestionLetters
{
    /// <summary>"Acme Security asks about your SD-WAN job", with the question, for the referrer's desk.</summary>
    public static Letter Asked(string partner, Referral? referral, Guid referralId, int number, string question, DateTimeOffset dueAt, DateTimeZone zone) =>
        new($"{partner} asks about {Referral.Yours(referral)}",
            $"{partner} asks about {Referral.Yours(referral)} before answering your offer, which closes at {Words.At(dueAt, zone)}.",
            [$"Question {number}:", question, "Asking does not stop the partner's clock: answer soon, or give them more time (once) on the referral page."],
            "Answer on the referral page", PortalLinks.Referral(referralId));

    /// <summary>
    /// "Northwind IT answered your question about an SD-WAN job", with both, for the partner's desk; "The referrer" while
    /// the referral is confidential (<paramref name="referrer"/> null).
    /// </summary>
    public static Letter Answered(string? referrer, Referral? referral, int number, string question, string answer, DateTimeOffset dueAt, DateTimeZone zone) =>
        new($"{referrer ?? "The referrer"} answered your question about {referral?.Job ?? "a job"}",
            $"{referrer ?? "The referrer"} answered your question {number} about {referral?.Job ?? "a job"}; the offer closes at {Words.At(dueAt, zone)}.",
            ["You asked:", question, "The answer:", answer],
            "Accept or decline in your inbox", PortalLinks.Inbox);
}
