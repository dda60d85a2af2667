using System.Net;
using System.Text.Json;
using Marketplace.Network.Data;
using Marketplace.Testing;
using Shouldly;

namespace Marketplace.Network.Tests;

/// <summary>A firm's public holidays (country, region) and own closing days: saved together, validated, announced in FirmUpdated.</summary>
public sealed class FirmHolidaysTests : IAsyncLifetime
{
    private ServiceUnderTest<NetworkDbContext> _service = null!;

    private HttpClient Client => _service.Client;

    public async ValueTask InitializeAsync() => _service = await ServiceUnderTest<NetworkDbContext>.StartAsync("network");

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static Dictionary<string, object?> Profile(params (string Key, object? Value)[] holidays)
    {
        var profile = new Dictionary<string, object?>
        {
            ["name"] = "Highland IT", ["timeZone"] = "Europe/London", ["workingDays"] = new[] { 1, 2, 3, 4, 5 }, ["opensAt"] = "09:00", ["closesAt"] = "17:00",
        };
        foreach (var (key, value) in holidays)
        {
            profile[key] = value;
        }
        return profile;
    }

    private async Task<(Guid Firm, string Owner)> FirmAsync()
    {
        var firm = await Accounts.RegisterFirmAsync(Client, "Highland IT", "Europe/London");
        return (firm.FirmId, await Accounts.SignInAsync(Client, firm.Email));
    }

    [Fact]
    public async Task A_firm_without_a_country_keeps_no_holidays_until_its_owner_chooses_them_and_FirmUpdated_carries_them()
    {
        var (firm, owner) = await FirmAsync();
        var before = await Client.CallAsync(HttpMethod.Get, $"/api/network/firms/{firm}", owner, null, HttpStatusCode.OK);
        before.GetProperty("holidayCountry").ValueKind.ShouldBe(JsonValueKind.Null);
        before.GetProperty("closingDays").GetArrayLength().ShouldBe(0);

        var saved = await Client.CallAsync(HttpMethod.Put, $"/api/network/firms/{firm}", owner,
            Profile(("holidayCountry", "gb"), ("holidayRegion", "sct"), ("closingDays", new[] { "12-24", "2026-12-31", "12-24", " 12-31 " })), HttpStatusCode.OK);

        saved.GetProperty("holidayCountry").GetString().ShouldBe("GB");
        saved.GetProperty("holidayRegion").GetString().ShouldBe("SCT");
        saved.GetProperty("closingDays").EnumerateArray().Select(d => d.GetString()).ShouldBe(["12-24", "12-31", "2026-12-31"]);
        var announced = (await _service.Db.EventsAsync("FirmUpdated", firm.ToString()))[^1];
        announced.GetProperty("holidayCountry").GetString().ShouldBe("GB");
        announced.GetProperty("holidayRegion").GetString().ShouldBe("SCT");
        announced.GetProperty("closingDays").EnumerateArray().Select(d => d.GetString()).ShouldBe(["12-24", "12-31", "2026-12-31"]);
    }

    [Fact]
    public async Task A_profile_saved_without_holiday_fields_keeps_them_and_empty_values_clear_them()
    {
        var (firm, owner) = await FirmAsync();
        await Client.CallAsync(HttpMethod.Put, $"/api/network/firms/{firm}", owner,
            Profile(("holidayCountry", "DE"), ("holidayRegion", "BY"), ("closingDays", new[] { "12-24" })), HttpStatusCode.OK);

        var kept = await Client.CallAsync(HttpMethod.Put, $"/api/network/firms/{firm}", owner, Profile(), HttpStatusCode.OK);
        (kept.GetProperty("holidayCountry").GetString(), kept.GetProperty("holidayRegion").GetString()).ShouldBe(("DE", "BY"));
        kept.GetProperty("closingDays").GetArrayLength().ShouldBe(1);

        // Sent together: a new country without a region is that country's whole calendar, and the closing days go with it.
        var moved = await Client.CallAsync(HttpMethod.Put, $"/api/network/firms/{firm}", owner, Profile(("holidayCountry", "US")), HttpStatusCode.OK);
        (moved.GetProperty("holidayCountry").GetString(), moved.GetProperty("holidayRegion").ValueKind).ShouldBe(("US", JsonValueKind.Null));
        moved.GetProperty("closingDays").GetArrayLength().ShouldBe(0);

        var cleared = await Client.CallAsync(HttpMethod.Put, $"/api/network/firms/{firm}", owner, Profile(("holidayCountry", ""), ("closingDays", Array.Empty<string>())), HttpStatusCode.OK);
        cleared.GetProperty("holidayCountry").ValueKind.ShouldBe(JsonValueKind.Null);
        (await _service.Db.EventsAsync("FirmUpdated", firm.ToString()))[^1].GetProperty("holidayCountry").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    public static TheoryData<string, object?, string> Refused => new()
    {
        { "holidayCountry", "UK", "holidayCountry" },            // the ISO code is GB
        { "holidayCountry", "ZZ", "holidayCountry" },
        { "holidayCountry", new string('G', 5000), "holidayCountry" },
        { "holidayCountry", 44, "" },                            // not a string at all: a malformed body
        { "holidayRegion", "NSW", "holidayRegion" },             // no country to be a region of
        { "closingDays", new[] { "24 Dec" }, "closingDays" },
        { "closingDays", new[] { "02-30" }, "closingDays" },
        { "closingDays", new[] { "13-01" }, "closingDays" },
        { "closingDays", new[] { "" }, "closingDays" },
        { "closingDays", new string?[] { null }, "closingDays" },
        { "closingDays", new[] { new string('1', 100_000) }, "closingDays" },
        { "closingDays", new[] { "9999-12-31" }, "closingDays" },
        { "closingDays", new[] { "1999-12-31" }, "closingDays" },
        { "closingDays", new[] { "-0001-01-01" }, "closingDays" },
        { "closingDays", Enumerable.Range(0, 61).Select(i => new DateOnly(2026, 1, 1).AddDays(i).ToString("MM-dd")).ToArray(), "closingDays" },
        { "closingDays", Enumerable.Range(0, 100_000).Select(_ => "12-24").ToArray(), "closingDays" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Bad_holiday_settings_are_a_400_naming_the_field_and_change_nothing(string key, object? value, string field)
    {
        var (firm, owner) = await FirmAsync();
        var before = (await Client.CallAsync(HttpMethod.Get, $"/api/network/firms/{firm}", owner, null, HttpStatusCode.OK)).GetRawText();

        var (status, body) = await Client.SendAsync(HttpMethod.Put, $"/api/network/firms/{firm}", owner, Profile((key, value)));

        status.ShouldBe(HttpStatusCode.BadRequest, body);
        var problem = JsonDocument.Parse(body).RootElement;
        if (field.Length > 0)
        {
            problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ShouldBe([field]);
        }
        body.ShouldNotContain(" at Marketplace.");
        (await Client.CallAsync(HttpMethod.Get, $"/api/network/firms/{firm}", owner, null, HttpStatusCode.OK)).GetRawText().ShouldBe(before);
    }

    [Theory]
    [InlineData("US", "NY")]   // the package has federal holidays only
    [InlineData("FR", "IDF")]  // one calendar for the whole country
    [InlineData("GB", "XYZ")]
    [InlineData("AU", "Sydney")]
    public async Task A_region_the_country_has_no_calendar_for_is_refused_beside_the_region(string country, string region)
    {
        var (firm, owner) = await FirmAsync();

        var (status, body) = await Client.SendAsync(HttpMethod.Put, $"/api/network/firms/{firm}", owner, Profile(("holidayCountry", country), ("holidayRegion", region)));

        status.ShouldBe(HttpStatusCode.BadRequest, body);
        JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ShouldBe(["holidayRegion"]);
    }

    [Fact]
    public async Task The_bounds_themselves_are_accepted()
    {
        var (firm, owner) = await FirmAsync();
        var furthest = Today.AddYears(2).ToString("yyyy-MM-dd");
        var sixty = Enumerable.Range(0, 58).Select(i => new DateOnly(2028, 1, 1).AddDays(i).ToString("MM-dd")).Append("2000-01-01").Append(furthest).ToArray();

        var saved = await Client.CallAsync(HttpMethod.Put, $"/api/network/firms/{firm}", owner,
            Profile(("holidayCountry", "CA"), ("holidayRegion", "QC"), ("closingDays", sixty)), HttpStatusCode.OK);

        saved.GetProperty("closingDays").GetArrayLength().ShouldBe(60);
        var (status, _) = await Client.SendAsync(HttpMethod.Put, $"/api/network/firms/{firm}", owner,
            Profile(("holidayCountry", "CA"), ("closingDays", new[] { Today.AddYears(2).AddDays(1).ToString("yyyy-MM-dd") })));
        status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Every_member_reads_the_supported_countries_and_regions()
    {
        var (_, owner) = await FirmAsync();

        var countries = (await Client.CallAsync(HttpMethod.Get, "/api/network/holiday-calendars", owner, null, HttpStatusCode.OK)).EnumerateArray().ToList();

        var gb = countries.Single(c => c.GetProperty("code").GetString() == "GB");
        gb.GetProperty("regions").EnumerateArray().Select(r => r.GetProperty("code").GetString()).ShouldBe(["ENG", "WLS", "SCT", "NIR"]);
        var us = countries.Single(c => c.GetProperty("code").GetString() == "US");
        us.GetProperty("regions").GetArrayLength().ShouldBe(0);
        us.GetProperty("noRegion").GetString()!.ShouldContain("federal");
        countries.Single(c => c.GetProperty("code").GetString() == "DE").GetProperty("regions").GetArrayLength().ShouldBe(16);
    }
}
