using Microsoft.Playwright;

namespace Dashboard.Web.Tests.Journeys.Pages;

/// <summary>Admin &gt; Networks, with its Create Network dialog (provider attributes).</summary>
public sealed class AdminNetworksPage(IPage page, string baseUrl) : ConsolePage(page, baseUrl)
{
    public const string Path = "/admin/networks";

    /// <summary>Fills Create Network for a VLAN on physnet1 and submits it; what follows is the caller's to check.</summary>
    public async Task CreateVlanNetworkAsync(string name, string project, string segmentationId)
    {
        await Button("Create Network").ClickAsync();
        await Dialog.GetByLabel("Name").FillAsync(name);
        await ChooseAsync("Project", project);
        await Dialog.GetByLabel("Physical Network").FillAsync("physnet1");
        await Dialog.GetByLabel("Segmentation ID").FillAsync(segmentationId);
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Create Network" }).ClickAsync();
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
