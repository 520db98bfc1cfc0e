using Microsoft.Playwright;

namespace Dashboard.Web.Tests.Journeys.Pages;

/// <summary>Project &gt; Routers.</summary>
public sealed class RoutersPage(IPage page, string baseUrl) : ConsolePage(page, baseUrl)
{
    public const string Path = "/project/routers";

    public async Task<RoutersPage> OpenAsync()
    {
        await OpenAsync(Path);
        return this;
    }

    public async Task CreateAsync(string name)
    {
        await Button("Create Router").ClickAsync();
        await Dialog.GetByLabel("Router Name").FillAsync(name);
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Create Router" }).ClickAsync();
        await Assertions.Expect(Row(name)).ToBeVisibleAsync();
    }

    public async Task SetGatewayAsync(string router, string network)
    {
        await Row(router).GetByRole(AriaRole.Button, new() { Name = "Set Gateway" }).ClickAsync();
        await ChooseAsync("External Network", network);
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
    }

    /// <summary>Opens a router's page from its name in the list.</summary>
    public async Task<RouterPage> OpenRouterAsync(string name)
    {
        await Row(name).GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Tab, new() { Name = "Interfaces" })).ToBeVisibleAsync();
        return new RouterPage(Page, BaseUrl);
    }
}

/// <summary>A router's page: Overview, Interfaces, Static Routes.</summary>
public sealed class RouterPage(IPage page, string baseUrl) : ConsolePage(page, baseUrl)
{
    public static string PathOf(string routerId) => $"/project/routers/{routerId}";

    public async Task ShowInterfacesAsync() => await Page.GetByRole(AriaRole.Tab, new() { Name = "Interfaces" }).ClickAsync();

    public async Task AddInterfaceAsync(string subnet)
    {
        await ShowInterfacesAsync();
        await Button("Add Interface").ClickAsync();
        await ChooseAsync("Subnet", subnet);
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
    }

    public async Task AddStaticRouteAsync(string destination, string nexthop)
    {
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Static Routes" }).ClickAsync();
        await Button("Add Static Route").ClickAsync();
        await Dialog.GetByLabel("Destination CIDR").FillAsync(destination);
        await Dialog.GetByLabel("Next Hop").FillAsync(nexthop);
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Add Static Route" }).ClickAsync();
    }
}
