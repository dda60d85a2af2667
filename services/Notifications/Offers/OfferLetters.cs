using Marketplace.Notifications.Messages;
using Marketplace.Notifications.Referrals;
using NodaTime;

namespace Marketplace.Notifications.Offers;

/// <summary>What offers say to the partner's desk and to the referrer, in plain words and the reader's zone.</summary>
public static class OfferLetters
{
    /// <summary>
    /// "Northwind IT offers you an SD-WAN job, 30 h over 3 weeks from Mon 30 Nov; answer by Tue 1 Dec 13:00." A
    /// <paramref name="referrer"/> of null (a confidential referral) is not named: the partner learns who once the referrer confirms it.
    /// </summary>
    public static Letter Made(string? referrer, Referral? referral, DateTimeOffset dueAt, DateTimeZone zone)
    {
        var deadline = Words.At(dueAt, zone);
        var job = referral is null ? "a job" : $"{referral.Job}, {referral.Plan}";
        return new Letter(referrer is null ? $"A confidential offer of {referral?.Job ?? "a job"}: answer by {deadline}"
                : $"{referrer} offers you {referral?.Job ?? "a job"}: answer by {deadline}",
            $"{referrer ?? "A firm"} offers you {job}; answer by {deadline}.",
            [.. Confidential(referrer), "If your firm does not answer by then, the job is offered to the next partner."],
            "Accept or decline in your inbox", PortalLinks.Inbox);
    }

    public static Letter Reminder(string? referrer, Referral? referral, DateTimeOffset dueAt, DateTimeZone zone)
    {
        var deadline = Words.At(dueAt, zone);
        return new Letter(referrer is null ? "One business hour left to answer a confidential offer" : $"One business hour left to answer {referrer}'s offer",
            $"{(referrer is null ? "The confidential" : $"{referrer}'s")} offer of {referral?.Job ?? "a job"} is still open and closes at {deadline}, one business hour from now.",
            [.. Confidential(referrer), "After that it goes to the next partner."],
            "Accept or decline in your inbox", PortalLinks.Inbox);
    }

    /// <summary>"Northwind IT gave you until Tue 1 Dec 17:00 to answer its offer": the one extension, in the partner's zone.</summary>
    public static Letter Extended(string? referrer, Referral? referral, DateTimeOffset previousDueAt, DateTimeOffset dueAt, DateTimeZone zone)
    {
        var deadline = Words.At(dueAt, zone);
        return new Letter(referrer is null ? $"You have until {deadline} to answer a confidential offer" : $"{referrer} gave you until {deadline} to answer its offer",
            $"{referrer ?? "The referrer"} extended the deadline of its offer of {referral?.Job ?? "a job"} to {deadline} (it was {Words.At(previousDueAt, zone)}).",
            [.. Confidential(referrer), "A deadline is extended only once: if your firm does not answer by then, the job is offered to the next partner."],
            "Accept or decline in your inbox", PortalLinks.Inbox);
    }

    private static string[] Confidential(string? referrer) =>
        referrer is null ? ["The referral is confidential: the partner that accepts learns the client's name, and who referred it once the referrer confirms that partner."] : [];

    public static Letter Accepted(string partner, Referral? referral, Guid referralId) =>
        new($"{partner} accepted {Referral.Yours(referral)}",
            $"{partner} accepted {Referral.Yours(referral)}; their time is held for you until you confirm the match.",
            "Confirm the match", PortalLinks.Referral(referralId));

    public static Letter Expired(string partner, Referral? referral, Guid referralId) =>
        new($"{partner} did not answer {Referral.Yours(referral)} in time",
            $"{partner} did not answer {Referral.Yours(referral)} in time; the next partners are being asked.",
            "See the referral", PortalLinks.Referral(referralId));
}
