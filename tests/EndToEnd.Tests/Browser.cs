using Marketplace.Testing;
using Microsoft.Playwright;

namespace Marketplace.EndToEnd.Tests;

/// <summary>Debian's Chromium driven by Playwright (no browser download); screenshots kept under .artifacts/screenshots.</summary>
public static class Browser
{
    public const string Chromium = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        return (playwright, browser);
    }

    /// <summary>A phone-width page, as clients mostly open links on their phones.</summary>
    public static Task<IPage> PhonePageAsync(IBrowser browser) => browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });

    /// <summary>
    /// What a screen reader or keyboard user would trip over on the page: no language, not one main heading, a form
    /// control without a label, a button or link without a name, two elements with one id, a description or label that
    /// points at nothing, a field marked invalid without the message saying why tied to it, a link within the page to
    /// nowhere, a table without headers, a drawn bar or chart (role=img) without words. Checked on every page a screenshot
    /// is kept of.
    /// </summary>
    public static Task<string[]> AccessibilityProblemsAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => {
          const problems = [];
          if (!document.documentElement.lang) problems.push('the page has no lang');
          if (document.querySelectorAll('h1').length !== 1) problems.push(`${document.querySelectorAll('h1').length} h1 headings`);
          for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
            const labelled = (el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`)) || el.closest('label')
              || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
            if (!labelled) problems.push(`unlabelled ${el.tagName.toLowerCase()} ${el.name || el.id}`);
          }
          for (const el of document.querySelectorAll('button, a[href]')) {
            if (!(el.textContent.trim() || el.getAttribute('aria-label'))) problems.push(`nameless ${el.tagName.toLowerCase()}`);
          }
          const ids = new Map();
          for (const el of document.querySelectorAll('[id]')) ids.set(el.id, (ids.get(el.id) || 0) + 1);
          for (const [id, n] of ids) if (n > 1) problems.push(`id ${id} used ${n} times`);
          for (const el of document.querySelectorAll('[aria-describedby], [aria-labelledby]')) {
            for (const ref of `${el.getAttribute('aria-describedby') || ''} ${el.getAttribute('aria-labelledby') || ''}`.split(/\s+/).filter(Boolean)) {
              if (!document.getElementById(ref)) problems.push(`${el.tagName.toLowerCase()} ${el.id || el.name || ''} points at missing ${ref}`);
            }
          }
          for (const el of document.querySelectorAll('[aria-invalid=true]')) {
            const said = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean)
              .some(ref => document.getElementById(ref)?.textContent.trim());
            if (!said) problems.push(`invalid ${el.tagName.toLowerCase()} ${el.id || el.name || ''} without its message`);
          }
          for (const el of document.querySelectorAll('a[href^="#"]')) {
            const target = decodeURIComponent(el.getAttribute('href').slice(1));
            if (target && !document.getElementById(target)) problems.push(`link to missing #${target}`);
          }
          // A table of figures read cell by cell needs its headers; a bar or chart drawn with boxes needs words.
          for (const el of document.querySelectorAll('table')) {
            if (!el.querySelector('th')) problems.push(`table without headers ${el.id}`.trim());
          }
          for (const el of document.querySelectorAll('[role=img]')) {
            if (!(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby'))) problems.push(`nameless image ${el.id || el.className}`.trim());
          }
          return problems;
        }
        """);

    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var problems = await AccessibilityProblemsAsync(page);
        if (problems.Length > 0)
        {
            throw new InvalidOperationException($"{name} ({page.Url}): {string.Join("; ", problems)}");
        }
        var path = Path.Combine(TestInfrastructure.RepositoryRoot(), ".artifacts", "screenshots", $"{name}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
