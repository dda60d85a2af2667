namespace Marketplace.Portal.Navigation;

/// <summary>
/// What a firm does on the marketplace, which decides the pages its menu shows. The rule:
/// <list type="bullet">
/// <item>It <b>takes referrals</b> when its profile says so (<c>takesReferrals</c>), or while it still has offers to answer or
/// work it won under way (a firm that stopped taking referrals finishes what it took).</item>
/// <item>It <b>refers</b> when it does not take referrals (then it is here to send work), or once it has posted a referral
/// or invited a partner itself (a specialist that also sends work).</item>
/// </list>
/// A page left out of the menu is not forbidden: a specialist who wants to refer finds "Post a referral" on its home page.
/// </summary>
public sealed record FirmActivity(bool Refers, bool TakesReferrals)
{
    /// <summary>When the firm's profile could not be read: every page, rather than hiding one the firm needs.</summary>
    public static readonly FirmActivity Unknown = new(true, true);

    public bool Both => Refers && TakesReferrals;

    /// <param name="takesReferrals">The profile's setting; null when it could not be read.</param>
    /// <param name="postedReferrals">Referrals the firm posted itself.</param>
    /// <param name="invitedPartners">Partnerships the firm asked for.</param>
    /// <param name="openOffers">Offers it still has to answer.</param>
    /// <param name="wonWorkUnderWay">Referrals it won that are not finished.</param>
    public static FirmActivity Of(bool? takesReferrals, int postedReferrals, int invitedPartners, int openOffers, int wonWorkUnderWay) =>
        takesReferrals is not { } takes
            ? Unknown
            : new(!takes || postedReferrals > 0 || invitedPartners > 0, takes || openOffers > 0 || wonWorkUnderWay > 0);
}
