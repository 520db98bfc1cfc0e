using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Dashboard.Web.Tests.Journeys.Pages;

/// <summary>Project &gt; Overview: the project's quota usage.</summary>
public sealed class OverviewPage(IPage page, string baseUrl) : ConsolePage(page, baseUrl)
{
    public const string Path = "/project/overview";

    /// <summary>The usage card of one resource ("network", "port"...).</summary>
    public ILocator Quota(string resource) => Page.Locator($"[data-testid=quota-{resource}]");
}

/// <summary>A network's page: its overview (provider attributes for admins), subnets and ports.</summary>
public sealed class NetworkDetailPage(IPage page, string baseUrl) : ConsolePage(page, baseUrl)
{
    public static string PathOf(string networkId) => $"/project/networks/{networkId}";

    public ILocator ProviderType => Page.Locator("[data-testid=provider-type]");

    public ILocator SegmentationId => Page.Locator("[data-testid=segmentation-id]");

    /// <summary>What the page says when the network is not there for this user.</summary>
    public ILocator NotFound => Page.Locator("[data-testid=network-not-found]");

    /// <summary>The Ports tab's rows of instances' ports.</summary>
    public ILocator InstancePorts => Row("compute:nova");

    public async Task ShowPortsAsync() => await Page.GetByRole(AriaRole.Tab, new() { Name = "Ports" }).ClickAsync();

    public async Task CreatePortAsync(string name, string fixedIp)
    {
        await ShowPortsAsync();
        await Button("Create Port").ClickAsync();
        await Dialog.GetByLabel("Name").FillAsync(name);
        await Dialog.GetByLabel("Fixed IP Address").FillAsync(fixedIp);
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
    }
}

/// <summary>Project &gt; Floating IPs: allocate from the external network, associate with a port.</summary>
public sealed class FloatingIpsPage(IPage page, string baseUrl) : ConsolePage(page, baseUrl)
{
    public const string Path = "/project/floating-ips";

    public ILocator QuotaUsage => Page.Locator("[data-testid=fip-quota]");

    /// <summary>Allocates an address and returns it (the one new unassociated address of 172.24.4.0/24).</summary>
    public async Task<string> AllocateAsync()
    {
        await Button("Allocate IP To Project").ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Allocate IP", Exact = true }).ClickAsync();
        var associate = Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Associate 172\\.24\\.4\\.") });
        await Assertions.Expect(associate).ToHaveCountAsync(1);
        return (await associate.GetAttributeAsync("aria-label"))!["Associate ".Length..];
    }

    /// <summary>Associates <paramref name="address"/> with the port whose option reads <paramref name="port"/> ("VM01: 10.0.0.3").</summary>
    public async Task AssociateAsync(string address, string port)
    {
        await Button($"Associate {address}").ClickAsync();
        await Page.GetByLabel("Port to be associated").ClickAsync();
        await Page.GetByRole(AriaRole.Option).Filter(new() { HasText = port }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Associate", Exact = true }).ClickAsync();
    }
}

/// <summary>Project &gt; Network Topology: the normal view (networks as bars) and the graph view.</summary>
public sealed class TopologyPage(IPage page, string baseUrl) : ConsolePage(page, baseUrl)
{
    public const string Path = "/project/network-topology";

    public ILocator Diagram => Page.Locator("[data-testid=logical-topology]");

    public ILocator Instance(string name) => Diagram.Locator("g.vm").Filter(new() { HasText = name });

    /// <summary>The instance's ID, as the diagram keys its box.</summary>
    public async Task<string> InstanceIdAsync(string name) => (await Instance(name).GetAttributeAsync("data-key"))!["instance/".Length..];

    public async Task<ILocator> ShowGraphAsync()
    {
        await Page.Locator("[data-testid=view-graph]").ClickAsync();
        var graph = Page.Locator("[data-testid=graph-topology]");
        await Assertions.Expect(graph).ToBeVisibleAsync();
        return graph;
    }

    /// <summary>Drags <paramref name="node"/> by (dx, dy) with the mouse, in small steps as a hand does.</summary>
    public async Task DragAsync(ILocator node, float dx, float dy)
    {
        var box = (await node.BoundingBoxAsync())!;
        var (x, y) = (box.X + box.Width / 2, box.Y + box.Height / 2);
        await Page.Mouse.MoveAsync(x, y);
        await Page.Mouse.DownAsync();
        await Page.Mouse.MoveAsync(x + dx / 2, y + dy / 2, new() { Steps = 4 });
        await Page.Mouse.MoveAsync(x + dx, y + dy, new() { Steps = 4 });
        await Page.Mouse.UpAsync();
    }
}
