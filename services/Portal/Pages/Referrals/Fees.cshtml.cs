using Marketplace.Portal.Gateway;

namespace Marketplace.Portal.Pages.Referrals;

public sealed class FeesModel(GatewayClient gateway) : PortalPage(gateway)
{
    public FeesLedger Ledger { get; private set; } = new([], []);
    private Dictionary<Guid, string> _names = [];

    public string NameOf(Guid firm) => firm == Me.FirmId ? "you" : _names.GetValueOrDefault(firm, "a firm");

    public async Task OnGetAsync(CancellationToken ct)
    {
        var ledger = await Gateway.GetAsync<FeesLedger>("/api/matching/fees", ct);
        Ledger = Failed(ledger) ? new([], []) : ledger.Value!;
        _names = await Gateway.FirmNamesAsync(Ledger.Entries.SelectMany(e => new[] { e.PayerFirmId, e.PayeeFirmId }), ct);
    }
}

public sealed record FeesLedger(List<BalanceItem> Balances, List<FeeItem> Entries);
public sealed record BalanceItem(Guid CounterpartyFirmId, string Currency, decimal Balance, int Referrals);
public sealed record FeeItem(Guid ReferralId, Guid PayerFirmId, Guid PayeeFirmId, string Kind, decimal Amount, string Currency, int AgreementVersion, DateTimeOffset RecordedAt);
