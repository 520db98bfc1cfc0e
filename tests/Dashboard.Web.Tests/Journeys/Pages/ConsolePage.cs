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

    /// <summary>The rendered SVG element of a diagram (topology, physical view) with its <c>data-key</c>.</summary>
    public ILocator DiagramNode(string diagram, string key) => page.Locator($"[data-testid={diagram}] g[data-key='{key}']");

    /// <summary>
    /// Presses Escape in <paramref name="field"/> until the dialog is gone: MudBlazor listens for the key once the dialog
    /// has rendered in the browser, and on a loaded machine a first press can come before that (a user presses again).
    /// A dialog that Escape does not close still fails, after the expectation's timeout.
    /// </summary>
    public async Task EscapeAsync(ILocator field)
    {
        for (var press = 0; press < 10 && await Dialog.CountAsync() > 0; press++)
        {
            await field.PressAsync("Escape");
            try
            {
                await Assertions.Expect(Dialog).ToHaveCountAsync(0, new() { Timeout = 3_000 });
            }
            catch (PlaywrightException)
            {
                // pressed too early: again
            }
        }
        await Assertions.Expect(Dialog).ToHaveCountAsync(0);
    }

    /// <summary>Where the list's Status column header ends, in CSS pixels from the left of the window.</summary>
    public async Task<double> StatusColumnRightAsync()
    {
        var status = page.Locator("th").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^\\s*Status\\s*$") }).First;
        await Assertions.Expect(status).ToBeVisibleAsync();
        // Measured in the page in one step (a live re-render can replace the element between a lookup and a measure).
        return await status.EvaluateAsync<double>("th => th.getBoundingClientRect().right");
    }

    /// <summary>Goes to <paramref name="path"/> and waits until the page answers clicks.</summary>
    public Task GoToAsync(string path) => OpenAsync(path);

    /// <summary>Chooses <paramref name="option"/> in the dialog's select labelled <paramref name="label"/>.</summary>
    protected async Task ChooseAsync(string label, string option)
    {
        await Dialog.GetByLabel(label).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
    }
}

/// <summary>Any of the console's list pages, for what every list must do the same way (a sweep across them).</summary>
public sealed class ListPage(IPage page, string baseUrl) : ConsolePage(page, baseUrl);
