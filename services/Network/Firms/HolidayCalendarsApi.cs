using Marketplace.Calendar;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Network.Firms;

public static class HolidayCalendarsApi
{
    public static RouteGroupBuilder MapHolidayCalendarsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/network/holiday-calendars").RequireAuthorization().WithTags("Firms");
        group.MapGet("/", List).WithSummary("The countries and regions whose public holidays a firm may keep (holidayCountry, holidayRegion)");
        return group;
    }

    /// <summary>
    /// The same for every member: what the firm profile's holidayCountry and holidayRegion accept. "noRegion" says what the
    /// country's calendar holds when no region is chosen (the United States: federal holidays only, no state holidays).
    /// </summary>
    public static Ok<List<HolidayCountryView>> List() =>
        TypedResults.Ok(HolidayCountries.All.Select(c => new HolidayCountryView(c.Code, c.Name, c.NoRegion,
            [.. c.Regions.Select(r => new HolidayRegionView(r.Code, r.Name))])).ToList());
}

public sealed record HolidayCountryView(string Code, string Name, string NoRegion, IReadOnlyList<HolidayRegionView> Regions);
public sealed record HolidayRegionView(string Code, string Name);
