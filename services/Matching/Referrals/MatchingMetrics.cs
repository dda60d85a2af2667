using System.Diagnostics.Metrics;
using Marketplace.ServiceDefaults;

namespace Marketplace.Matching.Referrals;

/// <summary>What an operator watches in Matching; recorded after the change is committed.</summary>
public static class MatchingMetrics
{
    private static readonly Meter Meter = new(Telemetry.MeterName); // to become an injected MarketplaceMeter instrument set

    private static readonly Counter<long> Posted = Meter.CreateCounter<long>("marketplace.referrals.posted", description: "Referrals posted");
    private static readonly Counter<long> Offers = Meter.CreateCounter<long>("marketplace.offers", description: "Offers by outcome: made, accepted, declined, expired");
    private static readonly Counter<long> UnmatchedReferrals = Meter.CreateCounter<long>("marketplace.referrals.unmatched", description: "Referrals nobody took");
    private static readonly Histogram<double> TimeToMatch = Meter.CreateHistogram<double>("marketplace.referrals.time_to_match", unit: "s",
        description: "From posting to the winning accept");

    public static void ReferralPosted() => Posted.Add(1);

    public static void OffersMade(int count) => Offers.Add(count, new KeyValuePair<string, object?>("outcome", "made"));

    public static void OfferAccepted(TimeSpan sincePosted)
    {
        Offers.Add(1, new KeyValuePair<string, object?>("outcome", "accepted"));
        TimeToMatch.Record(sincePosted.TotalSeconds);
    }

    public static void OfferDeclined() => Offers.Add(1, new KeyValuePair<string, object?>("outcome", "declined"));

    public static void OffersExpired(int count) => Offers.Add(count, new KeyValuePair<string, object?>("outcome", "expired"));

    public static void Unmatched() => UnmatchedReferrals.Add(1);

    /// <summary>After a commit that may have sent a wave out, or run out of them.</summary>
    public static void AfterWave(Referral referral, int offersMade)
    {
        OffersMade(offersMade);
        if (referral.Status == ReferralStatus.Unmatched)
        {
            Unmatched();
        }
    }
}
