using Bunit;
using Dashboard.Core.Hosts;
using Dashboard.Core.Networking;
using Dashboard.Web.Components.Pages.Admin;
using Dashboard.Web.Components.Pages.Project.Topology;
using Dashboard.Web.Components.Shared;

namespace Dashboard.Web.Tests.Components;

public class TopologyTests : ComponentTest
{
    private async Task<Port> PortOfAsync(string instance)
    {
        var vm = (await Get<InstanceService>().ListAsync()).Single(i => i.Name == instance);
        return (await Get<PortService>().ListAsync(deviceId: vm.Id)).Single();
    }

    [Fact]
    public async Task Logical_topology_draws_the_projects_networks_router_and_instances_with_port_colours()
    {
        await SignInAsync("demo", "demo");

        var page = Render<NetworkTopology>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=logical-topology]")));
        var keys = page.FindAll("[data-testid=logical-topology] g[data-key]").Select(g => g.GetAttribute("data-key")!).ToList();
        var networks = (await Get<NetworkService>().ListAsync()).ToDictionary(n => n.Name, n => n.Id);
        Assert.Contains($"net/{networks["public"]}", keys);
        Assert.Contains($"net/{networks["private"]}", keys);
        Assert.DoesNotContain($"net/{networks["alt_private"]}", keys); // another project's network
        var vm01 = (await Get<InstanceService>().ListAsync()).Single(i => i.Name == "VM01");
        Assert.Contains($"instance/{vm01.Id}", keys);
        var others = (await Get<InstanceService>().ListAsync()).Where(i => i.ProjectId != vm01.ProjectId).Select(i => $"instance/{i.Id}").ToList();
        Assert.NotEmpty(others);
        Assert.Empty(keys.Intersect(others));
        var link = page.Find($"g[data-key='instance/{vm01.Id}~net/{networks["private"]}']");
        Assert.Contains("st-build", link.GetAttribute("class")); // bound, not yet wired: no agent runs here
        Assert.Contains("10.0.0.", link.TextContent);
        Assert.Contains("public", page.Find($"g[data-key='net/{networks["public"]}']").TextContent);
        Assert.Contains("external", page.Find($"g[data-key='net/{networks["public"]}']").GetAttribute("class"));
    }

    [Fact]
    public async Task A_port_set_admin_down_turns_grey_without_a_reload_and_the_panel_shows_the_node()
    {
        await SignInAsync("demo", "demo");
        var page = Render<NetworkTopology>();
        var port = await PortOfAsync("VM02");
        var key = $"instance/{port.DeviceId}";
        page.WaitForAssertion(() => Assert.NotNull(page.Find($"g[data-key='{key}']")));

        await Get<PortService>().UpdateAsync(port.Id, new PortChanges { AdminStateUp = false });

        page.WaitForAssertion(() => Assert.Contains("st-admin-down", page.Find($"g[data-key='{key}']").GetAttribute("class")));
        await page.Find($"g[data-key='{key}']").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("Instance VM02", page.Find("[data-testid=topology-panel]").TextContent));
        Assert.Contains("ADMIN DOWN", page.Find("[data-testid=topology-panel]").TextContent);
    }

    [Fact]
    public async Task Search_marks_matches_and_filter_keeps_only_matching_networks()
    {
        await SignInAsync("demo", "demo");
        var page = Render<NetworkTopology>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=logical-topology]")));
        var vm05 = (await Get<InstanceService>().ListAsync()).Single(i => i.Name == "VM05");

        page.Find("input[data-testid=topology-search]").Input("VM05");
        page.WaitForAssertion(() => Assert.Contains("match", page.Find($"g[data-key='instance/{vm05.Id}']").GetAttribute("class")));
        Assert.Single(page.FindAll("g.match"));

        page.Find("input[data-testid=topology-filter]").Input("public");
        page.WaitForAssertion(() => Assert.Single(page.FindAll("g.netbar")));
        Assert.Empty(page.FindAll($"g[data-key='instance/{vm05.Id}']"));
    }

    [Fact]
    public async Task Physical_topology_draws_each_hosts_chain_bridges_nics_and_the_wire_with_its_vlans()
    {
        await SignInAsync("admin", "admin");
        var vm01 = await PortOfAsync("VM01");
        var suffix = vm01.Id[..11];

        var page = Render<PhysicalTopology>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=physical-topology]")));
        foreach (var device in new[] { "VM01", $"tap{suffix}", $"qbr{suffix}", $"qvb{suffix}", $"qvo{suffix}", "br-int", "int-br-eth1", "phy-br-eth1", "br-eth1", "eth1" })
        {
            Assert.NotNull(page.Find($"g[data-key='compute1/{device}']"));
        }
        Assert.Contains("tag ", page.Find($"g[data-key='compute1/qvo{suffix}']").TextContent);
        var private_ = (await Get<NetworkService>().ListAsync()).Single(n => n.Name == "private");
        Assert.Contains($"VLAN {private_.SegmentationId} (private)", page.Find("g[data-key='wire/physnet1']").TextContent);
        Assert.Contains("st-build", page.Find("g[data-key='compute1/VM01']").GetAttribute("class"));
    }

    [Fact]
    public async Task Compute_node_page_shows_flows_and_iptables_rules()
    {
        await SignInAsync("admin", "admin");

        var page = Render<Dashboard.Web.Components.Pages.Admin.ComputeNodes.ComputeNodeDetail>(p => p.Add(c => c.Host, "compute1"));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=flows-br-int]")));
        Assert.Contains("table=60, priority=3 actions=NORMAL", page.Find("[data-testid=flows-br-int]").TextContent);
        Assert.Contains("dl_vlan=", page.Find("[data-testid=flows-br-int]").TextContent);
    }

    [Fact]
    public async Task Fit_keeps_labels_readable_by_grouping_instances_and_the_graph_view_shows_the_same_things()
    {
        await SignInAsync("demo", "demo");
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        for (var i = 0; i < 8; i++)
        {
            await Get<NetworkService>().CreateAsync(new NetworkSpec(caller.ProjectId, $"wide{i}"));
        }
        var page = Render<NetworkTopology>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=logical-topology]")));

        page.ClickOn(p => p.Find("[aria-label=Fit]"));

        var svg = page.Find("[data-testid=logical-topology]");
        var drawn = double.Parse(svg.GetAttribute("width")!, System.Globalization.CultureInfo.InvariantCulture);
        var full = double.Parse(svg.GetAttribute("viewBox")!.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(drawn / full >= NetworkTopology.MinReadableZoom - 1e-9, $"drawn at {drawn / full:0.00} of its size");
        Assert.True(full > NetworkTopology.FitWidth, "this picture is wider than the frame: it is panned, not shrunk");
        Assert.NotEmpty(page.FindAll("[data-testid=logical-topology] g.group")); // the instances condensed into groups
        var normalKeys = page.FindAll("[data-testid=logical-topology] g[data-key]").Select(g => g.GetAttribute("data-key")).Where(k => !k!.Contains('~')).Order().ToList();

        page.ClickOn(p => p.Find("[data-testid=view-graph]"));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=graph-topology]")));
        Assert.Empty(page.FindAll("[data-testid=logical-topology]"));
        var graphKeys = page.FindAll("[data-testid=graph-topology] g[data-key]").Select(g => g.GetAttribute("data-key")).Where(k => !k!.Contains('~')).Order().ToList();
        Assert.Equal(normalKeys, graphKeys); // the same networks, routers and groups
        Assert.Contains(graphKeys, k => k!.StartsWith("router/", StringComparison.Ordinal));
        page.ClickOn(p => p.Find("[data-testid=view-normal]"));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=logical-topology]")));
    }

    [Fact]
    public async Task Instance_boxes_name_their_host_to_operators_only()
    {
        var vm01 = (await Get<InstanceService>().ListAsync()).Single(i => i.Name == "VM01");
        await SignInAsync("demo", "demo");
        var tenant = Render<NetworkTopology>();
        tenant.WaitForAssertion(() => Assert.NotNull(tenant.Find($"g[data-key='instance/{vm01.Id}']")));
        Assert.DoesNotContain("compute1", tenant.Find($"g[data-key='instance/{vm01.Id}']").TextContent);
        Assert.DoesNotContain("compute", tenant.Find("[data-testid=logical-topology]").TextContent);

        await SignInAsync("admin", "admin");
        var admin = Render<NetworkTopology>();
        admin.WaitForAssertion(() => Assert.NotEmpty(admin.FindAll("[data-testid=topology-scope]")));
        await admin.InvokeAsync(() => admin.FindComponent<MudBlazor.MudSelect<string>>().Instance.SelectOption("*"));
        admin.WaitForAssertion(() => Assert.Contains("compute1", admin.Find($"g[data-key='instance/{vm01.Id}']").TextContent));
    }

    [Fact]
    public async Task A_graph_node_dragged_moves_with_its_links_and_stays_there_through_a_live_redraw()
    {
        await SignInAsync("demo", "demo");
        var router = (await Get<Dashboard.Core.Routers.RouterService>().ListAsync()).Single(r => r.Name == "router1");
        var key = $"router/{router.Id}";
        var page = Render<NetworkTopology>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=view-graph]")));
        page.ClickOn(p => p.Find("[data-testid=view-graph]"));
        page.WaitForAssertion(() => Assert.NotNull(page.Find($"[data-testid=graph-topology] g[data-key='{key}']")));
        double X(string k) => double.Parse(page.Find($"g[data-key='{k}'] rect").GetAttribute("x")!, System.Globalization.CultureInfo.InvariantCulture);
        var before = X(key);

        await page.InvokeAsync(() => page.Find($"g[data-key='{key}']").MouseDown(new Microsoft.AspNetCore.Components.Web.MouseEventArgs { ClientX = 100, ClientY = 100 }));
        await page.InvokeAsync(() => page.Find("[data-testid=graph-topology]").MouseMove(new Microsoft.AspNetCore.Components.Web.MouseEventArgs { ClientX = 160, ClientY = 130 }));
        await page.InvokeAsync(() => page.Find("[data-testid=graph-topology]").MouseUp(new Microsoft.AspNetCore.Components.Web.MouseEventArgs { ClientX = 160, ClientY = 130 }));

        page.WaitForAssertion(() => Assert.Equal(before + 60, X(key), 1));
        var link = page.FindAll("[data-testid=graph-topology] g[data-key]").First(g => g.GetAttribute("data-key")!.StartsWith(key + "~", StringComparison.Ordinal)).QuerySelector("line")!;
        Assert.Equal(before + 60 + 65, double.Parse(link.GetAttribute("x1")!, System.Globalization.CultureInfo.InvariantCulture), 1); // from the node's new centre

        // A move after the button is let go moves nothing; a live redraw keeps the node where it was put.
        await page.InvokeAsync(() => page.Find("[data-testid=graph-topology]").MouseMove(new Microsoft.AspNetCore.Components.Web.MouseEventArgs { ClientX = 400, ClientY = 400 }));
        var caller = await Get<Dashboard.Web.Account.CurrentUser>().CallerAsync();
        await Get<NetworkService>().CreateAsync(new NetworkSpec(caller.ProjectId, "live-one"));
        page.WaitForAssertion(() => Assert.Contains("live-one", page.Find("[data-testid=graph-topology]").TextContent));
        Assert.Equal(before + 60, X(key), 1);
    }
}
