using Microsoft.Playwright;

namespace Dashboard.Web.Tests.Journeys.Pages;

/// <summary>Project &gt; Networks.</summary>
public sealed class NetworksPage(IPage page, string baseUrl) : ConsolePage(page, baseUrl)
{
    public const string Path = "/project/networks";

    public async Task<NetworksPage> OpenAsync()
    {
        await OpenAsync(Path);
        return this;
    }

    /// <summary>Create Network's first step; <see cref="CreateNetworkDialog"/> goes on from there.</summary>
    public async Task<CreateNetworkDialog> StartCreateNetworkAsync(string name)
    {
        await Button("Create Network").ClickAsync();
        await Dialog.GetByLabel("Network Name").FillAsync(name);
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Next »" }).ClickAsync();
        return new CreateNetworkDialog(Dialog);
    }

    /// <summary>Deletes a network from its row's action, confirming.</summary>
    public async Task DeleteAsync(string name)
    {
        await Button($"Delete {name}").ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
    }
}

/// <summary>Create Network's subnet and details steps.</summary>
public sealed class CreateNetworkDialog(ILocator dialog)
{
    public ILocator Dialog => dialog;

    public async Task SubnetAsync(string name, string cidr)
    {
        await dialog.GetByLabel("Subnet Name").FillAsync(name);
        await dialog.GetByLabel("Network Address (CIDR)").FillAsync(cidr);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Next »" }).ClickAsync();
    }

    public Task CidrAsync(string cidr) => dialog.GetByLabel("Network Address (CIDR)").FillAsync(cidr);

    public Task NextAsync() => dialog.GetByRole(AriaRole.Button, new() { Name = "Next »" }).ClickAsync();

    public Task DnsServersAsync(string servers) => dialog.GetByLabel("DNS Name Servers").FillAsync(servers);

    public ILocator CurrentStep => dialog.Locator("[aria-current=step]");

    public Task CreateAsync() => dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
}
