using System.Collections.Frozen;
using PublicHoliday;

namespace Marketplace.Calendar;

/// <summary>A country whose public holidays the marketplace knows (ISO 3166-1 alpha-2), and its regions where they differ.</summary>
/// <param name="NoRegion">What the country's calendar holds when no region is chosen.</param>
public sealed record HolidayCountry(string Code, string Name, IReadOnlyList<HolidayRegion> Regions, string NoRegion);

/// <summary>A region of a country with holidays of its own: ISO 3166-2 subdivision code without the country ("NSW", "BY", "SCT").</summary>
public sealed record HolidayRegion(string Code, string Name);

/// <summary>
/// The countries and regions the PublicHoliday package computes holidays for. Regions where the package has them: UK
/// nations, Australian states and territories, German Länder, Canadian provinces and territories. The United States has
/// federal holidays only (the package has no state holidays), so a US firm names no region.
/// </summary>
public static class HolidayCountries
{
    private const string Nationwide = "holidays kept nationwide";

    private static readonly FrozenDictionary<string, (HolidayCountry Country, Func<string?, IPublicHolidays> Calendar)> Known = Build();

    /// <summary>Every supported country, by name.</summary>
    public static IReadOnlyList<HolidayCountry> All { get; } = [.. Known.Values.Select(k => k.Country).OrderBy(c => c.Name, StringComparer.Ordinal)];

    public static HolidayCountry? Find(string? code) =>
        code is not null && Known.TryGetValue(code.Trim().ToUpperInvariant(), out var known) ? known.Country : null;

    /// <summary>The region's own code as stored ("nsw" → "NSW"), or null when the country has no such region.</summary>
    public static string? RegionOf(HolidayCountry country, string? region) =>
        region is null ? null : country.Regions.FirstOrDefault(r => string.Equals(r.Code, region.Trim(), StringComparison.OrdinalIgnoreCase))?.Code;

    /// <summary>
    /// Why the country and region cannot be used (field name and sentence), or null when they can. No country at all is
    /// fine: the firm then keeps no public holidays, only its own closing days.
    /// </summary>
    public static (string Field, string Message)? Problem(string? country, string? region, string countryField = "holidayCountry", string regionField = "holidayRegion")
    {
        var hasRegion = !string.IsNullOrWhiteSpace(region);
        if (string.IsNullOrWhiteSpace(country))
        {
            return hasRegion ? (regionField, $"{regionField} needs {countryField}: choose the country first.") : null;
        }
        if (Find(country) is not { } known)
        {
            return (countryField, $"{countryField} must be a supported ISO 3166-1 country code such as GB, US, DE or AU (see the list of holiday calendars).");
        }
        if (!hasRegion)
        {
            return null;
        }
        if (known.Regions.Count == 0)
        {
            return (regionField, known.Code == "US"
                ? "Only US federal holidays are known (no state holidays): leave the region empty."
                : $"{known.Name} has one holiday calendar for the whole country: leave the region empty.");
        }
        return RegionOf(known, region) is null
            ? (regionField, $"{regionField} must be one of {string.Join(", ", known.Regions.Select(r => r.Code))} for {known.Name}.")
            : null;
    }

    /// <summary>The package's calendar for a supported country and region (null region: the country-wide calendar).</summary>
    internal static IPublicHolidays? Calendar(string country, string? region)
    {
        if (Find(country) is not { } known)
        {
            return null;
        }
        var calendar = Known[known.Code].Calendar(RegionOf(known, region));
        // The package can cache years in a static dictionary shared by every calendar; ClosedDays caches per instance instead.
        calendar.UseCachingHolidays = false;
        return calendar;
    }

    private static FrozenDictionary<string, (HolidayCountry, Func<string?, IPublicHolidays>)> Build()
    {
        var known = new Dictionary<string, (HolidayCountry, Func<string?, IPublicHolidays>)>(StringComparer.Ordinal);
        void Add(string code, string name, PublicHolidayCountryCode package) =>
            known[code] = (new HolidayCountry(code, name, [], Nationwide), _ => PublicHolidayFactory.GetPublicHolidayForCountry(package));

        Add("AT", "Austria", PublicHolidayCountryCode.At);
        Add("BE", "Belgium", PublicHolidayCountryCode.Be);
        Add("BR", "Brazil", PublicHolidayCountryCode.Br);
        Add("CH", "Switzerland", PublicHolidayCountryCode.Ch);
        Add("CZ", "Czech Republic", PublicHolidayCountryCode.Cz);
        Add("DK", "Denmark", PublicHolidayCountryCode.Dk);
        Add("EE", "Estonia", PublicHolidayCountryCode.Ee);
        Add("ES", "Spain", PublicHolidayCountryCode.Es);
        Add("FI", "Finland", PublicHolidayCountryCode.Fi);
        Add("FR", "France", PublicHolidayCountryCode.Fr);
        Add("GR", "Greece", PublicHolidayCountryCode.Gr);
        Add("HR", "Croatia", PublicHolidayCountryCode.Hr);
        Add("HU", "Hungary", PublicHolidayCountryCode.Hu);
        Add("IE", "Ireland", PublicHolidayCountryCode.Ie);
        Add("IT", "Italy", PublicHolidayCountryCode.It);
        Add("JP", "Japan", PublicHolidayCountryCode.Jp);
        Add("KZ", "Kazakhstan", PublicHolidayCountryCode.Kz);
        Add("LT", "Lithuania", PublicHolidayCountryCode.Lt);
        Add("LU", "Luxembourg", PublicHolidayCountryCode.Lu);
        Add("LV", "Latvia", PublicHolidayCountryCode.Lv);
        Add("MX", "Mexico", PublicHolidayCountryCode.Mx);
        Add("NL", "Netherlands", PublicHolidayCountryCode.Nl);
        Add("NO", "Norway", PublicHolidayCountryCode.No);
        Add("NZ", "New Zealand", PublicHolidayCountryCode.Nz);
        Add("PL", "Poland", PublicHolidayCountryCode.Pl);
        Add("PT", "Portugal", PublicHolidayCountryCode.Pt);
        Add("RO", "Romania", PublicHolidayCountryCode.Ro);
        Add("RS", "Serbia", PublicHolidayCountryCode.Rs);
        Add("SE", "Sweden", PublicHolidayCountryCode.Se);
        Add("SI", "Slovenia", PublicHolidayCountryCode.Si);
        Add("SK", "Slovakia", PublicHolidayCountryCode.Sk);
        Add("TR", "Turkey", PublicHolidayCountryCode.Tr);
        Add("ZA", "South Africa", PublicHolidayCountryCode.Za);
        known["US"] = (new HolidayCountry("US", "United States", [], "federal holidays only (no state holidays are known)"), _ => new USAPublicHoliday());

        known["GB"] = (new HolidayCountry("GB", "United Kingdom",
            [new("ENG", "England"), new("WLS", "Wales"), new("SCT", "Scotland"), new("NIR", "Northern Ireland")], "England and Wales"),
            region => new UKBankHoliday(region switch
            {
                "SCT" => UKBankHoliday.UkCountries.Scotland,
                "NIR" => UKBankHoliday.UkCountries.NorthernIreland,
                "WLS" => UKBankHoliday.UkCountries.Wales,
                _ => UKBankHoliday.UkCountries.England,
            }));
        known["AU"] = (new HolidayCountry("AU", "Australia",
            [new("ACT", "Australian Capital Territory"), new("NSW", "New South Wales"), new("NT", "Northern Territory"), new("QLD", "Queensland"),
             new("SA", "South Australia"), new("TAS", "Tasmania"), new("VIC", "Victoria"), new("WA", "Western Australia")], Nationwide),
            region => new AustraliaPublicHoliday { State = region is null ? AustraliaPublicHoliday.States.All : Enum.Parse<AustraliaPublicHoliday.States>(region) });
        known["DE"] = (new HolidayCountry("DE", "Germany",
            [new("BW", "Baden-Württemberg"), new("BY", "Bayern (Bavaria)"), new("BE", "Berlin"), new("BB", "Brandenburg"), new("HB", "Bremen"),
             new("HH", "Hamburg"), new("HE", "Hessen (Hesse)"), new("MV", "Mecklenburg-Vorpommern"), new("NI", "Niedersachsen (Lower Saxony)"),
             new("NW", "Nordrhein-Westfalen (North Rhine-Westphalia)"), new("RP", "Rheinland-Pfalz (Rhineland-Palatinate)"), new("SL", "Saarland"),
             new("SN", "Sachsen (Saxony)"), new("ST", "Sachsen-Anhalt (Saxony-Anhalt)"), new("SH", "Schleswig-Holstein"), new("TH", "Thüringen (Thuringia)")], Nationwide),
            region => new GermanPublicHoliday { State = region is null ? GermanPublicHoliday.States.ALL : Enum.Parse<GermanPublicHoliday.States>(region) });
        known["CA"] = (new HolidayCountry("CA", "Canada",
            [new("AB", "Alberta"), new("BC", "British Columbia"), new("MB", "Manitoba"), new("NB", "New Brunswick"), new("NL", "Newfoundland and Labrador"),
             new("NS", "Nova Scotia"), new("NT", "Northwest Territories"), new("NU", "Nunavut"), new("ON", "Ontario"), new("PE", "Prince Edward Island"),
             new("QC", "Quebec"), new("SK", "Saskatchewan"), new("YT", "Yukon")], "federal holidays"),
            region => region is null ? new CanadaPublicHoliday() : new CanadaPublicHoliday(region));
        return known.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
