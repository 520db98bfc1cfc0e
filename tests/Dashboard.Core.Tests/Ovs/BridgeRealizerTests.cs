using Dashboard.Core.Dataplane;
using Dashboard.Core.Ovs;
using Dashboard.Core.Tests.Support;

namespace Dashboard.Core.Tests.Ovs;

/// <summary>
/// The model's bridges, patches and flows applied to a real userspace Open vSwitch started here
/// (needs root and openvswitch-switch; skipped, saying why, otherwise).
/// </summary>
[Collection(RealOvs.Collection)]
public sealed class BridgeRealizerTests(OwnSwitch own) : IClassFixture<OwnSwitch>
{
    private readonly OvsDaemons? _daemons = own.Daemons;

    private Task<string> RunVsctl(string[] args) => _daemons!.VsctlAsync(args);

    [SkippableFact]
    public async Task Bridges_patches_and_flows_are_applied_marked_as_ours_and_foreign_ones_are_left_alone()
    {
        Skip.If(_daemons is null, "needs root and Open vSwitch (openvswitch-switch) to run a userspace switch");
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.RegisterHostsAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();
        await cloud.LaunchAsync("VM01", "compute1", network.Id);
        var plane = await cloud.Get<DataplaneService>().ForHostAsync("compute1");
        await RunVsctl(["add-br", "br-foreign", "--", "set", "Bridge", "br-foreign", "datapath_type=netdev"]);
        await using var ovsdb = await OvsdbClient.ConnectAsync(_daemons!.Socket);
        var realizer = new BridgeRealizer(ovsdb, _daemons);

        await realizer.ReconcileAsync(plane);
        await realizer.ApplyFlowsAsync(plane);
        await realizer.ReconcileAsync(plane); // a second pass changes nothing and duplicates nothing
        await realizer.ApplyFlowsAsync(plane);

        var bridges = await realizer.BridgesAsync();
        Assert.Equal(("compute1", "compute1", null), (bridges["br-int"].Owner, bridges["br-eth1"].Owner, bridges["br-foreign"].Owner));
        Assert.Equal("phy-br-eth1", (await RunVsctl(["get", "Interface", "int-br-eth1", "options:peer"])).Trim().Trim('"'));
        var flows = await _daemons.OfctlAsync(["--no-stats", "dump-flows", "br-int"]);
        var cookie = $"cookie=0x{FlowTables.AgentCookie("compute1"):x}";
        Assert.Equal(plane.Flows["br-int"].Count, flows.Split('\n').Count(l => l.Contains(cookie, StringComparison.Ordinal)));
        Assert.Contains($"dl_vlan={network.SegmentationId} actions=mod_vlan_vid:1,resubmit(,60)", flows);
        Assert.Contains("mod_vlan_vid:" + network.SegmentationId, await _daemons.OfctlAsync(["--no-stats", "dump-flows", "br-eth1"]));

        // Someone else's flow on our bridge survives our next pass; our own are replaced, not added twice.
        await _daemons.OfctlAsync(["add-flow", "br-int", "cookie=0x1,table=5,priority=1,actions=drop"]);
        await realizer.ReconcileAsync(plane);
        await realizer.ApplyFlowsAsync(plane);
        flows = await _daemons.OfctlAsync(["--no-stats", "dump-flows", "br-int"]);
        Assert.Contains("cookie=0x1, table=5", flows);
        Assert.Equal(plane.Flows["br-int"].Count, flows.Split('\n').Count(l => l.Contains(cookie, StringComparison.Ordinal)));

        await realizer.RemoveOwnAsync("compute1");
        bridges = await realizer.BridgesAsync();
        Assert.Equal(["br-foreign"], bridges.Keys);
    }
}
