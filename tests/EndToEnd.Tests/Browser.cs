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

    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(TestInfrastructure.RepositoryRoot(), ".artifacts", "screenshots", $"{name}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
