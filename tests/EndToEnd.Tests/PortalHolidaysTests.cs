using Marketplace.Testing;
using Microsoft.Playwright;
using NodaTime;
using Shouldly;

namespace Marketplace.EndToEnd.Tests;

/// <summary>
/// A partner's Owner chooses its public holidays and a closing day on the profile page (a bad day is refused beside its
/// field), and the capacity chart names the closed day in its week, in words, with the week's hours reduced.
/// </summary>
[Collection(MarketplaceCollection.Name)]
public sealed class PortalHolidaysTests(MarketplaceFixture system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private string Url(string path) => new Uri(system.GatewayUrl, path).ToString();

    [Fact]
    public async Task Holidays_and_closing_days_chosen_on_the_profile_are_named_in_the_capacity_chart()
    {
        var partner = await Accounts.RegisterFirmAsync(system.Gateway, $"Thames Data {Random.Shared.Next(1000, 9999)}", "Europe/London");
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("/portal"));
        await page.FillAsync("#Email", partner.Email);
        await page.FillAsync("#Password", Accounts.Password);
        await page.ClickAsync("button[type=submit]");

        // A closing day the API cannot read comes back beside the field, and nothing is saved.
        await page.GotoAsync(Url("/portal/profile"));
        await page.SelectOptionAsync("#holiday-country", "GB");
        await page.SelectOptionAsync("#holiday-region", "SCT");
        await page.FillAsync("#closing-days", "24 Dec");
        await page.ClickAsync("button:has-text('Save profile')");
        (await page.Locator("#closing-days-error").InnerTextAsync()).ShouldContain("closingDays[0] must be a date (YYYY-MM-DD) or a day every year (MM-DD");
        (await page.GetAttributeAsync("#closing-days", "aria-invalid")).ShouldBe("true");
        (await page.InputValueAsync("#closing-days")).ShouldBe("24 Dec"); // as typed, to be corrected
        (await page.InputValueAsync("#holiday-region")).ShouldBe("SCT");
        await Browser.ScreenshotAsync(page, "partner-profile-closing-day-refused");

        // A closing day on a Wednesday inside the chart's twelve weeks, in a week without a Scottish bank holiday.
        var scotland = Calendar.WorkingWeek.Create([1, 2, 3, 4, 5], new(9, 0), new(17, 0), "Europe/London", Calendar.ClosedDays.Of("GB", "SCT", null));
        var thisWeek = SystemClock.Instance.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/London"]).Date
            .With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday));
        var monday = Enumerable.Range(2, 9).Select(thisWeek.PlusWeeks).First(w => scotland.ClosedDaysInWeek(w).Count == 0);
        var closed = monday.PlusDays(2);
        var closedText = closed.ToString("yyyy-MM-dd", null);
        await page.SelectOptionAsync("#holiday-country", "GB");
        await page.SelectOptionAsync("#holiday-region", "SCT");
        await page.FillAsync("#closing-days", $"12-24, {closedText}");
        await page.ClickAsync("button:has-text('Save profile')");
        (await page.Locator(".notice").InnerTextAsync()).ShouldContain("Profile saved.");
        (await page.InputValueAsync("#holiday-country")).ShouldBe("GB");
        (await page.InputValueAsync("#holiday-region")).ShouldBe("SCT");
        (await page.InputValueAsync("#closing-days")).ShouldBe($"12-24, {closedText}");

        // Scheduling hears of the closing day by event; the week's row then names it and has a fifth less.
        await page.GotoAsync(Url("/portal/capacity"));
        await page.FillAsync("#engineer-name", "Ana Ruiz");
        await page.FillAsync("#hours", "40");
        await page.ClickAsync("form button[type=submit]:has-text('Save capacity')");
        var row = page.Locator($"#capacity-chart tbody tr[data-week='{monday.ToString("yyyy-MM-dd", null)}']");
        var named = await Eventually.TrueAsync(async () =>
        {
            await page.GotoAsync(Url("/portal/capacity"));
            return (await row.Locator(".closed-days").InnerTextAsync()).Contains($"{closed.ToString("ddd d MMM", null)}: your closing day", StringComparison.Ordinal);
        }, Patience, TimeSpan.FromSeconds(1));
        named.ShouldBeTrue("the capacity chart never named the closing day");
        (await row.Locator("th").InnerTextAsync()).ShouldContain("(closed days)");
        (await row.Locator(".free-hours").InnerTextAsync()).ShouldBe("32 h");
        (await row.Locator(".bar").GetAttributeAsync("aria-label"))!.ShouldContain($"closed {closed.ToString("ddd d MMM", null)}: your closing day");
        await Browser.ScreenshotAsync(page, "partner-capacity-closed-days");
    }
}
