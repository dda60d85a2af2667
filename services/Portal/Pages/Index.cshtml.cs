using Marketplace.Portal.Gateway;
using Marketplace.Portal.Navigation;
using Marketplace.Portal.Pages.Operator;

namespace Marketplace.Portal.Pages;

/// <summary>
/// Home: what needs the person now, each one click from where they act (see <see cref="ActionList"/>), then the firm's
/// work at a glance, for what the firm does; the operator's review queues instead.
/// </summary>
public sealed class IndexModel(GatewayClient gateway, WorkloadSource workload) : PortalPage(gateway)
{
    public int Referrals { get; private set; }
    public int Active { get; private set; }
    public int OpenOffers { get; private set; }
    public FirmActivity Activity { get; private set; } = FirmActivity.Unknown;
    /// <summary>What needs the person now, most urgent first.</summary>
    public List<ActionItem> Actions { get; private set; } = [];
    /// <summary>Some of the marketplace did not answer: the list may be missing something, and the page says so.</summary>
    public bool Unanswered { get; private set; }
    public DateTimeOffset Now => workload.Now;

    public List<CertificationReviewItem> Reviews { get; private set; } = [];
    public int PendingReviews => Reviews.Count;
    public bool MoreReviews { get; private set; }
    public List<DisputeItem> Disputes { get; private set; } = [];
    private Dictionary<Guid, string> _names = [];

    public string NameOf(Guid firm) => _names.GetValueOrDefault(firm, "a firm");

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Me.IsOperator)
        {
            var reviews = Gateway.GetAsync<CertificationReviewPage>("/api/catalog/certification-reviews?status=Pending&limit=100", ct);
            var disputes = Gateway.GetAsync<List<DisputeItem>>("/api/matching/fees/disputes", ct);
            var queue = await reviews;
            Reviews = Failed(queue) ? [] : queue.Value?.Items ?? [];
            MoreReviews = queue.Value?.NextCursor is not null;
            var disputed = await disputes;
            Disputes = Failed(disputed) ? [] : disputed.Value ?? [];
            _names = await Gateway.FirmNamesAsync(Reviews.Take(5).Select(r => r.FirmId), ct);
            return;
        }
        var work = await workload.LoadAsync();
        if (work is null)
        {
            return;
        }
        Activity = ActionList.ActivityOf(Me, work);
        Referrals = (work.Referrals ?? []).Count(r => r.PartnerFirmId != Me.FirmId);
        Active = (work.Referrals ?? []).Count(r => r.Status is "Accepted" or "Confirmed" or "InProgress");
        OpenOffers = work.Offers?.Count ?? 0;
        Unanswered = work.Referrals is null || work.Offers is null || work.Partnerships is null || work.Fees is null;
        var names = await Gateway.FirmNamesAsync(ActionList.FirmsNamed(Me, work), ct);
        Actions = ActionList.Build(Me, work, workload.Now, names);
    }
}
