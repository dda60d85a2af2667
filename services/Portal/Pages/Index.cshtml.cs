using System.Text.Json;
using Marketplace.Portal.Gateway;
using Marketplace.Portal.Pages.Firm;
using Marketplace.Portal.Pages.Operator;

namespace Marketplace.Portal.Pages;

/// <summary>Home: a firm's referrals, offers and partnerships at a glance; the operator's review queues instead.</summary>
public sealed class IndexModel(GatewayClient gateway) : PortalPage(gateway)
{
    public int Referrals { get; private set; }
    public int Active { get; private set; }
    public int OpenOffers { get; private set; }
    public int ProposalsToAnswer { get; private set; }

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
        var referrals = Gateway.GetAsync<List<JsonElement>>("/api/matching/referrals", ct);
        var offers = Gateway.GetAsync<List<JsonElement>>("/api/matching/offers", ct);
        var partnerships = Gateway.GetAsync<List<PartnershipItem>>("/api/network/partnerships", ct);
        var mine = (await referrals).Value ?? [];
        Referrals = mine.Count;
        Active = mine.Count(r => r.GetProperty("status").GetString() is "Accepted" or "Confirmed" or "InProgress");
        OpenOffers = (await offers).Value?.Count ?? 0;
        var ours = (await partnerships).Value ?? [];
        ProposalsToAnswer = Me.IsOwner ? ours.Count(p => p.Proposal is { ProposedByUs: false }) : 0;
    }
}
