using Microsoft.Playwright;

namespace Dashboard.Web.Tests.Journeys.Pages;

/// <summary>The user menu's Settings: User Settings and Change Password.</summary>
public sealed class SettingsPage(IPage page, string baseUrl) : ConsolePage(page, baseUrl)
{
    public const string Path = "/settings";

    public async Task<SettingsPage> OpenAsync()
    {
        await OpenAsync(Path);
        return this;
    }

    public async Task SetThemeAsync(string theme)
    {
        await Page.Locator("[data-testid=theme]").Locator("xpath=ancestor::div[contains(@class,'mud-select')][1]").ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = theme }).ClickAsync();
        await Page.Locator("[data-testid=save-settings]").ClickAsync();
        await Assertions.Expect(Page.GetByText("Settings saved.")).ToBeVisibleAsync();
    }

    public async Task ChangePasswordAsync(string current, string next)
    {
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Change Password" }).ClickAsync();
        await Page.Locator("[data-testid=current-password]").FillAsync(current);
        await Page.Locator("[data-testid=new-password]").FillAsync(next);
        await Page.Locator("[data-testid=confirm-password]").FillAsync(next);
        await Page.Locator("[data-testid=change-password]").ClickAsync();
    }

    /// <summary>The theme's background colour as the browser draws it.</summary>
    public static Task<string> BackgroundAsync(IPage page) =>
        page.EvaluateAsync<string>("getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-background').trim()");
}

/// <summary>Project &gt; API Access.</summary>
public sealed class ApiAccessPage(IPage page, string baseUrl) : ConsolePage(page, baseUrl)
{
    public const string Path = "/project/api-access";

    public async Task<ApiAccessPage> OpenAsync()
    {
        await OpenAsync(Path);
        return this;
    }

    public async Task<IDownload> DownloadRcFileAsync() =>
        await Page.RunAndWaitForDownloadAsync(() => Page.GetByRole(AriaRole.Link, new() { Name = "OpenStack RC File" }).ClickAsync());
}
