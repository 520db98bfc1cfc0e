using Microsoft.Playwright;

namespace Dashboard.Web.Tests.Journeys.Pages;

/// <summary>Admin &gt; Compute Nodes: every host with its agent, and each host's page with its bridges and VMs' wiring.</summary>
public sealed class ComputeNodesPage(IPage page, string baseUrl) : ConsolePage(page, baseUrl)
{
    public const string Path = "/admin/compute-nodes";

    public ILocator Host(string name) => Row(name);

    /// <summary>A bridge's card on a host's page (br-int, br-eth1...).</summary>
    public ILocator Bridge(string name) => Page.Locator($"[data-testid=bridge-{name}]");

    public ILocator PhysicalNode(string key) => DiagramNode("physical-topology", key);

    public async Task OpenHostAsync(string name) => await Host(name).GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();

    public async Task StopAgentAsync(string host) => await Button($"Stop agent {host}").ClickAsync();

    public async Task StartAgentAsync(string host) => await Button($"Start agent {host}").ClickAsync();
}

/// <summary>Admin &gt; Network Agents: each host's OVS, L3 and DHCP agents, with what each serves.</summary>
public sealed class NetworkAgentsPage(IPage page, string baseUrl) : ConsolePage(page, baseUrl)
{
    public const string Path = "/admin/network-agents";

    public ILocator State(string host, string binary) => Page.Locator($"[data-testid='state-{host}-{binary}']");

    public ILocator RoutersOn(string host) => Page.Locator($"[data-testid=router-on-{host}]");

    public ILocator StartButton(string binary, string host) => Button($"Start {binary} on {host}");

    public async Task StopAsync(string binary, string host) => await Button($"Stop {binary} on {host}").ClickAsync();
}

/// <summary>Admin &gt; Packet Tracer: a packet's path through the model, with the path drawn on the physical view.</summary>
public sealed class PacketTracerPage(IPage page, string baseUrl) : ConsolePage(page, baseUrl)
{
    public const string Path = "/admin/packet-tracer";

    public ILocator Verdict => Page.Locator("[data-testid=trace-verdict]");

    public ILocator Hops => Page.Locator("[data-testid=trace-hops]");

    /// <summary>A node of the physical view drawn as on the path (<c>hl</c>) or off it (<c>dim</c>), by its key or key prefix.</summary>
    public ILocator Marked(string mark, string key, string kind = "g", bool prefix = false) =>
        Page.Locator($"[data-testid=physical-topology] {kind}.{mark}[data-key{(prefix ? "^" : "")}='{key}']");

    /// <summary>Traces from one instance to another, both chosen by name.</summary>
    public async Task TraceAsync(string source, string destination)
    {
        await Page.GetByLabel("Source", new() { Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Option).Filter(new() { HasText = source }).ClickAsync();
        await Page.GetByLabel("Destination", new() { Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Option).Filter(new() { HasText = destination }).ClickAsync();
        await Page.Locator("[data-testid=trace-run]").ClickAsync();
    }

    /// <summary>Traces from outside the cloud (the external network's far side) to an address.</summary>
    public async Task TraceFromOutsideAsync(string address)
    {
        await Page.GetByLabel("Source", new() { Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Option).Filter(new() { HasText = "From outside" }).ClickAsync();
        await Page.GetByRole(AriaRole.Radio, new() { Name = "IP address" }).ClickAsync();
        await Page.GetByLabel("Destination IP").FillAsync(address);
        await Page.Locator("[data-testid=trace-run]").ClickAsync();
    }
}

/// <summary>Admin &gt; Segmentation: each pool of segmentation IDs with its holders.</summary>
public sealed class SegmentationPage(IPage page, string baseUrl) : ConsolePage(page, baseUrl)
{
    public const string Path = "/admin/segmentation";

    public ILocator Pool(string type, string physicalNetwork = "") => Page.Locator($"[data-testid=pool-{type}-{physicalNetwork}]");

    public ILocator Holder(string type, string physicalNetwork, string network) =>
        Pool(type, physicalNetwork).GetByRole(AriaRole.Row).Filter(new() { HasText = network });
}
