using System.Collections.Frozen;
using Marketplace.Portal.Gateway;
using Marketplace.Portal.Pages.Referrals;
using NodaTime.TimeZones;

namespace Marketplace.Portal.Forms;

/// <summary>
/// What a firm's forms start from, so a person changes what differs instead of retyping what is always so: the firm's
/// time zone (its profile); the currency the firm used last, else its country's (the country whose holidays it keeps,
/// else the country of its time zone); and the wave size it used last, else the marketplace's 3 partners at once.
/// </summary>
public sealed record FirmDefaults(string TimeZone, string? Currency, int WaveSize)
{
    public const int MarketplaceWaveSize = 3;

    public static FirmDefaults Of(FirmItem? firm, IEnumerable<ReferralItem>? referrals, Guid firmId)
    {
        var ours = (referrals ?? []).Where(r => r.PartnerFirmId != firmId).OrderByDescending(r => r.PostedAt).ToList();
        var zone = firm?.TimeZone is { Length: > 0 } z ? z : "UTC";
        var currency = ours.Select(r => r.Currency).FirstOrDefault(c => !string.IsNullOrEmpty(c))
            ?? CurrencyOf(firm?.HolidayCountry ?? CountryOf(zone));
        return new(zone, currency, ours.Select(r => r.WaveSize).FirstOrDefault(w => w is >= 1 and <= 10) ?? MarketplaceWaveSize);
    }

    /// <summary>The ISO 3166 country of an IANA zone ("America/Chicago" → "US"), from the tz database's zone table; null for UTC and the like.</summary>
    public static string? CountryOf(string zone) =>
        TzdbDateTimeZoneSource.Default.ZoneLocations?.FirstOrDefault(l => l.ZoneId == zone)?.CountryCode;

    public static string? CurrencyOf(string? country) => country is not null && Currencies.TryGetValue(country.ToUpperInvariant(), out var code) ? code : null;

    // The countries the marketplace's firms come from (those whose holidays it knows, and their neighbours); others start with no currency.
    private static readonly FrozenDictionary<string, string> Currencies = new Dictionary<string, string>
    {
        ["US"] = "USD", ["CA"] = "CAD", ["MX"] = "MXN", ["BR"] = "BRL", ["AR"] = "ARS", ["CL"] = "CLP", ["CO"] = "COP", ["PE"] = "PEN",
        ["GB"] = "GBP", ["IE"] = "EUR", ["FR"] = "EUR", ["DE"] = "EUR", ["AT"] = "EUR", ["BE"] = "EUR", ["NL"] = "EUR", ["LU"] = "EUR",
        ["ES"] = "EUR", ["PT"] = "EUR", ["IT"] = "EUR", ["GR"] = "EUR", ["FI"] = "EUR", ["EE"] = "EUR", ["LV"] = "EUR", ["LT"] = "EUR",
        ["SK"] = "EUR", ["SI"] = "EUR", ["HR"] = "EUR", ["MT"] = "EUR", ["CY"] = "EUR", ["CH"] = "CHF", ["NO"] = "NOK", ["SE"] = "SEK",
        ["DK"] = "DKK", ["IS"] = "ISK", ["PL"] = "PLN", ["CZ"] = "CZK", ["HU"] = "HUF", ["RO"] = "RON", ["BG"] = "BGN", ["RS"] = "RSD",
        ["TR"] = "TRY", ["UA"] = "UAH", ["IL"] = "ILS", ["AE"] = "AED", ["SA"] = "SAR", ["ZA"] = "ZAR", ["NG"] = "NGN", ["KE"] = "KES",
        ["EG"] = "EGP", ["IN"] = "INR", ["PK"] = "PKR", ["SG"] = "SGD", ["MY"] = "MYR", ["TH"] = "THB", ["ID"] = "IDR", ["PH"] = "PHP",
        ["VN"] = "VND", ["JP"] = "JPY", ["KR"] = "KRW", ["CN"] = "CNY", ["HK"] = "HKD", ["TW"] = "TWD", ["AU"] = "AUD", ["NZ"] = "NZD",
        ["KZ"] = "KZT",
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
