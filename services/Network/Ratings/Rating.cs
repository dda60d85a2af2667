using Marketplace.Contracts;

namespace Marketplace.Network.Ratings;

/// <summary>A referral Matching reported complete: the two firms in it may rate each other, once each.</summary>
public sealed class CompletedReferral
{
    public Guid ReferralId { get; init; }
    public Guid ReferrerFirmId { get; init; }
    public Guid PartnerFirmId { get; init; }
    public DateTimeOffset CompletedAt { get; init; }
}

public sealed class Rating
{
    public const int MaxComment = 2000;

    public Guid ReferralId { get; private set; }
    public Guid RaterFirmId { get; private set; }
    public Guid RatedFirmId { get; private set; }
    public int Score { get; private set; }
    public string Comment { get; private set; } = "";
    public string RatedBy { get; private set; } = "";
    public DateTimeOffset RatedAt { get; private set; }

    private Rating() { }

    /// <summary>Either firm of a completed referral rates the other; nobody else can.</summary>
    public static (Rating Rating, RatingRecorded Event) Record(CompletedReferral referral, Guid raterFirmId, string member, int score, string? comment, TimeProvider clock)
    {
        if (raterFirmId != referral.ReferrerFirmId && raterFirmId != referral.PartnerFirmId)
        {
            throw new InvalidOperationException("Only the two firms of a referral rate it.");
        }
        if (score is < 1 or > 5)
        {
            throw new ArgumentOutOfRangeException(nameof(score), "A score is 1 to 5.");
        }
        var rating = new Rating
        {
            ReferralId = referral.ReferralId, RaterFirmId = raterFirmId,
            RatedFirmId = raterFirmId == referral.ReferrerFirmId ? referral.PartnerFirmId : referral.ReferrerFirmId,
            Score = score, Comment = comment?.Trim() ?? "", RatedBy = member, RatedAt = clock.GetUtcNow(),
        };
        return (rating, new RatingRecorded(Guid.NewGuid(), rating.RatedAt, rating.ReferralId, rating.RaterFirmId, rating.RatedFirmId, score));
    }
}

/// <summary>What a firm's ratings add up to: how many, how good, and whether it is getting better or worse.</summary>
public sealed record Reputation(int Count, double? Mean, double? RecentMean, double? EarlierMean, string Trend)
{
    public static readonly TimeSpan RecentWindow = TimeSpan.FromDays(90);

    public static Reputation Of(IReadOnlyCollection<(int Score, DateTimeOffset At)> ratings, DateTimeOffset now)
    {
        if (ratings.Count == 0)
        {
            return new Reputation(0, null, null, null, "none");
        }
        var recent = ratings.Where(r => r.At >= now - RecentWindow).Select(r => (double)r.Score).ToList();
        var earlier = ratings.Where(r => r.At < now - RecentWindow).Select(r => (double)r.Score).ToList();
        double? recentMean = recent.Count > 0 ? Math.Round(recent.Average(), 2) : null;
        double? earlierMean = earlier.Count > 0 ? Math.Round(earlier.Average(), 2) : null;
        var trend = (recentMean, earlierMean) switch
        {
            (null, _) or (_, null) => "steady",
            var (r, e) when r - e >= 0.25 => "improving",
            var (r, e) when e - r >= 0.25 => "declining",
            _ => "steady",
        };
        return new Reputation(ratings.Count, Math.Round(ratings.Average(r => r.Score), 2), recentMean, earlierMean, trend);
    }
}
