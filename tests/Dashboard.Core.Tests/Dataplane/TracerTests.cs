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
    public async Task Between_subnets_it_goes_through_the_routers_namespace_on_the_network_node_otherwise_different_networks()
    {
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.Nodes.RegisterAsync("network1", ["physnet1:br-eth1:eth1"], "192.168.56.10", agents: [AgentTypes.L3]);
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
        await cloud.WireAsync();
        var routed = await TraceAsync(cloud, a, b);

        Assert.True(routed.Delivered, routed.Reason);
        var hop = routed.Hops.Single(h => h.Kind == "router");
        Assert.Equal(($"qrouter-{router.Id}", "network1"), (hop.Device, hop.Host));
        Assert.Contains("10.0.1.0/24 dev qr-", hop.Detail);
        Assert.Equal(2, routed.Hops.Count(h => h.Kind == "router-port"));
        Assert.All(routed.Hops.Where(h => h.Kind == "router-port"), h => Assert.Equal("network1", h.Host));
        // compute1 -> network1 on net1's VLAN, then network1 -> compute2 on net2's.
        Assert.Equal(["compute1 -> network1", "network1 -> compute2"], routed.Hops.Where(h => h.Kind == "wire").Select(h => h.Host));
        Assert.True(routed.Reply!.Delivered, routed.Reply.Reason);
        Assert.Equal("network1", routed.Reply.Hops.Single(h => h.Kind == "router").Host);
    }

    [Fact]
    public async Task A_router_no_l3_agent_hosts_or_whose_agent_is_dead_drops_it_as_router_down()
    {
        await using var noAgent = await NetworkNodeCloud.CreateAsync(networkNode: false);
        await noAgent.Cloud.WireAsync();
        var unhosted = await noAgent.Cloud.Get<PacketTracer>().TraceAsync(new TraceRequest(noAgent.Vm01.Id, DestinationIp: "8.8.8.8"));

        await using var node = await NetworkNodeCloud.CreateAsync();
        await node.Cloud.WireAsync();
        await node.Cloud.Get<SimulatedAgents>().StopAgentAsync("network1", AgentTypes.L3);
        var dead = await node.Cloud.Get<PacketTracer>().TraceAsync(new TraceRequest(node.Vm01.Id, DestinationIp: "8.8.8.8"));

        Assert.Equal(DropReasons.RouterDown, unhosted.ReasonCode);
        Assert.Contains("not hosted by any L3 agent", unhosted.Reason);
        Assert.Equal(DropReasons.RouterDown, dead.ReasonCode);
        Assert.Contains("L3 agent on network1 is dead", dead.Reason);
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
    public async Task Out_of_the_gateway_it_is_snatted_to_the_routers_address_and_leaves_by_the_network_nodes_nic()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();
        await node.Cloud.WireAsync();
        var (qr, qg) = ((await node.RouterPortsAsync()).Single(p => p.DeviceOwner == DeviceOwners.RouterInterface).Id[..11], (await node.RouterPortsAsync()).Single(p => p.DeviceOwner == DeviceOwners.RouterGateway).Id[..11]);

        var trace = await node.Cloud.Get<PacketTracer>().TraceAsync(new TraceRequest(node.Vm01.Id, DestinationIp: "8.8.8.8"));

        Assert.True(trace.Delivered, trace.Reason);
        var fromRouter = trace.Hops.SkipWhile(h => h.Device != $"qr-{qr}").Select(h => (h.Host, h.Device, h.Kind)).ToList();
        Assert.Equal(("network1", $"qr-{qr}", "router-port"), fromRouter[0]);
        Assert.Equal(("network1", $"qrouter-{node.Router.Id}", "router"), fromRouter[1]);
        Assert.Equal(("network1", $"qrouter-{node.Router.Id}", "nat"), fromRouter[2]);
        Assert.Equal(("network1", $"qg-{qg}", "router-port"), fromRouter[3]);
        Assert.Equal([("network1", "eth1", "nic"), ("network1 -> outside", "eth1 -> outside", "wire"), ("outside", "8.8.8.8", "outside")], fromRouter.TakeLast(3));
        Assert.Contains("default via 172.24.4.1", trace.Hops.Single(h => h.Kind == "router").Detail);
        Assert.Contains("SNAT 10.0.0.3 -> 172.24.4.2", trace.Hops.Single(h => h.Kind == "nat").Detail);
        Assert.Contains("-j SNAT --to-source 172.24.4.2", trace.Hops.Single(h => h.Kind == "nat").Detail);
        Assert.Equal("untagged", trace.Hops.Single(h => h.Kind == "wire" && h.Host.EndsWith("outside")).Tag);
        Assert.Equal("left the cloud for 8.8.8.8 from 172.24.4.2", trace.Reason);
    }

    [Fact]
    public async Task A_subnet_in_the_external_subnets_address_scope_leaves_the_router_with_its_own_address_and_one_outside_it_is_snatted()
    {
        // The external subnet and a tenant subnet from pools of one shared scope: Neutron's address-scope routing, no NAT between them.
        await using var cloud = await TestCloud.CreateAsync();
        await cloud.Nodes.RegisterAsync("network1", ["physnet1:br-eth1:eth1"], "192.168.56.10", agents: [AgentTypes.L3, AgentTypes.Dhcp]);
        await cloud.RegisterHostsAsync();
        var scope = await cloud.Get<Dashboard.Core.Ipam.AddressScopeService>().CreateAsync("admin", "routable", 4, shared: true);
        var pools = cloud.Get<Dashboard.Core.Ipam.SubnetPoolService>();
        var publicPool = await pools.CreateAsync(new Dashboard.Core.Ipam.SubnetPoolSpec("admin", ["198.51.100.0/24"]) { AddressScopeId = scope.Id, DefaultPrefixLen = 24 });
        var tenantPool = await pools.CreateAsync(new Dashboard.Core.Ipam.SubnetPoolSpec("admin", ["203.0.113.0/24"]) { AddressScopeId = scope.Id, DefaultPrefixLen = 26, Shared = true });
        var external = await cloud.Networks.CreateAsync(new NetworkSpec("admin", "public") { External = true, Provider = new Segment("flat", "physnet1") });
        await cloud.Subnets.CreateAsync(new SubnetSpec(external.Id, null) { SubnetPoolId = publicPool.Id, EnableDhcp = false });
        var (scoped, unscoped) = (await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "scoped")), await cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "plain")));
        var scopedSubnet = await cloud.Subnets.CreateAsync(new SubnetSpec(scoped.Id, null) { SubnetPoolId = tenantPool.Id });
        var plainSubnet = await cloud.Subnets.CreateAsync(new SubnetSpec(unscoped.Id, "10.0.0.0/24"));
        var router = await cloud.Routers.CreateAsync(new RouterSpec(Scenario.Demo, "edge") { ExternalGateway = new(external.Id) });
        await cloud.Routers.AddInterfaceAsync(router.Id, scopedSubnet.Id);
        await cloud.Routers.AddInterfaceAsync(router.Id, plainSubnet.Id);
        var (inScope, outOfScope) = (await cloud.LaunchAsync("VM01", "compute1", scoped.Id), await cloud.LaunchAsync("VM02", "compute1", unscoped.Id));
        await cloud.WireAsync();
        var tracer = cloud.Get<PacketTracer>();

        var routed = await tracer.TraceAsync(new TraceRequest(inScope.Id, DestinationIp: "8.8.8.8"));
        var snatted = await tracer.TraceAsync(new TraceRequest(outOfScope.Id, DestinationIp: "8.8.8.8"));

        var own = inScope.FixedIps[0].IpAddress;
        Assert.True(routed.Delivered, routed.Reason);
        Assert.Equal($"left the cloud for 8.8.8.8 from {own}", routed.Reason);
        Assert.Contains($"-A neutron-l3-agent-snat -s {scopedSubnet.Cidr} -o qg-", routed.Hops.Single(h => h.Kind == "nat").Detail);
        Assert.Contains("-j SNAT --to-source 198.51.100.", snatted.Hops.Single(h => h.Kind == "nat").Detail);
        Assert.StartsWith("left the cloud for 8.8.8.8 from 198.51.100.", snatted.Reason);
        // The rule the tracer quotes is the one the L3 agent writes, ahead of the router's SNAT.
        var layout = (await cloud.Nodes.LayoutAsync("network1")).Routers.Single();
        var rules = layout.NatRules.ToList();
        var noSnat = rules.FindIndex(r => r.StartsWith($"-A neutron-l3-agent-snat -s {scopedSubnet.Cidr} ", StringComparison.Ordinal));
        Assert.InRange(noSnat, 0, rules.FindIndex(r => r.Contains("-j SNAT --to-source", StringComparison.Ordinal) && r.Contains("-o qg-", StringComparison.Ordinal)) - 1);
        Assert.DoesNotContain(rules, r => r.Contains("-s 10.0.0.0/24", StringComparison.Ordinal));

        // Between the two internal subnets (one scoped, one not) the router routes nothing, as Neutron's scope chain drops it.
        var across = await tracer.TraceAsync(new TraceRequest(inScope.Id, DestinationPortId: outOfScope.Id));
        Assert.Equal(DropReasons.AddressScope, across.ReasonCode);
        Assert.Contains($"address scope {scope.Id}", across.Reason);
        Assert.Contains("no address scope", across.Reason);
        Assert.Equal(2, layout.FilterRules.Count(r => r.EndsWith(" -j DROP", StringComparison.Ordinal) && !r.Contains("conntrack", StringComparison.Ordinal))); // each way
        Assert.Contains(layout.FilterRules, r => r.StartsWith("-A neutron-l3-agent-scope -i qg-", StringComparison.Ordinal) && r.Contains("! --ctstate RELATED,ESTABLISHED,DNAT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_static_route_of_the_router_decides_before_its_default_route()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();
        await node.Cloud.Routers.UpdateAsync(node.Router.Id, new RouterChanges { Routes = [new Dashboard.Core.Ipam.HostRoute("203.0.113.0/24", "172.24.4.254")] });
        await node.Cloud.WireAsync();

        var routed = await node.Cloud.Get<PacketTracer>().TraceAsync(new TraceRequest(node.Vm01.Id, DestinationIp: "203.0.113.5"));
        var byDefault = await node.Cloud.Get<PacketTracer>().TraceAsync(new TraceRequest(node.Vm01.Id, DestinationIp: "8.8.8.8"));

        Assert.True(routed.Delivered, routed.Reason);
        Assert.Matches(@"^203\.0\.113\.5: 203\.0\.113\.0/24 via 172\.24\.4\.254 dev qg-", routed.Hops.Single(h => h.Kind == "router").Detail);
        Assert.Matches(@"^8\.8\.8\.8: default via 172\.24\.4\.1 dev qg-", byDefault.Hops.Single(h => h.Kind == "router").Detail);
    }

    [Fact]
    public async Task With_a_floating_ip_it_leaves_from_that_address_and_without_a_gateway_it_does_not_leave()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();
        var floatingIp = await node.Cloud.Get<FloatingIpService>().CreateAsync(new FloatingIpSpec(Scenario.Demo, node.Public.Id) { PortId = node.Vm01.Id });
        await node.Cloud.WireAsync();

        var withFip = await node.Cloud.Get<PacketTracer>().TraceAsync(new TraceRequest(node.Vm01.Id, DestinationIp: "8.8.8.8"));
        await node.Cloud.Get<FloatingIpService>().UpdateAsync(floatingIp.Id, new FloatingIpChanges { Disassociate = true });
        await node.Cloud.Routers.UpdateAsync(node.Router.Id, new RouterChanges { ClearGateway = true });
        var noGateway = await node.Cloud.Get<PacketTracer>().TraceAsync(new TraceRequest(node.Vm01.Id, DestinationIp: "8.8.8.8"));

        Assert.True(withFip.Delivered, withFip.Reason);
        Assert.Contains($"SNAT 10.0.0.3 -> {floatingIp.FloatingIpAddress}", withFip.Hops.Single(h => h.Kind == "nat").Detail);
        Assert.Contains("float-snat", withFip.Hops.Single(h => h.Kind == "nat").Detail);
        Assert.Equal(DropReasons.NoGateway, noGateway.ReasonCode);
    }

    [Fact]
    public async Task From_the_outside_a_floating_ip_is_dnatted_to_the_instance_and_its_security_groups_decide()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();
        var floatingIp = await node.Cloud.Get<FloatingIpService>().CreateAsync(new FloatingIpSpec(Scenario.Demo, node.Public.Id) { PortId = node.Vm01.Id });
        await node.Cloud.WireAsync();
        Task<TraceResult> FromOutside(string to) => node.Cloud.Get<PacketTracer>().TraceAsync(new TraceRequest("", DestinationIp: to) { ExternalSourceIp = "203.0.113.9" });

        var denied = await FromOutside(floatingIp.FloatingIpAddress);
        var group = (await node.Cloud.SecurityGroups.ListAsync(Scenario.Demo)).Single(g => g.Name == "default");
        var rule = await node.Cloud.SecurityGroups.AddRuleAsync(group.Id, new SecurityGroupRuleSpec("ingress", Protocol: "icmp", RemoteIpPrefix: "0.0.0.0/0"));
        var allowed = await FromOutside(floatingIp.FloatingIpAddress);
        var spare = await node.Cloud.Get<FloatingIpService>().CreateAsync(new FloatingIpSpec(Scenario.Demo, node.Public.Id));
        var unassociated = await FromOutside(spare.FloatingIpAddress);
        var notOurs = await FromOutside("198.51.100.7");

        Assert.Equal(DropReasons.SecurityGroup, denied.ReasonCode);
        Assert.Equal($"qbr{node.Vm01.Id[..11]}", denied.Hops[^1].Device);
        Assert.True(allowed.Delivered, allowed.Reason);
        Assert.Equal(("outside", "outside -> network1"), (allowed.Hops[0].Host, allowed.Hops[1].Host));
        Assert.Contains($"DNAT {floatingIp.FloatingIpAddress} -> 10.0.0.3", allowed.Hops.Single(h => h.Kind == "nat").Detail);
        Assert.Equal(["outside -> network1", "network1 -> compute1"], allowed.Hops.Where(h => h.Kind == "wire").Select(h => h.Host));
        Assert.Contains(rule.Id, allowed.Hops.Single(h => h.Device == $"qbr{node.Vm01.Id[..11]}").Detail);
        Assert.Contains("from 203.0.113.9", allowed.Hops[^1].Detail);
        Assert.Equal(DropReasons.NoFloatingIp, unassociated.ReasonCode);
        Assert.Equal(DropReasons.NoRoute, notOurs.ReasonCode);
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
