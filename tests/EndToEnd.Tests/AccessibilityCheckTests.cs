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

    [Fact]
    public async Task A_field_marked_invalid_needs_its_message_tied_to_it_and_ids_and_in_page_links_must_resolve()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();

        // What a careless form page could get wrong: a red field nobody says why, a message pointing nowhere, a summary link to nowhere, an id twice.
        await page.SetContentAsync("""
            <html lang="en"><body><h1>Post</h1>
            <div role="alert"><a href="#effort">Give the effort</a><a href="#latest">The latest start is before the earliest start</a></div>
            <label for="effort">Effort</label><input id="effort" aria-invalid="true">
            <label for="perWeek">Hours a week</label><input id="perWeek" aria-invalid="true" aria-describedby="perWeek-error">
            <label for="summary">Job</label><textarea id="summary" aria-describedby="summary-hint"></textarea>
            <p id="dup">One</p><p id="dup">Two</p></body></html>
            """);
        (await Browser.AccessibilityProblemsAsync(page)).ShouldBe([
            "id dup used 2 times", "input perWeek points at missing perWeek-error", "textarea summary points at missing summary-hint",
            "invalid input effort without its message", "invalid input perWeek without its message", "link to missing #latest"]);

        // The portal's way: the message right after the field, tied to it, and the summary linking to the field.
        await page.SetContentAsync("""
            <html lang="en"><body><h1>Post</h1>
            <div role="alert"><ul><li><a href="#effort">Give the effort in whole hours, from 1 to 2,000.</a></li></ul></div>
            <label for="effort">Effort</label><input id="effort" aria-invalid="true" aria-describedby="effort-error">
            <span class="field-error" id="effort-error">Give the effort in whole hours, from 1 to 2,000.</span>
            <fieldset id="modes" aria-invalid="true" aria-describedby="modes-error"><legend>Modes</legend>
              <label><input type="checkbox" name="modes"> Hand-off</label><span id="modes-error">Choose hand-off, white-label or both.</span></fieldset>
            <a href="#main">Skip</a><main id="main"></main></body></html>
            """);
        (await Browser.AccessibilityProblemsAsync(page)).ShouldBeEmpty();
    }
}
