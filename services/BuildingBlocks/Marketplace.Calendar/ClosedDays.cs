using System.Collections.Concurrent;
using System.Collections.Frozen;
using NodaTime;
using PublicHoliday;

namespace Marketplace.Calendar;

/// <summary>A day a firm does not work although it is one of its working weekdays, and why.</summary>
public readonly record struct ClosedDay(LocalDate Date, string Name);

/// <summary>
/// The days a firm is closed on its working weekdays: the public holidays of its country (and region), on the date they
/// are observed (a Christmas on Saturday is off on the Monday where the country moves it), and the firm's own closing
/// days. Immutable by contract: a year's holidays are computed on first use and kept by this instance only, so build
/// one per firm profile and share it.
/// </summary>
public sealed class ClosedDays
{
    /// <summary>What an own closing day is called where no holiday explains it.</summary>
    public const string OwnClosingDay = "Closed";

    /// <summary>What a holiday the package gives no name for is called.</summary>
    public const string UnnamedHoliday = "Public holiday";

    private static readonly FrozenDictionary<LocalDate, string> NoHolidays = FrozenDictionary<LocalDate, string>.Empty;

    private readonly IPublicHolidays? _holidays;
    private readonly ClosingDay[] _own;
    private readonly ConcurrentDictionary<int, FrozenDictionary<LocalDate, string>> _years = new();

    private ClosedDays(string? country, string? region, IPublicHolidays? holidays, ClosingDay[] own)
    {
        (Country, Region, _holidays, _own) = (country, region, holidays, own);
        ClosingDays = [.. own.Select(d => d.ToString())];
    }

    /// <summary>No public holidays and no closing days: every working weekday is worked.</summary>
    public static ClosedDays None { get; } = new(null, null, null, []);

    /// <summary>The country whose public holidays are kept (ISO 3166-1 alpha-2), or null for none.</summary>
    public string? Country { get; }

    public string? Region { get; }

    /// <summary>The firm's own closing days as stored: "2026-12-31" or "12-24".</summary>
    public IReadOnlyList<string> ClosingDays { get; }

    public bool IsEmpty => _holidays is null && _own.Length == 0;

    /// <summary>
    /// The closed days of a firm profile as projections hold it. Lenient on purpose: Network validated the settings when
    /// they were saved, so what this build of the package does not know (a country or region it dropped, a closing day it
    /// cannot read) closes nothing rather than stopping the firm's events from being consumed.
    /// </summary>
    public static ClosedDays Of(string? country, string? region, IEnumerable<string>? closingDays)
    {
        var known = HolidayCountries.Find(country);
        var regionCode = known is null ? null : HolidayCountries.RegionOf(known, region);
        var own = (closingDays ?? []).Select(ClosingDay.Parse).OfType<ClosingDay>().Distinct().ToArray();
        var holidays = known is null ? null : HolidayCountries.Calendar(known.Code, regionCode);
        return holidays is null && own.Length == 0 ? None : new(known?.Code, regionCode, holidays, own);
    }

    public bool IsClosed(LocalDate date) => Why(date) is not null;

    /// <summary>The holiday's name, <see cref="OwnClosingDay"/> for one of the firm's own days, or null when the firm is open.</summary>
    public string? Why(LocalDate date)
    {
        if (IsEmpty)
        {
            return null;
        }
        if (_holidays is not null && HolidaysIn(date.Year).TryGetValue(date, out var name))
        {
            return name;
        }
        foreach (var own in _own)
        {
            if (own.Closes(date))
            {
                return OwnClosingDay;
            }
        }
        return null;
    }

    /// <summary>Every closed day from <paramref name="first"/> to <paramref name="last"/>, inclusive, in date order.</summary>
    public IReadOnlyList<ClosedDay> Between(LocalDate first, LocalDate last)
    {
        var days = new List<ClosedDay>();
        for (var date = first; !IsEmpty && date <= last; date = date.PlusDays(1))
        {
            if (Why(date) is { } name)
            {
                days.Add(new ClosedDay(date, name));
            }
        }
        return days;
    }

    private FrozenDictionary<LocalDate, string> HolidaysIn(int year) =>
        year is < 1 or > 9998 ? NoHolidays : _years.GetOrAdd(year, static (y, holidays) => Compute(holidays, y), _holidays!);

    private static FrozenDictionary<LocalDate, string> Compute(IPublicHolidays holidays, int year)
    {
        try
        {
            // The package's named list is of observed dates (the UK's Christmas on a Saturday is the Monday's entry).
            return holidays.PublicHolidayNames(year)
                .ToFrozenDictionary(h => LocalDate.FromDateTime(h.Key), h => string.IsNullOrWhiteSpace(h.Value) ? UnnamedHoliday : h.Value.Trim());
        }
        catch (ArgumentOutOfRangeException)
        {
            return NoHolidays; // beyond the years the package can compute (Turkey's lunar holidays end in the 2070s)
        }
        catch (ArgumentException)
        {
            // Two holidays on one date (Germany 2008: Labour Day and Ascension) break the package's name dictionary; the dates stand.
            return holidays.PublicHolidays(year).Select(LocalDate.FromDateTime).Distinct().ToFrozenDictionary(d => d, _ => UnnamedHoliday);
        }
    }
}
