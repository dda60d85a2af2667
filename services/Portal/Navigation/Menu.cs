namespace Marketplace.Portal.Navigation;

/// <summary>One entry of the main menu, with how many things behind it wait for the person (0: none, nothing shown).</summary>
public sealed record MenuEntry(string Label, string Href, int Count = 0, string CountMeaning = "");

/// <summary>
/// The main menu for one person: the pages that apply to what the firm does (<see cref="FirmActivity"/>) and to the
/// person's role. Owners run the firm (members, partnerships, fees); Dispatchers run the day (referrals, offers,
/// partnerships and fees to read); Engineers see the work, their capacity and skills. The platform's operator has its
/// review queues only.
/// </summary>
public static class Menu
{
    public static IReadOnlyList<MenuEntry> For(Viewer me, FirmActivity firm, ActionCounts counts)
    {
        if (me.IsOperator)
        {
            return [new("Certification reviews", "/portal/operator/certifications"), new("Fee disputes", "/portal/operator/disputes")];
        }
        var manages = me.CanDispatch;
        var entries = new List<MenuEntry>();
        if (manages)
        {
            entries.Add(new("Dashboard", "/portal/insights"));
        }
        if (firm.Refers || counts.WonWork > 0)
        {
            entries.Add(new("Referrals", "/portal/referrals", manages ? counts.Referrals : 0, counts.Referrals == 1 ? "needs your decision" : "need your decision"));
        }
        if (firm.TakesReferrals)
        {
            if (manages)
            {
                entries.Add(new("Offer inbox", "/portal/inbox", counts.Offers, counts.Offers == 1 ? "offer waits for your answer" : "offers wait for your answer"));
            }
            entries.Add(new("Capacity", "/portal/capacity"));
            entries.Add(new("Calendar feeds", "/portal/calendar-feeds"));
            entries.Add(new("Profile & skills", "/portal/profile"));
        }
        if (firm.Refers && manages)
        {
            entries.Add(new("Availability links", "/portal/availability-links"));
        }
        if (!firm.TakesReferrals && me.IsOwner)
        {
            // The same page: a firm that only refers keeps its name, time zone and business hours there, and may start taking referrals.
            entries.Add(new("Firm profile", "/portal/profile"));
        }
        if (manages)
        {
            entries.Add(new("Fees", "/portal/fees", me.IsOwner ? counts.FeesToConfirm : 0, counts.FeesToConfirm == 1 ? "job value to confirm" : "job values to confirm"));
            entries.Add(new("Partnerships", "/portal/partnerships", me.IsOwner ? counts.Partnerships : 0, "to answer"));
        }
        if (me.IsOwner)
        {
            entries.Add(new("Members", "/portal/members"));
        }
        return entries;
    }
}
