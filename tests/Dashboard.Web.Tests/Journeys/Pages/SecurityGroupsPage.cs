using Microsoft.Playwright;

namespace Dashboard.Web.Tests.Journeys.Pages;

/// <summary>Project &gt; Security Groups.</summary>
public sealed class SecurityGroupsPage(IPage page, string baseUrl) : ConsolePage(page, baseUrl)
{
    public const string Path = "/project/security-groups";

    public async Task CreateAsync(string name)
    {
        await Button("Create Security Group").ClickAsync();
        await Dialog.GetByLabel("Name").FillAsync(name);
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Create Security Group" }).ClickAsync();
        await Assertions.Expect(Row(name)).ToBeVisibleAsync();
    }

    public async Task<ManageRulesPage> ManageRulesAsync(string group)
    {
        await Row(group).GetByRole(AriaRole.Link, new() { Name = "Manage Rules" }).ClickAsync();
        await Assertions.Expect(Page.GetByText($"Manage Security Group Rules: {group}")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("#circuit-state")).ToHaveAttributeAsync("data-interactive", "true");
        return new ManageRulesPage(Page, BaseUrl);
    }
}

/// <summary>A security group's Manage Rules page.</summary>
public sealed class ManageRulesPage(IPage page, string baseUrl) : ConsolePage(page, baseUrl)
{
    /// <summary>Add Rule with one of the dialog's presets; returns the dialog's summary of what it opens, read before adding.</summary>
    public async Task<string> AddPresetRuleAsync(string preset, string? screenshot = null)
    {
        await Button("Add Rule").ClickAsync();
        await ChooseAsync("Rule", preset);
        var summary = await Dialog.Locator("[data-testid=preset-summary]").InnerTextAsync();
        if (screenshot is not null)
        {
            await Page.ScreenshotAsync(new() { Path = screenshot });
        }
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();
        return summary;
    }
}

/// <summary>Project &gt; Instances.</summary>
public sealed class InstancesPage(IPage page, string baseUrl) : ConsolePage(page, baseUrl)
{
    public const string Path = "/project/instances";

    public async Task LaunchAsync(string name, string network)
    {
        await Button("Launch Instance").ClickAsync();
        await Dialog.GetByLabel("Instance Name").FillAsync(name);
        await Dialog.GetByLabel("Networks").ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = network, Exact = true }).ClickAsync();
        // A multi-select stays open after a choice: close it by clicking outside, as a user does, before going on.
        await Dialog.GetByLabel("Instance Name").ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Option, new() { Name = network, Exact = true })).ToBeHiddenAsync();
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Launch Instance" }).ClickAsync();
    }
}
