using Dashboard.Core.Hosts;
using Dashboard.Core.Networking;
using Dashboard.Core.Segmentation;
using Dashboard.Core.Tests.Support;

namespace Dashboard.Core.Tests.Hosts;

public class HostWiringTests
{
    [Fact]
    public async Task Bound_instance_is_wired_tap_qbr_qvb_qvo_into_br_int_with_its_local_vlan()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.RegisterHostsAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();
        var vm = await cloud.Instances.LaunchAsync(new InstanceSpec(Scenario.Demo, "VM01", [network.Id]) { HostName = "compute1" });
        var port = (await cloud.Ports.ListAsync(deviceId: vm.Id)).Single();

        var layout = await cloud.Nodes.LayoutAsync("compute1");

        var suffix = port.Id[..11];
        var vif = layout.Vifs.Single();
        Assert.Equal(($"tap{suffix}", $"qbr{suffix}", $"qvb{suffix}", $"qvo{suffix}", 1), (vif.Tap, vif.Qbr, vif.Qvb, vif.Qvo, vif.LocalVlan));
        Assert.Equal((network.SegmentationId, vm.Id), (vif.SegmentationId, vif.DeviceId));
        var brInt = layout.Bridges.Single(b => b.Name == "br-int");
        Assert.Contains(new OvsPort($"qvo{suffix}", OvsPortKind.Vif, 1, PortId: port.Id), brInt.Ports);
        Assert.Contains(new OvsPort("int-br-eth1", OvsPortKind.Patch, Peer: "phy-br-eth1"), brInt.Ports);
        var brEth1 = layout.Bridges.Single(b => b.Name == "br-eth1");
        Assert.Equal([new OvsPort("phy-br-eth1", OvsPortKind.Patch, Peer: "int-br-eth1"), new OvsPort("eth1", OvsPortKind.Physical)], brEth1.Ports);
        Assert.DoesNotContain(layout.Bridges, b => b.Name == "br-tun");
    }

    [Fact]
    public async Task Tunnel_networks_add_br_tun_with_a_port_per_other_host()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.RegisterHostsAsync();
        await cloud.Nodes.RegisterAsync("compute3", ["physnet1:br-eth1"], "192.168.56.13");
        await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "vx") { Provider = new Segment("vxlan") });

        var layout = await cloud.Nodes.LayoutAsync("compute1");

        var brTun = layout.Bridges.Single(b => b.Name == "br-tun");
        Assert.Equal(["patch-int", "vxlan-c0a8380c", "vxlan-c0a8380d"], brTun.Ports.Select(p => p.Name));
        Assert.Equal("192.168.56.12", brTun.Ports[1].RemoteIp);
        Assert.Contains(layout.Bridges.Single(b => b.Name == "br-int").Ports, p => p.Name == "patch-tun" && p.Peer == "patch-int");
    }

    [Fact]
    public async Task Deleting_an_instance_removes_its_wiring()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.RegisterHostsAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();
        var vm = await cloud.Instances.LaunchAsync(new InstanceSpec(Scenario.Demo, "VM01", [network.Id]) { HostName = "compute1" });

        await cloud.Instances.DeleteAsync(vm.Id);

        var layout = await cloud.Nodes.LayoutAsync("compute1");
        Assert.Empty(layout.Vifs);
        Assert.DoesNotContain(layout.Bridges.SelectMany(b => b.Ports), p => p.Kind == OvsPortKind.Vif);
        Assert.Empty(await cloud.Ports.ListAsync(network.Id));
    }

    [Fact]
    public async Task Launch_without_a_host_picks_the_least_loaded_enabled_one()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.RegisterHostsAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();
        await cloud.Instances.LaunchAsync(new InstanceSpec(Scenario.Demo, "a", [network.Id]) { HostName = "compute1" });

        var b = await cloud.Instances.LaunchAsync(new InstanceSpec(Scenario.Demo, "b", [network.Id]));
        await cloud.Nodes.SetEnabledAsync("compute2", false);
        var c = await cloud.Instances.LaunchAsync(new InstanceSpec(Scenario.Demo, "c", [network.Id]));

        Assert.Equal(("compute2", "compute1"), (b.HostName, c.HostName));
    }

    [Fact]
    public async Task Bridge_mappings_are_parsed_and_checked()
    {
        await using var cloud = await TestCloud.CreateAsync();

        var node = await cloud.Nodes.RegisterAsync("c9", ["physnet1:br-eth1", "physnet2:br-ex:ens4"]);

        Assert.Equal([new BridgeMapping("physnet1", "br-eth1", "eth1"), new BridgeMapping("physnet2", "br-ex", "ens4")], node.BridgeMappings);
        await Assert.ThrowsAsync<Errors.InvalidInputException>(() => cloud.Nodes.RegisterAsync("c10", ["physnet1"]));
        await Assert.ThrowsAsync<Errors.InvalidInputException>(() => cloud.Nodes.RegisterAsync("c11", ["physnet1:br-a", "physnet1:br-b"]));
        await Assert.ThrowsAsync<Errors.ConflictException>(() => cloud.Nodes.RegisterAsync("c9", ["physnet1:br-eth1"]));
    }
}
