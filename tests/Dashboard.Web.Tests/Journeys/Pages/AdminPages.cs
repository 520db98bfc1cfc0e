using Microsoft.Playwright;

namespace Dashboard.Web.Tests.Journeys.Pages;

/// <summary>Admin &gt; Networks, with its Create Network dialog (provider attributes).</summary>
public sealed class AdminNetworksPage(IPage page, string baseUrl) : ConsolePage(page, baseUrl)
{
    public const string Path = "/admin/networks";

    /// <summary>Fills Create Network for a VLAN on physnet1 and submits it; what follows is the caller's to check.</summary>
    public async Task CreateVlanNetworkAsync(string name, string project, string segmentationId)
    {
        await OpenCreateAsync(name);
        await ChooseAsync("Project", project);
        // Each field left with Tab, as a user does, and seen holding its value before the next: a whole run once had
        // the physical network typed but not yet taken when Create was pressed ("segmentation_id requires physical_network").
        var physnet = Dialog.GetByLabel("Physical Network");
        await physnet.FillAsync("physnet1");
        await physnet.PressAsync("Tab");
        await Assertions.Expect(physnet).ToHaveValueAsync("physnet1");
        var segment = Dialog.GetByLabel("Segmentation ID");
        await segment.FillAsync(segmentationId);
        await segment.PressAsync("Tab");
        await Assertions.Expect(segment).ToHaveValueAsync(segmentationId);
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Create Network" }).ClickAsync();
    }

    /// <summary>Opens Create Network and types the name, as a user starts.</summary>
    public async Task OpenCreateAsync(string name)
    {
        await Button("Create Network").ClickAsync();
        await Assertions.Expect(Dialog).ToBeVisibleAsync();
        await Dialog.GetByLabel("Name").FillAsync(name);
    }
}

/// <summary>Admin &gt; Ports: every project's ports, filtered and paged in the database, with a bulk delete.</summary>
public sealed class AdminPortsPage(IPage page, string baseUrl) : ConsolePage(page, baseUrl)
{
    public const string Path = "/admin/ports";

    public ILocator Rows => Page.Locator("[data-testid=admin-ports] tbody tr");

    public async Task FilterAsync(string text) => await Page.GetByPlaceholder("Name, ID, MAC or IP").FillAsync(text);

    /// <summary>Ticks the checkbox of each row containing one of <paramref name="texts"/>.</summary>
    public async Task ChooseAsync(params string[] texts)
    {
        foreach (var text in texts)
        {
            await Row(text).GetByRole(AriaRole.Checkbox).CheckAsync();
        }
    }

    /// <summary>Runs the toolbar's bulk delete on the chosen rows, confirming.</summary>
    public async Task DeleteChosenAsync()
    {
        await Page.Locator("[data-testid=bulk-action]").ClickAsync();
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
    }
}

/// <summary>Identity &gt; Projects and Users.</summary>
public sealed class IdentityPages(IPage page, string baseUrl) : ConsolePage(page, baseUrl)
{
    public const string ProjectsPath = "/identity/projects";

    public async Task CreateProjectAsync(string name)
    {
        await OpenAsync(ProjectsPath);
        await Button("Create Project").ClickAsync();
        await Dialog.GetByLabel("Name").FillAsync(name);
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Create Project" }).ClickAsync();
        await Assertions.Expect(Cell(name)).ToBeVisibleAsync();
    }

    public async Task CreateUserAsync(string name, string password, string primaryProject)
    {
        await OpenAsync("/identity/users");
        await Button("Create User").ClickAsync();
        await Dialog.GetByLabel("User Name").FillAsync(name);
        await Dialog.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await Dialog.GetByLabel("Confirm Password").FillAsync(password);
        await ChooseAsync("Primary Project", primaryProject);
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Create User" }).ClickAsync();
    }
}
