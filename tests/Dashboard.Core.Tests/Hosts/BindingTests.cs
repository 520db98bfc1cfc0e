using Dashboard.Core.Hosts;
using Dashboard.Core.Networking;
using Dashboard.Core.Segmentation;
using Dashboard.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Tests.Hosts;

public class BindingTests
{
    [Fact]
    public async Task Binding_to_a_mapped_host_gives_ovs_hybrid_plug_and_BUILD()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.RegisterHostsAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();

        var port = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { HostId = "compute1" });

        Assert.Equal((PortStatus.Build, VifTypes.Ovs, "compute1"), (port.Status, port.VifType, port.BindingHostId));
        Assert.Equal(true, port.VifDetails["ovs_hybrid_plug"]);
        Assert.Equal(true, port.VifDetails["port_filter"]);
    }

    [Theory]
    [InlineData("nowhere")]   // unknown host
    [InlineData("disabled")]  // disabled host
    [InlineData("unmapped")]  // no bridge mapping for physnet1
    public async Task Binding_that_cannot_be_made_fails_with_ERROR(string host)
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.Nodes.RegisterAsync("disabled", ["physnet1:br-eth1"]);
        await cloud.Nodes.SetEnabledAsync("disabled", false);
        await cloud.Nodes.RegisterAsync("unmapped", ["physnet2:br-eth2"]);
        var (network, _) = await cloud.NetworkWithSubnetAsync();

        var port = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { HostId = host });

        Assert.Equal((PortStatus.Error, VifTypes.BindingFailed), (port.Status, port.VifType));
        Assert.Equal(0, await cloud.QueryAsync(db => db.LocalVlans.CountAsync()));
    }

    [Fact]
    public async Task Tunnel_network_binds_only_on_a_host_with_a_tunnel_endpoint()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.RegisterHostsAsync();
        await cloud.Nodes.RegisterAsync("no-tunnel", ["physnet1:br-eth1"]);
        var network = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "vx") { Provider = new Segment("vxlan", null, 77) });

        var ok = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { HostId = "compute1" });
        var failed = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { HostId = "no-tunnel" });

        Assert.Equal(VifTypes.Ovs, ok.VifType);
        Assert.Equal(VifTypes.BindingFailed, failed.VifType);
    }

    [Fact]
    public async Task Local_vlan_is_per_host_allocated_on_first_port_and_freed_with_the_last()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.RegisterHostsAsync();
        var (netA, _) = await cloud.NetworkWithSubnetAsync("10.0.0.0/24");
        var (netB, _) = await cloud.NetworkWithSubnetAsync("10.1.0.0/24");

        var a1 = await cloud.Ports.CreateAsync(new PortSpec(netA.Id, Scenario.Demo) { HostId = "compute1" });
        var a2 = await cloud.Ports.CreateAsync(new PortSpec(netA.Id, Scenario.Demo) { HostId = "compute1" });
        var b1 = await cloud.Ports.CreateAsync(new PortSpec(netB.Id, Scenario.Demo) { HostId = "compute1" });
        var b2 = await cloud.Ports.CreateAsync(new PortSpec(netB.Id, Scenario.Demo) { HostId = "compute2" });

        async Task<Dictionary<(string, string), int>> Vlans() =>
            await cloud.QueryAsync(db => db.LocalVlans.ToDictionaryAsync(v => (v.HostName, v.NetworkId), v => v.Vlan));
        var vlans = await Vlans();
        Assert.Equal(1, vlans[("compute1", netA.Id)]);
        Assert.Equal(2, vlans[("compute1", netB.Id)]);
        Assert.Equal(1, vlans[("compute2", netB.Id)]);

        await cloud.Ports.DeleteAsync(a1.Id);
        Assert.True((await Vlans()).ContainsKey(("compute1", netA.Id)));
        await cloud.Ports.UpdateAsync(a2.Id, new PortChanges { HostId = "" });
        Assert.False((await Vlans()).ContainsKey(("compute1", netA.Id)));
        await cloud.Ports.DeleteAsync(b1.Id);
        await cloud.Ports.DeleteAsync(b2.Id);
        Assert.Empty(await Vlans());
    }

    [Fact]
    public async Task Admin_down_port_is_DOWN_and_back_to_BUILD_when_up()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.RegisterHostsAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();
        var port = await cloud.Ports.CreateAsync(new PortSpec(network.Id, Scenario.Demo) { HostId = "compute1" });

        var down = await cloud.Ports.UpdateAsync(port.Id, new PortChanges { AdminStateUp = false });
        var layout = await cloud.Nodes.LayoutAsync("compute1");
        var up = await cloud.Ports.UpdateAsync(port.Id, new PortChanges { AdminStateUp = true });

        Assert.Equal(PortStatus.Down, down.Status);
        Assert.Equal(HostWiring.DeadVlan, layout.Vifs.Single().LocalVlan);
        Assert.Equal(PortStatus.Build, up.Status);
    }
}
