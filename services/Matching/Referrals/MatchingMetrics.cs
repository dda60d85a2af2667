using System.Diagnostics.Metrics;
using Marketplace.ServiceDefaults;

namespace Marketplace.Matching.Referrals;

/// <summary>What an operator watches in Matching; recorded after the change is committed.</summary>
public sealed class MatchingMetrics(MarketplaceMeter meter)
{
    private readonly Counter<long> _posted = meter.Meter.CreateCounter<long>("marketplace.referrals.posted", description: "Referrals posted");
    private readonly Counter<long> _offers = meter.Meter.CreateCounter<long>("marketplace.offers", description: "Offers by outcome: made, accepted, declined, expired");
    private readonly Counter<long> _unmatchedReferrals = meter.Meter.CreateCounter<long>("marketplace.referrals.unmatched", description: "Referrals nobody took");
    private readonly Histogram<double> _timeToMatch = meter.Meter.CreateHistogram<double>("marketplace.referrals.time_to_match", unit: "s",
        description: "From posting to the winning accept");

    public void ReferralPosted() => _posted.Add(1);

    public void OffersMade(int count) => _offers.Add(count, new KeyValuePair<string, object?>("outcome", "made"));

    public void OfferAccepted(TimeSpan sincePosted)
    {
        _offers.Add(1, new KeyValuePair<string, object?>("outcome", "accepted"));
        _timeToMatch.Record(sincePosted.TotalSeconds);
    }

    public void OfferDeclined() => _offers.Add(1, new KeyValuePair<string, object?>("outcome", "declined"));

    public void OffersExpired(int count) => _offers.Add(count, new KeyValuePair<string, object?>("outcome", "expired"));

    public void Unmatched() => _unmatchedReferrals.Add(1);

    /// <summary>After a commit that may have sent a wave out, or run out of them.</summary>
    public void AfterWave(Referral referral, int offersMade)
    {
        OffersMade(offersMade);
        if (referral.Status == ReferralStatus.Unmatched)
        {
            Unmatched();
        }
    }
}
