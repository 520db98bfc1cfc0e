using Dashboard.Core.Dataplane;
using Dashboard.Core.Networking;
using Dashboard.Core.SecurityGroups;
using Dashboard.Core.Segmentation;
using Dashboard.Core.Tests.Support;

namespace Dashboard.Core.Tests.Dataplane;

public class DataplaneTests
{
    [Fact]
    public async Task Vlan_network_flows_translate_local_vlan_and_segmentation_id_in_both_directions()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.RegisterHostsAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync(provider: new Segment("vlan", "physnet1", 1234));
        await cloud.LaunchAsync("VM01", "compute1", network.Id);

        var plane = await cloud.Get<DataplaneService>().ForHostAsync("compute1");

        var cookie = $"0x{FlowTables.AgentCookie("compute1"):x}";
        Assert.Equal(
            $" cookie={cookie}, priority=65535,vlan_tci=0x0fff/0x1fff actions=drop\n" +
            $" cookie={cookie}, priority=3,in_port=\"int-br-eth1\",dl_vlan=1234 actions=mod_vlan_vid:1,resubmit(,60)\n" +
            $" cookie={cookie}, priority=2,in_port=\"int-br-eth1\" actions=drop\n" +
            $" cookie={cookie}, priority=0 actions=resubmit(,60)\n" +
            $" cookie={cookie}, table=23, priority=0 actions=drop\n" +
            $" cookie={cookie}, table=60, priority=3 actions=NORMAL",
            plane.DumpFlows("br-int"));
        Assert.Equal(
            $" cookie={cookie}, priority=4,in_port=\"phy-br-eth1\",dl_vlan=1 actions=mod_vlan_vid:1234,NORMAL\n" +
            $" cookie={cookie}, priority=2,in_port=\"phy-br-eth1\" actions=drop\n" +
            $" cookie={cookie}, priority=0 actions=NORMAL",
            plane.DumpFlows("br-eth1"));
        Assert.NotEqual(FlowTables.AgentCookie("compute1"), FlowTables.AgentCookie("compute2"));
    }

    [Fact]
    public async Task Flat_network_strips_the_tag_on_the_way_out_and_matches_untagged_on_the_way_in()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.RegisterHostsAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync(provider: new Segment("flat", "physnet1"));
        await cloud.LaunchAsync("VM01", "compute1", network.Id);

        var plane = await cloud.Get<DataplaneService>().ForHostAsync("compute1");

        Assert.Contains("in_port=\"int-br-eth1\",vlan_tci=0x0000/0x1fff actions=mod_vlan_vid:1,resubmit(,60)", plane.DumpFlows("br-int"));
        Assert.Contains("in_port=\"phy-br-eth1\",dl_vlan=1 actions=strip_vlan,NORMAL", plane.DumpFlows("br-eth1"));
    }

    [Fact]
    public async Task Iptables_save_has_the_hybrid_firewall_chains_with_physdev_matches_and_the_groups_rules()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.RegisterHostsAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();
        var port = await cloud.LaunchAsync("VM01", "compute1", network.Id);
        var group = (await cloud.SecurityGroups.ListAsync(Scenario.Demo)).Single(g => g.Name == "default");
        await cloud.SecurityGroups.AddRuleAsync(group.Id, new SecurityGroupRuleSpec("ingress", Protocol: "tcp", PortRangeMin: 22, PortRangeMax: 22, RemoteIpPrefix: "192.168.0.0/16"));
        await cloud.SecurityGroups.AddRuleAsync(group.Id, new SecurityGroupRuleSpec("ingress", Protocol: "tcp", PortRangeMin: 8000, PortRangeMax: 8080));
        await cloud.SecurityGroups.AddRuleAsync(group.Id, new SecurityGroupRuleSpec("ingress", Protocol: "icmp", PortRangeMin: 8));

        var plane = await cloud.Get<DataplaneService>().ForHostAsync("compute1");
        var text = plane.IptablesSave();

        var i = $"neutron-openvswi-i{port.Id[..10]}";
        var ip = port.FixedIps.Single().IpAddress;
        Assert.StartsWith("*filter\n", text);
        Assert.EndsWith("COMMIT\n", text);
        Assert.Contains($":{i} - [0:0]", text);
        Assert.Contains($"-A neutron-openvswi-sg-chain -m physdev --physdev-out tap{port.Id[..11]} --physdev-is-bridged -m comment --comment \"Jump to the VM specific chain.\" -j {i}", text);
        Assert.Contains($"-A {i} -s 192.168.0.0/16 -p tcp -m tcp --dport 22 -j RETURN", text);
        Assert.Contains($"-A {i} -p tcp -m multiport --dports 8000:8080 -j RETURN", text);
        Assert.Contains($"-A {i} -p icmp -m icmp --icmp-type 8 -j RETURN", text);
        var ipset = HybridFirewall.IpsetName(group.Id);
        Assert.Equal(31, ipset.Length);
        Assert.Contains($"-A {i} -m set --match-set {ipset} src -j RETURN", text); // the default group's members, through their ipset
        Assert.Contains($"add {ipset} {ip}\n", plane.IpsetSave());
        Assert.Contains($"-s {ip}/32 -m mac --mac-source {port.MacAddress.ToUpperInvariant()}", text);
    }

    [Fact]
    public async Task Port_security_disabled_has_no_chains_and_accepts_everything()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.RegisterHostsAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync();
        var port = await cloud.LaunchAsync("VM01", "compute1", network.Id);
        await cloud.Ports.UpdateAsync(port.Id, new PortChanges { SecurityGroups = [], PortSecurityEnabled = false });

        var plane = await cloud.Get<DataplaneService>().ForHostAsync("compute1");

        Assert.DoesNotContain(port.Id[..10], plane.IptablesSave());
        Assert.True(HybridFirewall.Evaluate(plane.FirewallPorts.Single(), "ingress", new FirewallPacket(6, 5432, null, "203.0.113.9", false)).Accepted);
    }
}
