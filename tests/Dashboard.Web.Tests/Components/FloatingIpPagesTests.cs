using Bunit;
using Dashboard.Core.Agents;
using Dashboard.Core.Networking;
using Dashboard.Core.Routers;
using Dashboard.Web.Components.Pages.Admin.NetworkAgents;
using Dashboard.Web.Components.Pages.Project.FloatingIps;
using MudBlazor;

namespace Dashboard.Web.Tests.Components;

/// <summary>Project &gt; Floating IPs and Admin &gt; Network Agents on the demo cloud.</summary>
public class FloatingIpPagesTests : ComponentTest
{
    /// <summary>Opens a MudSelect by its label and picks the option whose text contains <paramref name="text"/>.</summary>
    private static void Choose(IRenderedComponent<MudDialogProvider> provider, IRenderedComponent<MudPopoverProvider> popovers, string label, string text)
    {
        // MudSelect opens on mouse-down of its input, found and pressed in one step on the renderer.
        provider.InvokeAsync(() => provider.FindAll(".mud-select").First(c => c.QuerySelector("label")?.TextContent.Trim().TrimEnd('*') == label)
            .QuerySelector(".mud-input-control")!.MouseDown()).GetAwaiter().GetResult();
        popovers.WaitForAssertion(() => Assert.Contains(popovers.FindAll(".mud-list-item"), i => i.TextContent.Contains(text, StringComparison.Ordinal)));
        popovers.ClickOn(r => r.FindAll(".mud-list-item").First(i => i.TextContent.Contains(text, StringComparison.Ordinal)));
    }

    private static void Press(IRenderedComponent<MudDialogProvider> provider, string button) =>
        provider.ClickOn(r => r.FindAll("button").Single(b => b.TextContent.Trim() == button));

    [Fact]
    public async Task The_page_lists_the_projects_floating_ips_with_what_they_map_to_and_the_quota()
    {
        await SignInAsync("demo", "demo");

        var page = Render<FloatingIps>();

        page.WaitForAssertion(() => Assert.Contains("VM05 10.0.0.", page.Markup));
        Assert.Contains("public", page.Find("tbody tr").TextContent);
        Assert.Contains("1 of 50 used", page.Find("[data-testid=fip-quota]").TextContent);
    }

    [Fact]
    public async Task Associating_with_a_port_no_router_joins_to_the_pool_says_why_beside_the_port_then_associates_with_VM01()
    {
        await SignInAsync("demo", "demo");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var publicNet = (await Get<NetworkService>().ListAsync()).Single(n => n.Name == "public");
        var island = await Get<NetworkService>().CreateAsync(new NetworkSpec(caller.ProjectId, "island"));
        await Get<SubnetService>().CreateAsync(new SubnetSpec(island.Id, "10.44.0.0/24"));
        await Get<PortService>().CreateAsync(new PortSpec(island.Id, caller.ProjectId) { Name = "stranded" });
        var floatingIp = await Get<FloatingIpService>().CreateAsync(new FloatingIpSpec(caller.ProjectId, publicNet.Id));
        var provider = await OpenDialogAsync(new DialogParameters<AssociateFloatingIpDialog> { { d => d.Caller, caller }, { d => d.FloatingIp, floatingIp } });
        var popovers = Popovers;

        Choose(provider, popovers, "Port to be associated", "stranded: 10.44.0.");
        Press(provider, "Associate");
        provider.WaitForAssertion(() => Assert.Contains("is not reachable from subnet", provider.Find(".mud-input-helper-text.mud-input-error, .mud-input-error").TextContent));
        Assert.Null((await Get<FloatingIpService>().GetAsync(floatingIp.Id)).PortId);

        Choose(provider, popovers, "Port to be associated", "VM01: 10.0.0.");
        Press(provider, "Associate");
        provider.WaitForAssertion(() => Assert.NotNull(Get<FloatingIpService>().GetAsync(floatingIp.Id).Result.PortId));
    }

    [Fact]
    public async Task From_an_instances_row_a_new_address_is_allocated_and_associated_in_one_step_and_the_quota_is_said_beside_the_address()
    {
        await SignInAsync("demo", "demo");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        var vm01 = (await Get<Dashboard.Core.Hosts.InstanceService>().ListAsync(caller.ProjectId)).Single(i => i.Name == "VM01");
        await Get<Dashboard.Core.Quotas.QuotaService>().SetAsync(caller.ProjectId, new Dictionary<string, long> { ["floatingip"] = 1 });
        var provider = await OpenDialogAsync(new DialogParameters<AssociateFloatingIpDialog> { { d => d.Caller, caller }, { d => d.InstanceId, vm01.Id } });

        Press(provider, "Associate");
        provider.WaitForAssertion(() => Assert.Contains("Quota exceeded for resources: ['floatingip']", provider.Find(".mud-input-error").TextContent));
        Assert.Single(await Get<FloatingIpService>().ListAsync(caller.ProjectId));

        await Get<Dashboard.Core.Quotas.QuotaService>().SetAsync(caller.ProjectId, new Dictionary<string, long> { ["floatingip"] = 2 });
        Press(provider, "Associate");
        provider.WaitForAssertion(() => Assert.Contains(Get<FloatingIpService>().ListAsync(caller.ProjectId).Result, f => f.FixedIpAddress == "10.0.0.3"));
    }

    [Fact]
    public async Task Network_agents_lists_every_agent_and_the_l3_agents_routers_and_stopping_one_shows_it_down()
    {
        await SignInAsync("admin", "admin");
        await Get<AgentHeartbeats>().ReportAsync();

        var page = Render<NetworkAgents>();

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid^=state-]").Count));
        Assert.Contains("router1", page.Find("[data-testid=router-on-network1]").TextContent);
        Assert.Contains("Up", page.Find("[data-testid=state-network1-neutron-l3-agent]").TextContent);
        page.ClickOn(r => r.FindAll("button").Single(b => b.GetAttribute("aria-label") == "Stop neutron-l3-agent on network1"));
        page.WaitForAssertion(() => Assert.Contains("Down", page.Find("[data-testid=state-network1-neutron-l3-agent]").TextContent));
        Assert.Contains("Up", page.Find("[data-testid=state-network1-neutron-dhcp-agent]").TextContent);
        Assert.False(Get<AgentStates>().IsRunning("network1", AgentTypes.L3));
    }
}
