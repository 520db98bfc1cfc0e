using Dashboard.Core.Agents;
using Dashboard.Core.Errors;
using Dashboard.Core.Networking;
using Dashboard.Core.Routers;
using Dashboard.Core.Tests.Support;

namespace Dashboard.Core.Tests.Routers;

public class NetworkNodeTests
{
    [Fact]
    public async Task A_router_is_scheduled_to_the_l3_agent_and_its_ports_are_bound_on_its_host()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();

        Assert.Equal("network1", node.Router.L3AgentHost);
        var ports = await node.RouterPortsAsync();
        Assert.Equal([DeviceOwners.RouterGateway, DeviceOwners.RouterInterface], ports.Select(p => p.DeviceOwner).Order());
        Assert.All(ports, p => Assert.Equal(("network1", VifTypes.Ovs, PortStatus.Build), (p.BindingHostId, p.VifType, p.Status)));

        await node.Cloud.WireAsync();

        Assert.All(await node.RouterPortsAsync(), p => Assert.Equal(PortStatus.Active, p.Status));
        var l3 = Assert.Single(await node.Agents.L3AgentsOfRouterAsync(node.Router.Id));
        Assert.Equal(("network1", AgentTypes.L3, "neutron-l3-agent"), (l3.Host, l3.AgentType, l3.Binary));
        Assert.Equal([node.Router.Id], (await node.Agents.RoutersOfAgentAsync(l3.Id)).Select(r => r.Id));
    }

    [Fact]
    public async Task Without_an_l3_agent_a_router_is_hosted_nowhere_and_its_ports_stay_unbound()
    {
        await using var node = await NetworkNodeCloud.CreateAsync(networkNode: false);

        Assert.Null(node.Router.L3AgentHost);
        Assert.All(await node.RouterPortsAsync(), p => Assert.Equal(("", PortStatus.Down), (p.BindingHostId, p.Status)));
        Assert.Empty(await node.Agents.L3AgentsOfRouterAsync(node.Router.Id));
    }

    [Fact]
    public async Task Routers_go_to_the_l3_agent_with_the_fewest_routers_and_never_to_a_disabled_one()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();
        await node.Cloud.Nodes.RegisterAsync("network2", ["physnet1:br-eth1:eth1"], "192.168.56.20", agents: [AgentTypes.L3]);

        var second = await node.Cloud.Routers.CreateAsync(new RouterSpec(Scenario.Demo, "r2"));
        var l3OnNetwork2 = (await node.Agents.ListAsync()).Single(a => a.Host == "network2" && a.AgentType == AgentTypes.L3);
        await node.Agents.UpdateAsync(l3OnNetwork2.Id, adminStateUp: false, description: null);
        var third = await node.Cloud.Routers.CreateAsync(new RouterSpec(Scenario.Demo, "r3"));

        Assert.Equal("network2", second.L3AgentHost);
        Assert.Equal("network1", third.L3AgentHost);
    }

    [Fact]
    public async Task An_admin_moves_a_router_between_l3_agents_and_its_ports_follow()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();
        await node.Cloud.Nodes.RegisterAsync("network2", ["physnet1:br-eth1:eth1"], "192.168.56.20", agents: [AgentTypes.L3]);
        var agents = await node.Agents.ListAsync();
        var (first, second) = (agents.Single(a => a.Host == "network1" && a.AgentType == AgentTypes.L3), agents.Single(a => a.Host == "network2" && a.AgentType == AgentTypes.L3));

        var hosted = await Assert.ThrowsAsync<ConflictException>(() => node.Agents.AddRouterAsync(second.Id, node.Router.Id));
        var notHosted = await Assert.ThrowsAsync<NotFoundException>(() => node.Agents.RemoveRouterAsync(second.Id, node.Router.Id));
        var notL3 = await Assert.ThrowsAsync<NotFoundException>(() => node.Agents.AddRouterAsync(agents.Single(a => a.AgentType == AgentTypes.Dhcp).Id, node.Router.Id));
        await node.Agents.RemoveRouterAsync(first.Id, node.Router.Id);
        var unhosted = await node.RouterPortsAsync();
        await node.Agents.AddRouterAsync(second.Id, node.Router.Id);

        Assert.Equal("RouterHostedByL3Agent", hosted.Type);
        Assert.Equal("RouterNotHostedByL3Agent", notHosted.Type);
        Assert.Equal("InvalidL3Agent", notL3.Type);
        Assert.All(unhosted, p => Assert.Equal(("", PortStatus.Down), (p.BindingHostId, p.Status)));
        Assert.All(await node.RouterPortsAsync(), p => Assert.Equal(("network2", PortStatus.Build), (p.BindingHostId, p.Status)));
        Assert.Equal("network2", (await node.Cloud.Routers.GetAsync(node.Router.Id)).L3AgentHost);
    }

    [Fact]
    public async Task A_dhcp_subnet_gets_the_networks_dhcp_port_on_the_dhcp_agent_from_its_pool()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();

        var dhcp = Assert.Single(await node.Cloud.Ports.ListAsync(node.Private.Id), p => p.DeviceOwner == DeviceOwners.Dhcp);
        Assert.Equal(("network1", Scenario.Demo, "10.0.0.2"), (dhcp.BindingHostId, dhcp.ProjectId, dhcp.FixedIps.Single().IpAddress));
        Assert.Matches($"^dhcp[0-9a-f-]{{36}}-{node.Private.Id}$", dhcp.DeviceId);
        Assert.Equal(DhcpScheduler.DeviceId("network1", node.Private.Id), dhcp.DeviceId);
        Assert.Equal("10.0.0.3", node.Vm01.FixedIps.Single().IpAddress);
        Assert.DoesNotContain(await node.Cloud.Ports.ListAsync(node.Public.Id), p => p.DeviceOwner == DeviceOwners.Dhcp);
        var agent = Assert.Single(await node.Agents.DhcpAgentsOfNetworkAsync(node.Private.Id));
        Assert.Contains(node.Private.Id, await node.Agents.NetworksOfAgentAsync(agent.Id));
    }

    [Fact]
    public async Task The_dhcp_port_is_counted_in_the_projects_ports_but_never_refused_by_the_port_quota()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();
        await node.Cloud.Quotas.SetAsync(Scenario.Demo, new Dictionary<string, long> { ["port"] = 0 });

        var network = await node.Cloud.Networks.CreateAsync(new NetworkSpec(Scenario.Demo, "full"));
        await node.Cloud.Subnets.CreateAsync(new SubnetSpec(network.Id, "10.7.0.0/24"));

        Assert.Single(await node.Cloud.Ports.ListAsync(network.Id), p => p.DeviceOwner == DeviceOwners.Dhcp);
        Assert.Equal(4, (await node.Cloud.Quotas.GetUsageAsync(Scenario.Demo))["port"].Used);
    }

    [Fact]
    public async Task The_dhcp_port_follows_the_subnets_that_want_dhcp()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();
        async Task<List<string>> DhcpIpsAsync() => (await node.Cloud.Ports.ListAsync(node.Private.Id)).Where(p => p.DeviceOwner == DeviceOwners.Dhcp)
            .SelectMany(p => p.FixedIps.Select(a => a.IpAddress)).Order().ToList();

        var second = await node.Cloud.Subnets.CreateAsync(new SubnetSpec(node.Private.Id, "10.0.5.0/24"));
        var withTwo = await DhcpIpsAsync();
        await node.Cloud.Subnets.UpdateAsync(node.PrivateSubnet.Id, new SubnetChanges { EnableDhcp = false });
        var withOne = await DhcpIpsAsync();
        await node.Cloud.Subnets.DeleteAsync(second.Id);
        var withNone = await DhcpIpsAsync();

        Assert.Equal(["10.0.0.2", "10.0.5.2"], withTwo);
        Assert.Equal(["10.0.5.2"], withOne);
        Assert.Empty(withNone);
        Assert.DoesNotContain(await node.Cloud.Ports.ListAsync(node.Private.Id), p => p.DeviceOwner == DeviceOwners.Dhcp);
    }

    [Fact]
    public async Task An_admin_moves_a_network_off_and_back_onto_a_dhcp_agent()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();
        var dhcpAgent = (await node.Agents.ListAsync()).Single(a => a.AgentType == AgentTypes.Dhcp);

        var hosted = await Assert.ThrowsAsync<ConflictException>(() => node.Agents.AddNetworkAsync(dhcpAgent.Id, node.Private.Id));
        await node.Agents.RemoveNetworkAsync(dhcpAgent.Id, node.Private.Id);
        var off = await node.Agents.DhcpAgentsOfNetworkAsync(node.Private.Id);
        var notHosted = await Assert.ThrowsAsync<NotFoundException>(() => node.Agents.RemoveNetworkAsync(dhcpAgent.Id, node.Private.Id));
        await node.Agents.AddNetworkAsync(dhcpAgent.Id, node.Private.Id);

        Assert.Equal("NetworkHostedByDHCPAgent", hosted.Type);
        Assert.Empty(off);
        Assert.Equal("NetworkNotHostedByDhcpAgent", notHosted.Type);
        Assert.Equal("network1", Assert.Single(await node.Agents.DhcpAgentsOfNetworkAsync(node.Private.Id)).Host);
    }

    [Fact]
    public async Task Instances_are_not_scheduled_on_the_network_node()
    {
        await using var node = await NetworkNodeCloud.CreateAsync();

        var hosts = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            hosts.Add((await node.Cloud.Instances.LaunchAsync(new Dashboard.Core.Hosts.InstanceSpec(Scenario.Demo, $"vm{i}", [node.Private.Id]))).HostName);
        }

        Assert.DoesNotContain("network1", hosts);
    }

    [Fact]
    public async Task Stopping_the_l3_agent_takes_router_ports_and_floating_ips_down_and_starting_it_brings_them_back()
    {
        await using var node = await NetworkNodeCloud.CreateAsync(new Dictionary<string, string?> { ["Agent:ProcessingDelayMilliseconds"] = "0" });
        var agents = node.Cloud.Get<SimulatedAgents>();
        using var stop = new CancellationTokenSource();
        await agents.StartAsync(stop.Token);
        try
        {
            var floatingIp = await node.FloatingIps.CreateAsync(new FloatingIpSpec(Scenario.Demo, node.Public.Id) { PortId = node.Vm01.Id });
            async Task<string> StateAsync()
            {
                var ports = await node.Cloud.Ports.ListAsync();
                return $"router ports {string.Join(",", ports.Where(p => p.DeviceId == node.Router.Id).Select(p => p.Status).Distinct())}; "
                    + $"VM01 {ports.Single(p => p.Id == node.Vm01.Id).Status}; DHCP {ports.Single(p => p.DeviceOwner == DeviceOwners.Dhcp).Status}; "
                    + $"floating IP {(await node.FloatingIps.GetAsync(floatingIp.Id)).Status}";
            }
            const string active = "router ports ACTIVE; VM01 ACTIVE; DHCP ACTIVE; floating IP ACTIVE";

            await Eventually.EqualAsync(active, StateAsync);
            await agents.StopAgentAsync("network1", AgentTypes.L3);
            var stopped = await StateAsync();
            await agents.StartAgentAsync("network1", AgentTypes.L3);
            await Eventually.EqualAsync(active, StateAsync);
            await agents.StopAgentAsync("network1", AgentTypes.Dhcp);
            var dhcpStopped = await StateAsync();

            Assert.Equal("router ports DOWN; VM01 ACTIVE; DHCP ACTIVE; floating IP DOWN", stopped);
            Assert.Equal("router ports ACTIVE; VM01 ACTIVE; DHCP DOWN; floating IP ACTIVE", dhcpStopped);
        }
        finally
        {
            await agents.StopAsync(CancellationToken.None);
        }
    }
}
