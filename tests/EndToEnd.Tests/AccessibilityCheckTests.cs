using Shouldly;

namespace Marketplace.EndToEnd.Tests;

/// <summary>The check every screenshot runs finds what it is meant to find.</summary>
public sealed class AccessibilityCheckTests
{
    [Fact]
    public async Task Unlabelled_controls_nameless_buttons_a_missing_language_or_heading_headerless_tables_and_wordless_bars_are_reported()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();

        await page.SetContentAsync("""<html><body><input name="q"><button></button><a href="/x"><img src="x.png"></a></body></html>""");
        (await Browser.AccessibilityProblemsAsync(page)).ShouldBe(["the page has no lang", "0 h1 headings", "unlabelled input q", "nameless button", "nameless a"]);

        await page.SetContentAsync("""
            <html lang="en"><body><h1>Fine</h1><label for="q">Find</label><input id="q"><label><input type="checkbox"> Tick</label>
            <button aria-label="Close">×</button><a href="/x">Home</a></body></html>
            """);
        (await Browser.AccessibilityProblemsAsync(page)).ShouldBeEmpty();

        // Figures in a table without headers, and a bar drawn in boxes without words, are reported too.
        await page.SetContentAsync("""
            <html lang="en"><body><h1>Capacity</h1><table id="grid"><tr><td>20 h</td></tr></table>
            <div class="bar" role="img"><div style="width:50%"></div></div></body></html>
            """);
        (await Browser.AccessibilityProblemsAsync(page)).ShouldBe(["table without headers grid", "nameless image bar"]);
        await page.SetContentAsync("""
            <html lang="en"><body><h1>Capacity</h1><table><tr><th scope="row">Ana</th><td>20 h</td></tr></table>
            <div class="bar" role="img" aria-label="10 of 20 hours booked"><div style="width:50%"></div></div></body></html>
            """);
        (await Browser.AccessibilityProblemsAsync(page)).ShouldBeEmpty();
    }
}
