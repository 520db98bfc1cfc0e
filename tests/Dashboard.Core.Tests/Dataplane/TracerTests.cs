using Dashboard.Core.Agents;
using Dashboard.Core.Dataplane;
using Dashboard.Core.Hosts;
using Dashboard.Core.Networking;
using Dashboard.Core.Routers;
using Dashboard.Core.SecurityGroups;
using Dashboard.Core.Segmentation;
using Dashboard.Core.Tests.Support;

namespace Dashboard.Core.Tests.Dataplane;

public class TracerTests
{
    /// <summary>compute1 with VM01 and VM02, compute2 with VM05, all on one VLAN network, every port wired by a live agent.</summary>
    private static async Task<(TestCloud Cloud, Network Network, Port Vm01, Port Vm02, Port Vm05)> SeedAsync(Segment? provider = null)
    {
        var cloud = await TestCloud.CreateAsync();
        await cloud.RegisterHostsAsync();
        var (network, _) = await cloud.NetworkWithSubnetAsync(provider: provider);
        var vm01 = await cloud.LaunchAsync("VM01", "compute1", network.Id);
        var vm02 = await cloud.LaunchAsync("VM02", "compute1", network.Id);
        var vm05 = await cloud.LaunchAsync("VM05", "compute2", network.Id);
        await cloud.WireAsync();
        return (cloud, network, vm01, vm02, vm05);
    }

    private static Task<TraceResult> TraceAsync(TestCloud cloud, Port from, Port to, string protocol = "icmp", int? port = null) =>
        cloud.Get<PacketTracer>().TraceAsync(new TraceRequest(from.Id, DestinationPortId: to.Id, Protocol: protocol, DestinationPort: port));

    private static List<string> Devices(TraceResult trace) => trace.Hops.Select(h => h.Device).ToList();

    [Fact]
    public async Task Same_host_goes_tap_qbr_qvb_qvo_br_int_and_up_again_without_leaving_the_host()
    {
        var (cloud, _, vm01, vm02, _) = await SeedAsync();
        await using var _c = cloud;

        var trace = await TraceAsync(cloud, vm01, vm02);

        Assert.True(trace.Delivered, trace.Reason);
        var (a, b) = (vm01.Id[..11], vm02.Id[..11]);
        Assert.Equal(
            ["VM01", $"tap{a}", $"qbr{a}", $"qvb{a} -> qvo{a}", $"qvo{a}", "br-int", "br-int", $"qvo{b}", $"qvo{b} -> qvb{b}", $"qbr{b}", $"tap{b}", "VM02"],
            Devices(trace));
        Assert.All(trace.Hops, h => Assert.Equal("compute1", h.Host));
        var normal = trace.Hops.Single(h => h.Table == 60);
        Assert.Equal(("NORMAL", "local VLAN 1"), (normal.Actions, normal.Tag));
        Assert.Contains("accept".ToUpperInvariant(), trace.Hops.Single(h => h.Device == $"qbr{b}").Detail);
    }

    [Fact]
    public async Task Cross_host_vlan_goes_through_the_patch_pair_br_eth1_and_the_wire_with_the_segmentation_id()
    {
        var (cloud, network, vm01, _, vm05) = await SeedAsync();
        await using var _c = cloud;
        var seg = network.SegmentationId!.Value;

        var trace = await TraceAsync(cloud, vm01, vm05);

        Assert.True(trace.Delivered, trace.Reason);
        var collapsed = Devices(trace).Where((d, i) => i == 0 || d != trace.Hops[i - 1].Device).ToList();
        string[] path = ["br-int", "int-br-eth1 -> phy-br-eth1", "br-eth1", "eth1", "eth1 -> eth1", "eth1", "br-eth1", "phy-br-eth1 -> int-br-eth1", "br-int"];
        var start = collapsed.IndexOf("br-int");
        Assert.Equal(path, collapsed.Skip(start).Take(path.Length));
        var outbound = trace.Hops.First(h => h.Device == "br-eth1");
        Assert.Equal((0, $"mod_vlan_vid:{seg},NORMAL", $"VLAN {seg} (segmentation ID)"), (outbound.Table!.Value, outbound.Actions, outbound.Tag));
        var wire = trace.Hops.Single(h => h.Kind == "wire");
        Assert.Equal(("compute1 -> compute2", $"VLAN {seg}"), (wire.Host, wire.Tag));
        var inbound = trace.Hops.Last(h => h.Device == "br-int" && h.Table == 0);
        Assert.Equal("compute2", inbound.Host);
        Assert.Contains($"in_port=\"int-br-eth1\",dl_vlan={seg}", inbound.Flow);
        Assert.Equal("mod_vlan_vid:1,resubmit(,60)", inbound.Actions);
        Assert.Equal("VM05", trace.Hops[^1].Device);
    }

    [Fact]
    public async Task Tunnel_network_goes_through_br_tun_tables_with_the_tunnel_id()
    {
        var (cloud, network, vm01, _, vm05) = await SeedAsync(new Segment("vxlan"));
        await using var _c = cloud;
        var vni = network.SegmentationId!.Value;

        var trace = await TraceAsync(cloud, vm01, vm05);

        Assert.True(trace.Delivered, trace.Reason);
        var tun = trace.Hops.Where(h => h.Device == "br-tun").ToList();
        Assert.Equal([("compute1", 0), ("compute1", 2), ("compute1", 20), ("compute2", 0), ("compute2", 4), ("compute2", 10)],
            tun.Select(h => (h.Host, h.Table!.Value)));
        Assert.Contains($"load:0x{vni:x}->NXM_NX_TUN_ID[]", tun[2].Actions);
        Assert.Equal($"tunnel ID {vni}", trace.Hops.Single(h => h.Kind == "tunnel").Tag);
        Assert.Equal("vxlan-c0a8380c", trace.Hops.Single(h => h.Kind == "tunnel").Device);
        Assert.Contains("patch-int", tun[^1].Actions);
        Assert.DoesNotContain(trace.Hops, h => h.Device.Contains("eth1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Between_subnets_it_goes_through_the_router_that_joins_them_otherwise_different_networks()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.RegisterHostsAsync();
        var (net1, sub1) = await cloud.NetworkWithSubnetAsync("10.0.0.0/24");
        var (net2, sub2) = await cloud.NetworkWithSubnetAsync("10.0.1.0/24");
        var a = await cloud.LaunchAsync("a", "compute1", net1.Id);
        var b = await cloud.LaunchAsync("b", "compute2", net2.Id);
        await cloud.WireAsync();

        var unjoined = await TraceAsync(cloud, a, b);
        Assert.Equal((TraceVerdicts.Dropped, DropReasons.DifferentNetworks), (unjoined.Verdict, unjoined.ReasonCode));

        var router = await cloud.Routers.CreateAsync(new RouterSpec(Scenario.Demo, "r1"));
        await cloud.Routers.AddInterfaceAsync(router.Id, sub1.Id);
        await cloud.Routers.AddInterfaceAsync(router.Id, sub2.Id);
        var routed = await TraceAsync(cloud, a, b);

        Assert.True(routed.Delivered, routed.Reason);
        var hop = routed.Hops.Single(h => h.Kind == "router");
        Assert.Equal($"qrouter-{router.Id}", hop.Device);
        Assert.Contains("10.0.1.0/24", hop.Detail);
        Assert.Equal(2, routed.Hops.Count(h => h.Kind == "router-port"));
        Assert.Contains(routed.Hops, h => h.Kind == "wire");
        Assert.True(routed.Reply!.Delivered, routed.Reply.Reason);
    }

    [Fact]
    public async Task An_address_nobody_has_is_no_route()
    {
        var (cloud, _, vm01, _, _) = await SeedAsync();
        await using var _c = cloud;

        var onSubnet = await cloud.Get<PacketTracer>().TraceAsync(new TraceRequest(vm01.Id, DestinationIp: "10.0.0.250"));
        var elsewhere = await cloud.Get<PacketTracer>().TraceAsync(new TraceRequest(vm01.Id, DestinationIp: "8.8.8.8"));

        Assert.Equal(DropReasons.NoRoute, onSubnet.ReasonCode);
        Assert.Equal(DropReasons.NoRoute, elsewhere.ReasonCode);
        Assert.Contains("8.8.8.8", elsewhere.Reason);
    }

    [Fact]
    public async Task Beyond_a_routers_external_gateway_is_no_route_saying_where_it_would_go()
    {
        var (cloud, network, vm01, _, _) = await SeedAsync();
        await using var _c = cloud;
        var external = await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "public") { External = true, Provider = new Segment("flat", "physnet1") });
        await cloud.Subnets.CreateAsync(new SubnetSpec(external.Id, "172.24.4.0/24"));
        var router = await cloud.Routers.CreateAsync(new RouterSpec(Scenario.Demo, "r1") { ExternalGateway = new GatewayInfo(external.Id) });
        await cloud.Routers.AddInterfaceAsync(router.Id, (await cloud.Subnets.ListAsync(network.Id)).Single().Id);

        var trace = await cloud.Get<PacketTracer>().TraceAsync(new TraceRequest(vm01.Id, DestinationIp: "8.8.8.8"));

        Assert.Equal(DropReasons.NoRoute, trace.ReasonCode);
        Assert.Contains("router r1 would send it out of its gateway on public", trace.Reason);
    }

    [Fact]
    public async Task Security_groups_decide_at_the_destination_qbr_naming_the_rule_and_replies_pass_statefully()
    {
        var (cloud, network, vm01, _, _) = await SeedAsync();
        await using var _c = cloud;
        var web = await cloud.SecurityGroups.CreateAsync(Scenario.Demo, "web");
        var server = (await cloud.Ports.ListAsync(deviceId: (await cloud.Instances.LaunchAsync(
            new InstanceSpec(Scenario.Demo, "web1", [network.Id]) { HostName = "compute2", SecurityGroups = [web.Id] })).Id)).Single();
        await cloud.WireAsync();

        var denied = await TraceAsync(cloud, vm01, server, "tcp", 80);
        Assert.Equal((TraceVerdicts.Dropped, DropReasons.SecurityGroup), (denied.Verdict, denied.ReasonCode));
        Assert.Contains(HybridFirewall.Fallback, denied.Hops[^1].Detail);
        Assert.Equal($"qbr{server.Id[..11]}", denied.Hops[^1].Device);

        var rule = await cloud.SecurityGroups.AddRuleAsync(web.Id, new SecurityGroupRuleSpec("ingress", Protocol: "tcp", PortRangeMin: 80, PortRangeMax: 80, RemoteIpPrefix: "0.0.0.0/0"));
        var allowed = await TraceAsync(cloud, vm01, server, "tcp", 80);
        Assert.True(allowed.Delivered, allowed.Reason);
        Assert.Contains(rule.Id, allowed.Hops.Single(h => h.Device == $"qbr{server.Id[..11]}").Detail);

        // The reply enters VM01 although VM01's groups allow nothing from web1: conntrack knows the connection.
        Assert.True(allowed.Reply!.Delivered, allowed.Reply.Reason);
        Assert.Contains("established", allowed.Reply.Hops.Single(h => h.Device == $"qbr{vm01.Id[..11]}").Detail);
        // A new connection the other way is not a reply, and VM01's default group only admits its members.
        var reverse = await TraceAsync(cloud, server, vm01, "tcp", 80);
        Assert.Equal(DropReasons.SecurityGroup, reverse.ReasonCode);
        Assert.Contains("ingress", reverse.Reason);
    }

    [Fact]
    public async Task Removing_the_rule_that_allowed_it_drops_it_again()
    {
        var (cloud, _, vm01, _, vm05) = await SeedAsync();
        await using var _c = cloud;
        var group = (await cloud.SecurityGroups.ListAsync(Scenario.Demo)).Single(g => g.Name == "default");
        var admitted = await TraceAsync(cloud, vm01, vm05);
        var deciding = admitted.Hops.Single(h => h.Device == $"qbr{vm05.Id[..11]}").Detail;
        var ruleId = (await cloud.QueryAsync(db => Task.FromResult(db.SecurityGroupRules.Where(r => r.SecurityGroupId == group.Id && r.Direction == "ingress" && r.EtherType == "IPv4").Select(r => r.Id).ToList()))).Single();
        Assert.Contains(ruleId, deciding);

        await cloud.SecurityGroups.DeleteRuleAsync(ruleId);

        Assert.Equal(DropReasons.SecurityGroup, (await TraceAsync(cloud, vm01, vm05)).ReasonCode);
    }

    [Fact]
    public async Task Admin_down_ports_are_isolated_on_the_dead_vlan()
    {
        var (cloud, _, vm01, vm02, _) = await SeedAsync();
        await using var _c = cloud;

        await cloud.Ports.UpdateAsync(vm01.Id, new PortChanges { AdminStateUp = false });
        var fromDown = await TraceAsync(cloud, vm01, vm02);
        await cloud.Ports.UpdateAsync(vm01.Id, new PortChanges { AdminStateUp = true });
        await cloud.WireAsync();
        await cloud.Ports.UpdateAsync(vm02.Id, new PortChanges { AdminStateUp = false });
        var toDown = await TraceAsync(cloud, vm01, vm02);

        Assert.Equal(DropReasons.IsolatedVlan, fromDown.ReasonCode);
        var drop = fromDown.Hops[^1];
        Assert.Equal(("br-int", "drop"), (drop.Device, drop.Actions));
        // As in OVS, the tables see an access port's packet untagged: Neutron's port_dead flow drops it by in_port.
        Assert.Contains($"priority=2,in_port=\"qvo{vm01.Id[..11]}\"", drop.Flow);
        Assert.Equal((0, "dead VLAN 4095"), (drop.Table, drop.Tag));
        Assert.Equal(DropReasons.IsolatedVlan, toDown.ReasonCode);
        Assert.Contains("destination port is administratively down", toDown.Reason);
    }

    [Fact]
    public async Task A_dead_agent_or_an_unwired_port_drops_it()
    {
        var (cloud, network, vm01, _, vm05) = await SeedAsync();
        await using var _c = cloud;

        await cloud.Get<SimulatedAgents>().StopAgentAsync("compute2");
        var agentDead = await TraceAsync(cloud, vm01, vm05);
        await cloud.Get<SimulatedAgents>().StartAgentAsync("compute2");
        var building = await TraceAsync(cloud, vm01, vm05); // BUILD again until the agent wires it

        Assert.Equal(DropReasons.AgentDead, agentDead.ReasonCode);
        Assert.Equal("compute1 -> compute2", agentDead.Hops[^1].Host);
        Assert.Equal(DropReasons.PortDown, building.ReasonCode);
        Assert.Contains("BUILD", building.Reason);
    }

    [Fact]
    public async Task Bad_requests_are_invalid_input()
    {
        var (cloud, _, vm01, vm02, _) = await SeedAsync();
        await using var _c = cloud;
        var tracer = cloud.Get<PacketTracer>();

        await Assert.ThrowsAsync<Errors.InvalidInputException>(() => tracer.TraceAsync(new TraceRequest(vm01.Id, DestinationIp: "10.0.0.3", Protocol: "tcp")));
        await Assert.ThrowsAsync<Errors.InvalidInputException>(() => tracer.TraceAsync(new TraceRequest(vm01.Id, Protocol: "icmp")));
        await Assert.ThrowsAsync<Errors.InvalidInputException>(() => tracer.TraceAsync(new TraceRequest(vm01.Id, DestinationIp: "10.0.0.3", Protocol: "sctp")));
        await Assert.ThrowsAsync<Errors.InvalidInputException>(() => tracer.TraceAsync(new TraceRequest(vm01.Id, DestinationIp: "not-an-ip")));
        await Assert.ThrowsAsync<Errors.NotFoundException>(() => tracer.TraceAsync(new TraceRequest(Guid.NewGuid().ToString(), DestinationPortId: vm02.Id)));
    }
}
