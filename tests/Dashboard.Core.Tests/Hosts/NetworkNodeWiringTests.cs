using Dashboard.Core.Hosts;
using Dashboard.Core.Networking;
using Dashboard.Core.Routers;
using Dashboard.Core.Tests.Support;

namespace Dashboard.Core.Tests.Hosts;

public class NetworkNodeWiringTests
{
    [Fact]
    public async Task The_network_node_has_the_routers_and_dhcp_namespaces_with_internal_ports_on_br_int_and_no_hybrid_plug()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();
        var ports = await node.RouterPortsAsync();
        var (qr, qg) = (ports.Single(p => p.DeviceOwner == DeviceOwners.RouterInterface), ports.Single(p => p.DeviceOwner == DeviceOwners.RouterGateway));
        var dhcp = (await node.Cloud.Ports.ListAsync(node.Private.Id)).Single(p => p.DeviceOwner == DeviceOwners.Dhcp);

        var layout = await node.Cloud.Nodes.LayoutAsync("network1");

        Assert.Empty(layout.Vifs);
        var router = Assert.Single(layout.Routers);
        Assert.Equal($"qrouter-{node.Router.Id}", router.Namespace);
        Assert.Equal(($"qr-{qr.Id[..11]}", "10.0.0.1/24"), (router.Interfaces.Single().Name, router.Interfaces.Single().Cidrs.Single()));
        Assert.Equal(($"qg-{qg.Id[..11]}", "172.24.4.2/24"), (router.Gateway!.Name, router.Gateway.Cidrs.Single()));
        var server = Assert.Single(layout.DhcpServers);
        Assert.Equal(($"qdhcp-{node.Private.Id}", $"tap{dhcp.Id[..11]}"), (server.Namespace, server.Tap.Name));
        var brInt = layout.Bridge("br-int")!;
        var vlans = layout.Networks.ToDictionary(n => n.NetworkId, n => n.LocalVlan);
        Assert.Contains(new OvsPort($"qr-{qr.Id[..11]}", OvsPortKind.Internal, vlans[node.Private.Id], PortId: qr.Id), brInt.Ports);
        Assert.Contains(new OvsPort($"qg-{qg.Id[..11]}", OvsPortKind.Internal, vlans[node.Public.Id], PortId: qg.Id), brInt.Ports);
        Assert.Contains(new OvsPort($"tap{dhcp.Id[..11]}", OvsPortKind.Internal, vlans[node.Private.Id], PortId: dhcp.Id), brInt.Ports);
        Assert.Empty((await node.Cloud.Get<Dashboard.Core.Dataplane.DataplaneService>().ForHostAsync("network1")).FirewallPorts);
    }

    [Fact]
    public async Task The_router_namespace_routes_its_subnets_and_nats_as_the_l3_agent_does()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();
        var floatingIp = await node.FloatingIps.CreateAsync(new FloatingIpSpec(Scenario.Demo, node.Public.Id) { PortId = node.Vm01.Id });

        var router = (await node.Cloud.Nodes.LayoutAsync("network1")).Routers.Single();
        var (qr, qg) = (router.Interfaces.Single().Name, router.Gateway!.Name);

        Assert.Equal([$"10.0.0.0/24 dev {qr} proto kernel scope link src 10.0.0.1", $"172.24.4.0/24 dev {qg} proto kernel scope link src 172.24.4.2", $"default via 172.24.4.1 dev {qg}"], router.Routes.Select(r => r.ToString()));
        Assert.Equal(
        [
            $"-A neutron-l3-agent-POSTROUTING ! -i {qg} ! -o {qg} -m conntrack ! --ctstate DNAT -j ACCEPT",
            $"-A neutron-l3-agent-PREROUTING -d {floatingIp.FloatingIpAddress}/32 -i {qg} -j DNAT --to-destination 10.0.0.3",
            $"-A neutron-l3-agent-OUTPUT -d {floatingIp.FloatingIpAddress}/32 -j DNAT --to-destination 10.0.0.3",
            $"-A neutron-l3-agent-float-snat -s 10.0.0.3/32 -j SNAT --to-source {floatingIp.FloatingIpAddress}",
            $"-A neutron-l3-agent-snat -o {qg} -j SNAT --to-source 172.24.4.2",
            $"-A neutron-l3-agent-snat -m mark ! --mark 0x2/0xffff -m conntrack --ctstate DNAT -j SNAT --to-source 172.24.4.2",
        ], router.NatRules);

        await node.Cloud.Routers.UpdateAsync(node.Router.Id, new RouterChanges { ExternalGateway = new GatewayInfo(node.Public.Id, EnableSnat: false) });
        var withoutSnat = (await node.Cloud.Nodes.LayoutAsync("network1")).Routers.Single();
        Assert.DoesNotContain(withoutSnat.NatRules, r => r.Contains("neutron-l3-agent-snat", StringComparison.Ordinal));
        Assert.Contains(withoutSnat.NatRules, r => r.Contains("float-snat", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dnsmasq_gets_a_host_line_per_address_and_the_subnets_router_and_dns_options()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();
        await node.Cloud.Subnets.UpdateAsync(node.PrivateSubnet.Id, new SubnetChanges { DnsNameservers = ["8.8.8.8"] });

        var server = (await node.Cloud.Nodes.LayoutAsync("network1")).DhcpServers.Single();

        Assert.Contains($"{node.Vm01.MacAddress},host-10-0-0-3.openstacklocal.,10.0.0.3", server.HostsFile);
        Assert.Equal(["10.0.0.1", "10.0.0.2", "10.0.0.3"], server.HostsFile.Select(l => l.Split(',')[2]));
        var tag = $"tag:subnet-{node.PrivateSubnet.Id}";
        Assert.Equal([$"{tag},option:dns-server,8.8.8.8", $"{tag},option:classless-static-route,0.0.0.0/0,10.0.0.1", $"{tag},option:router,10.0.0.1"], server.OptsFile);
    }

    [Fact]
    public async Task A_ports_extra_dhcp_options_are_tagged_for_it_alone_for_the_ip_versions_it_has_and_an_ipv6_subnet_gets_no_ipv4_router_option()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();
        var v6 = await node.Cloud.Subnets.CreateAsync(new SubnetSpec(node.Private.Id, "fd00:1::/64") { DnsNameservers = ["fd00:1::53"] });
        var vm01 = await node.Cloud.Ports.GetAsync(node.Vm01.Id);
        Assert.DoesNotContain(vm01.FixedIps, a => a.SubnetId == v6.Id); // made before the IPv6 subnet: an IPv4 address only
        await node.Cloud.Ports.UpdateAsync(node.Vm01.Id, new PortChanges
        {
            ExtraDhcpOpts = [new("bootfile-name", "pxelinux.0"), new("66", "10.9.9.9"), new("router", ""), new("dns-server", "[fd00::1]", 6)],
        });

        var server = (await node.Cloud.Nodes.LayoutAsync("network1")).DhcpServers.Single();

        var port = $"port-{node.Vm01.Id}";
        Assert.Equal($"{node.Vm01.MacAddress},host-10-0-0-3.openstacklocal.,10.0.0.3,set:{port}", server.HostsFile.Single(l => l.Contains(",10.0.0.3", StringComparison.Ordinal)));
        Assert.All(server.HostsFile.Where(l => !l.Contains(",10.0.0.3", StringComparison.Ordinal)), l => Assert.DoesNotContain("set:", l, StringComparison.Ordinal));
        // Its IPv6 option is left out: it has no IPv6 address to be served on.
        Assert.Equal([$"tag:{port},option:bootfile-name,pxelinux.0", $"tag:{port},66,10.9.9.9", $"tag:{port},option:router"], server.OptsFile.Where(l => l.Contains(port, StringComparison.Ordinal)));
        var v6Tag = $"tag:subnet-{v6.Id}";
        Assert.Equal([$"{v6Tag},option6:dns-server,[fd00:1::53]"], server.OptsFile.Where(l => l.StartsWith(v6Tag, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_admin_down_router_port_is_parked_on_the_dead_vlan_and_dropped_by_in_port_as_a_vms_is()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();
        var qr = (await node.RouterPortsAsync()).Single(p => p.DeviceOwner == DeviceOwners.RouterInterface);

        await node.Cloud.Ports.UpdateAsync(qr.Id, new PortChanges { AdminStateUp = false });
        var plane = await node.Cloud.Get<Dashboard.Core.Dataplane.DataplaneService>().ForHostAsync("network1");

        Assert.Equal(HostWiring.DeadVlan, plane.Layout.Routers.Single().Interfaces.Single().LocalVlan);
        Assert.Contains(plane.Flows["br-int"], f => f.Table == 0 && f.Priority == 2 && f.Match.InPort == $"qr-{qr.Id[..11]}" && f.Actions.Count == 0);
        var trace = await node.Cloud.Get<Dashboard.Core.Dataplane.PacketTracer>().TraceAsync(new Dashboard.Core.Dataplane.TraceRequest(node.Vm01.Id, DestinationIp: "8.8.8.8"));
        Assert.False(trace.Delivered);
    }
}
