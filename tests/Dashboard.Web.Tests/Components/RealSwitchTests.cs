using Bunit;
using Dashboard.Core.Ovs;
using Dashboard.Core.Hosts;
using Dashboard.Core.Networking;
using Dashboard.Web.Components.Pages.Admin.ComputeNodes;

namespace Dashboard.Web.Tests.Components;

/// <summary>
/// Compute Nodes with Agent:Mode=ovs: the realised node is marked, and its page shows the real switch
/// beside the model with the differences marked. (With a real switch the comparison itself is checked
/// in the core's OVS tests; here the page and the rendering of a comparison.)
/// </summary>
public sealed class RealSwitchTests() : ComponentTest(new Dictionary<string, string?>
{
    ["Agent:Mode"] = "ovs", ["Agent:OvsHost"] = "compute1", ["Agent:OvsRunDirectory"] = Path.Combine(Path.GetTempPath(), $"no-ovs-{Guid.NewGuid():N}"),
})
{
    [Fact]
    public async Task The_realised_node_is_marked_and_its_page_says_when_its_switch_cannot_be_read()
    {
        await SignInAsync("admin", "admin");

        var list = Render<ComputeNodes>();
        list.WaitForAssertion(() => Assert.Single(list.FindAll("[data-testid=realised-chip]")));
        Assert.Contains("compute1", list.Find("[data-testid=realised-chip]").Closest("td")!.TextContent);

        var realised = Render<ComputeNodeDetail>(p => p.Add(c => c.Host, "compute1"));
        realised.WaitForAssertion(() => Assert.Contains("Open vSwitch is not running in", realised.Find("[data-testid=switch-error]").TextContent));
        Assert.NotNull(realised.Find("[data-testid=realised-chip]"));

        var other = Render<ComputeNodeDetail>(p => p.Add(c => c.Host, "compute2"));
        other.WaitForAssertion(() => Assert.NotNull(other.Find("[data-testid=flows-br-int]")));
        Assert.Empty(other.FindAll("[data-testid=realised-chip]"));
        Assert.Empty(other.FindAll("[data-testid=switch-error]"));
    }

    [Fact]
    public void A_comparison_marks_what_is_missing_on_the_switch_what_only_the_switch_has_and_what_is_someone_elses()
    {
        var view = new RealSwitchView("compute1", "/tmp/dashboard-ovs", "Bridge br-int\n    fail_mode: secure",
        [
            new BridgeComparison("br-int", true,
                [new("qvo-same", Presence.Both), new("qvo-missing", Presence.ModelOnly), new("qvo-extra", Presence.SwitchOnly), new("eth9 (NIC not plugged)", Presence.NotRealised)],
                [new("cookie=0x1, table=60, priority=3 actions=NORMAL", Presence.Both), new("cookie=0x1, table=0, priority=2,in_port=\"qvo-missing\" actions=drop", Presence.ModelOnly),
                 new("cookie=0x1, table=0, priority=9 actions=drop", Presence.SwitchOnly), new("cookie=0x77, table=5, priority=1 actions=drop", Presence.Foreign)]),
        ]);

        var rendered = Render<SwitchComparison>(p => p.Add(c => c.View, view));

        Assert.Equal(4, view.Differences); // a missing and an extra port, a missing and an extra flow: not the foreign flow or the unplugged NIC
        Assert.Contains("4 differences", rendered.Find("[data-testid=switch-summary]").TextContent);
        Assert.Contains("fail_mode: secure", rendered.Find("[data-testid=vsctl-show]").TextContent);
        rendered.ClickOn(r => r.FindAll(".mud-tab").Single(t => t.TextContent.Contains("br-int", StringComparison.Ordinal)));
        Assert.Equal(["- qvo-missing", "- cookie=0x1, table=0, priority=2,in_port=\"qvo-missing\" actions=drop"], rendered.FindAll(".compared .diff-missing").Select(e => e.TextContent.Trim()));
        Assert.Equal(["+ qvo-extra", "+ cookie=0x1, table=0, priority=9 actions=drop"], rendered.FindAll(".compared .diff-extra").Select(e => e.TextContent.Trim()));
        Assert.Equal(["~ cookie=0x77, table=5, priority=1 actions=drop"], rendered.FindAll(".compared .diff-foreign").Select(e => e.TextContent.Trim()));

        var same = Render<SwitchComparison>(p => p.Add(c => c.View, view with { Bridges = [view.Bridges[0] with { Ports = [new("qvo-same", Presence.Both)], Flows = [new("f", Presence.Both), new("g", Presence.Foreign)] }] }));
        Assert.Contains("The switch matches the model", same.Find("[data-testid=switch-summary]").TextContent);
    }

    [Fact]
    public void The_real_switch_catching_up_refreshes_only_the_pages_that_show_it()
    {
        var done = new Dashboard.Core.Events.SwitchReconciled("compute1", TimeSpan.FromMilliseconds(120), DateTime.UtcNow);
        Assert.False(Dashboard.Web.Components.Shared.LiveRefresh.AffectsTopology(done)); // topologies and lists: the model did not change
        Assert.True(Dashboard.Web.Components.Shared.LiveRefresh.AffectsTopology(new Dashboard.Core.Events.AgentStateChanged("compute1", false, DateTime.UtcNow)));
    }

    [Fact]
    public async Task The_packet_tracer_puts_the_packet_through_the_real_switches_too_and_says_where_it_cannot()
    {
        await SignInAsync("admin", "admin");
        var instances = (await Get<InstanceService>().ListAsync()).ToDictionary(i => i.Name, i => i.Id);
        var ports = await Get<PortService>().ListAsync();
        var (vm01, vm05) = (ports.Single(p => p.DeviceId == instances["VM01"]).Id, ports.Single(p => p.DeviceId == instances["VM05"]).Id);

        // The model's way: the agents have wired the ports (simulated here, and reporting).
        await Get<Dashboard.Core.Agents.AgentHeartbeats>().ReportAsync();
        foreach (var host in new[] { "compute1", "compute2" })
        {
            await Get<PortService>().TransitionHostPortsAsync(host, [PortStatus.Build], PortStatus.Active, "wired in the test");
        }
        var navigation = Get<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo($"/admin/packet-tracer?source={vm01}&destination={vm05}");
        var page = Render<Dashboard.Web.Components.Pages.Admin.PacketTracerPage>();
        Assert.NotNull(page.Find("[data-testid=trace-realised]")); // hosts are realised here: offered, and on
        page.ClickOn(r => r.Find("[data-testid=trace-run] button, button[data-testid=trace-run]"));

        page.WaitForAssertion(() => Assert.True(page.FindAll("[data-testid=real-trace-verdict]").Count == 1, page.Markup[..Math.Min(page.Markup.Length, 3000)]), TimeSpan.FromSeconds(30));
        Assert.Contains("differ from the model", page.Find("[data-testid=real-trace-verdict]").TextContent);
        var stretches = page.FindAll("[data-testid=real-trace-stretch]").Select(s => s.TextContent).ToList();
        Assert.Contains(stretches, s => s.Contains("compute1", StringComparison.Ordinal) && s.Contains("Open vSwitch is not running in", StringComparison.Ordinal));
        Assert.Contains(stretches, s => s.Contains("compute2 is not realised on Open vSwitch here", StringComparison.Ordinal));
    }

    [Fact]
    public void A_real_trace_marks_the_step_the_real_switch_did_not_take_and_says_where_each_sends_the_packet()
    {
        var probe = new Dashboard.Core.Dataplane.TraceProbe("br-eth1", "eth1", new("fa:16:3e:00:00:01", "fa:16:3e:00:00:05", 1000), "10.0.0.3", "10.0.0.5", 1, 8, null);
        static Dashboard.Core.Dataplane.TraceHop Hop(string bridge, int table, string flow) => new("compute2", bridge, "ovs-bridge", "", "", table, flow);
        var same = new RealStretch("compute2", probe,
            [new(Hop("br-eth1", 0, "cookie=0x1, priority=0 actions=NORMAL"), new RealStep("br-eth1", 0, "priority 0, cookie 0x1", "NORMAL"))],
            new RealExit("qvo5", ""), [new RealExit("qvo5", "untagged")], "Flow: ...");
        var differs = same with
        {
            Steps = [.. same.Steps, new(Hop("br-int", 0, "cookie=0x1, priority=3,in_port=\"int-br-eth1\",dl_vlan=1000 actions=mod_vlan_vid:1,resubmit(,60)"), new RealStep("br-int", 0, "in_port=1, priority 2, cookie 0x1", "drop"))],
            Exits = [],
        };

        var rendered = Render<Dashboard.Web.Components.Pages.Admin.RealTraceView>(p => p.Add(c => c.Trace, new RealTrace([same], [differs])));

        Assert.Contains("differ from the model on compute2", rendered.Find("[data-testid=real-trace-verdict]").TextContent);
        var (there, back) = (rendered.FindAll("[data-testid=real-trace-stretch]")[0], rendered.FindAll("[data-testid=real-trace-stretch]")[1]);
        Assert.Contains("same", there.TextContent);
        Assert.Empty(there.QuerySelectorAll("tr.diff-missing"));
        Assert.Contains("the flows differ at step 2", back.TextContent);
        var marked = back.QuerySelectorAll("tr.diff-missing").Select(r => r.TextContent).ToList();
        Assert.Equal(2, marked.Count); // the step, and where it goes: the model's qvo5, the real switch drops it
        Assert.Contains("in_port=1, priority 2", marked[0]);
        Assert.Contains("out by qvo5", marked[1]);
        Assert.Contains("dropped", marked[1]);

        var none = Render<Dashboard.Web.Components.Pages.Admin.RealTraceView>(p => p.Add(c => c.Trace, new RealTrace([], [])));
        Assert.Contains("reaches no Open vSwitch bridge", none.Find("[data-testid=real-trace-verdict]").TextContent); // not "the same"
    }
}
