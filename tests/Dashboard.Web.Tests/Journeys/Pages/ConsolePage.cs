using Microsoft.Playwright;

namespace Dashboard.Web.Tests.Journeys.Pages;

/// <summary>
/// A page of the console as a user sees it, for the browser journeys (one class per page): what is on it is found by role
/// and label, as a user finds it, and every step waits on what it leads to, never on the clock.
/// </summary>
public abstract class ConsolePage(IPage page, string baseUrl)
{
    public IPage Page => page;

    protected string BaseUrl => baseUrl;

    /// <summary>The dialog open on the page.</summary>
    public ILocator Dialog => page.GetByRole(AriaRole.Dialog);

    public ILocator Row(string text) => page.GetByRole(AriaRole.Row).Filter(new() { HasText = text });

    public ILocator Cell(string name) => page.GetByRole(AriaRole.Cell, new() { Name = name, Exact = true });

    public ILocator Button(string name) => page.GetByRole(AriaRole.Button, new() { Name = name });

    /// <summary>Opens <paramref name="path"/> and waits until the page answers clicks (its circuit is interactive).</summary>
    protected async Task OpenAsync(string path)
    {
        if (new Uri(page.Url).AbsolutePath != path)
        {
            await page.GotoAsync($"{baseUrl}{path}");
        }
        await Assertions.Expect(page.Locator("#circuit-state")).ToHaveAttributeAsync("data-interactive", "true");
    }

    /// <summary>Chooses <paramref name="option"/> in the dialog's select labelled <paramref name="label"/>.</summary>
    protected async Task ChooseAsync(string label, string option)
    {
        await Dialog.GetByLabel(label).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
    }
}
