using Bunit;
using Dashboard.Core.Ovs;
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
}
